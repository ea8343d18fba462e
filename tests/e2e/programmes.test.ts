// A CSO officer's path through programmes: load the example programme, record a school talk with 903 students
// in Kirehe, see people reached go up on the dashboard; a negative count is refused; the same on a 360 px phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();

describe.skipIf(!run)("programmes, events and dashboards", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let programmeUrl = "";

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("loads the seed 001 programme and shows its people-reached table", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("link", { name: "Programmes" }).first().click();
    await page.getByRole("button", { name: "Load the example programme" }).click();
    await page.getByRole("heading", { name: "Rwanda Counter Human Trafficking Joint Programme" }).waitFor({
      timeout: 60_000,
    });
    programmeUrl = page.url();
    const table = page.getByTestId("people-reached-table");
    await table.getByRole("row", { name: /School presentations/ }).waitFor();
    expect(await table.getByRole("row", { name: /School presentations/ }).textContent()).toContain(
      "903 students",
    );
    expect(await table.getByRole("row", { name: /Radio talk shows/ }).textContent()).toContain("Nationwide");
    await screenshot(page, "60-programme-page");
  });

  it("shows the dashboard with charts beside their tables", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => page.getByTestId("people-reached").textContent()).toBe("1,542");
    await page.locator(".chart-canvas svg").first().waitFor();
    expect(await page.locator("figure.chart").count()).toBe(4);
    expect(
      await page
        .getByTestId("reach-by-district")
        .getByRole("row", { name: /Kirehe/ })
        .textContent(),
    ).toContain("903");
    await screenshot(page, "61-programme-dashboard");
  });

  it("refuses a negative count, naming the field, and records nothing", async () => {
    const { page } = browser;
    await page.goto(programmeUrl);
    const form = page.getByRole("form", { name: "Record an event" });
    await form.getByLabel("Date").fill("2012-10-10");
    await form.getByLabel("What took place").fill("School talk in Nyarubuye");
    await form.getByLabel("Number", { exact: true }).fill("-5");
    await form.getByRole("button", { name: "Save the event" }).click();
    await form.locator(".field-error").first().waitFor();
    expect(await form.locator(".field-error").first().textContent()).toBe("A count cannot be negative.");
    await screenshot(page, "62-event-negative-count");
  });

  it("records a school talk with 903 students in Kirehe and people reached goes up", async () => {
    const { page } = browser;
    const form = page.getByRole("form", { name: "Record an event" });
    await form.getByLabel("Kind of event").selectOption("school_talk");
    await form.getByLabel("District").selectOption({ label: "Kirehe" });
    await form.getByLabel("Logframe activity").selectOption({ label: "School presentations" });
    await form.getByLabel("Category").selectOption("students");
    await form.getByLabel("Number", { exact: true }).fill("903");
    await screenshot(page, "63-event-form");
    await form.getByRole("button", { name: "Save the event" }).click();
    await page.locator(".timeline-entry", { hasText: "School talk in Nyarubuye" }).waitFor();
    const table = page.getByTestId("people-reached-table");
    await expect
      .poll(() => table.getByRole("row", { name: /School presentations/ }).textContent())
      .toContain("1,806 students");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await expect.poll(() => page.getByTestId("people-reached").textContent()).toBe("2,445");
    await expect
      .poll(() =>
        page
          .getByTestId("reach-by-district")
          .getByRole("row", { name: /Kirehe/ })
          .textContent(),
      )
      .toContain("1,806");
    await page.locator(".chart-canvas svg").first().waitFor();
    await screenshot(page, "64-dashboard-after-event");
  });

  it("registers a new programme with a donor, districts and a theme, then adds an outcome in place", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/programmes/new`);
    await page.getByLabel(/^Title\b/).fill("Legal aid in Kirehe");
    await page
      .getByLabel(/^Lead organisation\b/)
      .selectOption({ label: "International Organization for Migration Rwanda" });
    await page.getByLabel(/^Start\b/).fill("2026-01-01");
    await page.getByLabel(/^End\b/).fill("2026-12-31");
    await page
      .getByLabel("Donor", { exact: true })
      .selectOption({ label: "United Nations Global Initiative to Fight Human Trafficking" });
    await page.getByLabel("Funding amount").fill("-10");
    await page.getByLabel("Districts").selectOption([{ label: "Kirehe" }, { label: "Ngoma" }]);
    await page.getByLabel("Legal aid", { exact: true }).check();
    await page.getByLabel(/^Objective\b/).fill("People in Kirehe get legal aid");
    await page.getByRole("button", { name: "Register the programme" }).click();
    // A negative amount is refused under its field; nothing is registered.
    await page.getByText("An amount cannot be negative.").waitFor();
    expect(page.url()).toContain("/programmes/new");
    await page.getByLabel("Funding amount").fill("25000");
    await page.getByRole("button", { name: "Register the programme" }).click();
    await page.getByRole("heading", { name: "Legal aid in Kirehe" }).waitFor();
    expect(await page.locator(".facts").textContent()).toContain("(25,000 USD)");
    expect(await page.locator(".facts").textContent()).toContain("Kirehe, Ngoma");
    await expect.poll(() => page.locator(".facts").textContent()).toContain("Themes");
    await expect.poll(() => page.locator(".facts").textContent()).toContain("Legal aid");
    await page.getByRole("button", { name: "Add an outcome" }).click();
    await page.getByLabel("outcome").fill("Detainees know their rights");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Detainees know their rights").waitFor();
    await screenshot(page, "67-new-programme");
  });

  it("works on a 360 px phone: programme page and dashboard without sideways scrolling", async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/sign-in`);
      await page.locator('input[type="email"]').fill("aline@rcs.example");
      await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
      await page.locator('button[type="submit"]').click();
      await page.locator(".stats").waitFor();
      await page.goto(programmeUrl);
      await page.getByTestId("people-reached-table").waitFor();
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, "65-programme-phone");
      await page.goto(`${programmeUrl}/dashboard`);
      await page.locator(".chart-canvas svg").first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, "66-dashboard-phone");
      await page.goto(`${server.url}/programmes/dashboard`);
      await expect.poll(() => page.getByTestId("people-reached").textContent()).toBe("2,445");
    } finally {
      await phone.close();
    }
  });
});
