// An administrator on a 360 px phone opens "Activity" from a user's card and reads what that user did between two
// dates (the breach report of issue 17): the table, and the CSV download of the same window.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };

describe.skipIf(!run)("a user's activity in the browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData(PHONE));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-user-activity-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("from the users page to the table of what the administrator did today, and its CSV", async () => {
    const { page } = browser;
    // Something to find: an organisation the administrator creates now, through the API as the browser would.
    const created = await page.evaluate(async () => {
      const res = await fetch("/api/organisations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Activity Test Clinic", kind: "local_cso" }),
      });
      return res.status;
    });
    expect(created).toBe(201);

    await page.goto(`${server.url}/admin/users`);
    await page.getByRole("link", { name: "Activity" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Activity of a user" }).waitFor();
    await page.getByRole("button", { name: "Show", exact: true }).click();
    const table = page.getByTestId("user-activity");
    await table.waitFor();
    const row = table.locator("tr", { hasText: "Activity Test Clinic" });
    await row.waitFor();
    expect(await row.locator("td").nth(1).textContent()).toBe("Created");
    expect(await row.locator("td").nth(3).textContent()).toBe("organisation");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "user-activity-01-phone");

    const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(href).toMatch(
      /^\/api\/audit\/activity\.csv\?userId=[^&]+&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&lang=en$/,
    );
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href ?? "");
    expect(csv).toContain(",Created,organisation,");
    expect(csv).toContain("Activity Test Clinic");
  });
});
