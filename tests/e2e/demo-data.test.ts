// First look: an empty register offers the RCS status report as example data; loading it fills every page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();

describe.skipIf(!run)("example data on first start", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    // A truly first start: the server creates its data folder (initdb, migrations, reference places) itself.
    ({ server, browser } = await startServerAndBrowser(undefined, {}, { emptyDataFolder: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("offers the status report on an empty register and loads it", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("heading", { name: "The register is empty" }).waitFor();
    await screenshot(page, "30-demo-offer");
    await page.getByRole("button", { name: "Load the example data" }).click();
    await page.getByText(/Loaded 27 agreements and \d+ organisations/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole("heading", { name: "The register is empty" }).count()).toBe(0);
    await expect.poll(() => page.locator(".stat-number").first().textContent()).toBe("27");
  });

  it("shows the loaded agreements with their dates as written, in Kinyarwanda too", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements?signedYear=2022`);
    await page.locator(".card").first().waitFor();
    expect(await page.getByText("written “June /2022”").count()).toBe(1);
    await screenshot(page, "31-demo-agreements-2022");
    await page.getByLabel("Language").first().selectOption("rw");
    await page.goto(`${server.url}/agreements/overview`);
    await page.locator(".stats .stat").first().waitFor();
    await screenshot(page, "32-demo-overview-rw");
  });
});
