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
  const consoleErrors: string[] = [];

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
    // The setup page (signed out) and the first home page log no error: no failed request, no 401.
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    // A too-short password is refused at its field, and the focus goes there (it stayed on the button).
    await page.goto(`${server.url}/setup`);
    await page.locator("form input").nth(0).fill("Aline Uwase");
    await page.locator('input[type="email"]').fill("aline@rcs.example");
    const password = page.locator('input[type="password"]');
    await password.fill("short");
    await page.locator('button[type="submit"]').click();
    await page.getByText("Use at least 12 characters.").waitFor();
    await expect.poll(() => password.evaluate((el) => el === document.activeElement)).toBe(true);
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("heading", { name: "The register is empty" }).waitFor();
    expect(consoleErrors).toEqual([]);
    await screenshot(page, "30-demo-offer");
    // The offer's number is the one loading then reports (26 rows and the E-HUZA amendment).
    expect(await page.locator(".demo-offer p").textContent()).toContain("27 agreements");
    await page.getByRole("button", { name: "Load the example data" }).click();
    await page.getByText(/Loaded 27 agreements and \d+ organisations/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole("heading", { name: "The register is empty" }).count()).toBe(0);
    await expect.poll(() => page.locator(".stat-number").first().textContent()).toBe("27");
  });

  it("points to programmes, the 3W and import, and keeps the API documentation out of the main menu", async () => {
    const { page } = browser;
    const next = page.locator("section", { has: page.getByRole("heading", { name: "Where to go next" }) });
    for (const [name, href] of [
      ["Browse the agreements register", "/agreements"],
      ["Follow programmes and their results", "/programmes"],
      ["See who does what where (3W)", "/coordination"],
      ["Import a status report or spreadsheet", "/import"],
    ]) {
      expect(await next.getByRole("link", { name }).getAttribute("href")).toBe(href);
    }
    expect(await page.locator('#main-nav a[href="/api/docs"]').count()).toBe(0);
    expect(await page.locator('footer a[href="/api/docs"]').textContent()).toBe("API documentation");
    await screenshot(page, "30b-demo-where-next");
  });

  it("shows the loaded agreements with their dates as written, in Kinyarwanda too", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements?signedYear=2022`);
    await page.locator(".card").first().waitFor();
    expect(await page.getByText("written “June /2022”").count()).toBe(1);
    await screenshot(page, "31-demo-agreements-2022");
    // Saved on the account before the next page loads (a navigation would cancel the request on its way).
    const saved = page.waitForResponse(
      (r) => r.url().endsWith("/api/me") && r.request().method() === "PATCH",
    );
    await page.getByLabel("Language").first().selectOption("rw");
    expect((await saved).status()).toBe(200);
    await page.goto(`${server.url}/agreements/overview`);
    await page.locator(".stats .stat").first().waitFor();
    await screenshot(page, "32-demo-overview-rw");
  });

  it("comes with detention monitoring: the occupancy ranking and the published recommendations at their stages", async () => {
    const { page } = browser;
    // The previous test left the interface in Kinyarwanda.
    await page.locator(".language-switcher select").first().selectOption("en");
    await page.goto(`${server.url}/monitoring/occupancy`);
    const firstRow = page.locator("tbody tr").first();
    await firstRow.waitFor();
    expect(await firstRow.textContent()).toContain("Muhanga Correctional Facility");
    expect(await firstRow.textContent()).toContain("238.8");
    await screenshot(page, "33-demo-occupancy");
    await page.goto(`${server.url}/monitoring/recommendations`);
    await page
      .getByText(/REC-\d{4}-\d+/)
      .first()
      .waitFor();
    // The administrator is neither the monitoring body nor the addressee: the two published recommendations only, not
    // the one of the unpublished Nyarugenge visit.
    expect(await page.getByText(/REC-\d{4}-\d+/).count()).toBe(2);
    expect(await page.getByText("weekend visiting day").count()).toBe(0);
    // The status as a list shows it, not the filter's option of the same name.
    const rows = page.locator("tr, li, article").filter({ hasText: /REC-\d{4}-\d+/ });
    expect(await rows.filter({ hasText: "Partly implemented" }).count()).toBe(1);
    expect(await rows.filter({ hasText: "Overdue" }).count()).toBe(1);
    await screenshot(page, "34-demo-recommendations");
  });

  it("logs no console error on the signed-out pages", async () => {
    const { page } = browser;
    await page.context().clearCookies();
    consoleErrors.length = 0;
    // The listener is live (set in the first test): an error the page logs shows up here.
    await page.evaluate(() => console.error("probe"));
    await expect.poll(() => consoleErrors.length).toBe(1);
    consoleErrors.length = 0;
    for (const [path, heading] of [
      ["/sign-in", "Sign in"],
      ["/forgot-password", "Forgot your password"],
      ["/", "Sign in"],
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole("heading", { name: heading }).waitFor();
    }
    expect(consoleErrors).toEqual([]);
  });
});
