// A cooperation officer imports the RCS status report: upload, check the preview, correct a theme, import with progress;
// then a file with rows in error, leaving those rows out and importing the rest.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();

/** The screen as the user sees it, scrolled to `selector` (the full-page shots are too tall to read). */
async function screenAt(page: Page, selector: string, name: string): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
const FIXTURE = fileURLToPath(new URL("../../fixtures/status-report-rcs-000.txt", import.meta.url));
const OTHER_FIELDS = fileURLToPath(new URL("../../fixtures/status-report-other-fields.csv", import.meta.url));
const ROW_PROBLEMS = fileURLToPath(new URL("../../fixtures/status-report-row-problems.csv", import.meta.url));

describe.skipIf(!run)("importing a status report", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("previews the file: counts, rows with places read, warnings, column mapping, organisations", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.goto(`${server.url}/agreements`);
    await page.getByRole("link", { name: "Import a status report" }).click();
    await page.getByRole("heading", { name: "Import a status report" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(FIXTURE);
    await page.getByLabel("Institution keeping the register").fill("Rwanda Correctional Service");
    // The report's own day: its undated achievements are recorded on it, not on the day of loading.
    await page.getByLabel("This report is as of").fill("2024-06-30");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Rows", exact: true }).waitFor({ timeout: 60_000 });

    const count = (label: string) =>
      page
        .locator(".counts tr", { has: page.getByText(label, { exact: true }) })
        .locator("td")
        .textContent();
    expect(await count("Agreements to create")).toBe("26");
    expect(await count("Organisations to create")).toBe("34");
    expect(await count("Memberships")).toBe("4");
    // A row's problems are listed with the row, which can be left out.
    await page
      .locator('[data-location="line 19"]')
      .getByText("AREA(S) FOR IMPLEMENTATION: No known place is named here")
      .waitFor();
    expect(
      await page
        .locator('[data-location="line 19"]')
        .getByRole("checkbox", { name: "Leave out line 19" })
        .isChecked(),
    ).toBe(false);
    const byumba = page.locator('[data-row="1.2"]');
    expect(
      await byumba
        .getByText(
          "Musanze Correctional Facility, Gicumbi Correctional Facility, Nyagatare Correctional Facility",
        )
        .count(),
    ).toBe(1);
    expect(
      await byumba
        .getByText("Musanze: read as Musanze Correctional Facility, not the district or the sector")
        .count(),
    ).toBe(1);
    expect(await page.locator('[data-row="1.18"] .card-title').textContent()).toBe(
      "MoU between RCS and MINECOFIN, Stirling Foundation and The Church of Jusus Christ of Latter-Day Saint in Rwanda",
    );
    await screenshot(page, "40-import-preview");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, "40a-import-preview-top.png") });
    await screenAt(page, "h3 >> text=Organisations", "40b-import-preview-organisations");
    await screenAt(page, '[data-row="1.2"]', "40c-import-preview-rows");

    // The column mapping can be corrected; the preview follows.
    const section = page.locator("details", { hasText: "MoUs with Local Partners and RCS" });
    await section.locator("summary").click();
    const achievements = section.getByLabel("ACHIEVEMENTS", { exact: true });
    // Each choice is followed by a new preview; wait for it to be shown (or an error) before the next.
    const previewShown = async () => {
      await expect.poll(() => page.getByText("Please wait…").count(), { timeout: 60_000 }).toBe(0);
      expect(await page.getByRole("alert").count()).toBe(0);
    };
    const progressEntries = () => count("Progress entries to add");
    expect(await progressEntries()).toBe("75");
    await achievements.selectOption("ignore");
    await expect.poll(progressEntries, { timeout: 60_000 }).toBe("30");
    await previewShown();
    expect(await achievements.inputValue()).toBe("ignore");
    await achievements.selectOption("achievements");
    await expect.poll(progressEntries, { timeout: 60_000 }).toBe("75");
    await previewShown();
  });

  it("takes a theme correction, imports with a progress indicator, and the register holds it", async () => {
    const { page } = browser;
    await expect.poll(() => page.getByText("Please wait…").count()).toBe(0);
    const embassy = page.locator('[data-row="1.3"]');
    await embassy.getByLabel("Add a theme…").selectOption("staff_training");
    expect(await embassy.getByRole("checkbox", { name: "Staff training" }).isChecked()).toBe(true);
    // Watch for the progress bar moving: the import may be too quick to catch it otherwise.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector(".import-progress progress");
        if (bar instanceof HTMLProgressElement) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByRole("button", { name: "Import now" }).click();
    await page
      .getByText(/Imported: 26 new agreements, 34 new organisations, 4 memberships/)
      .waitFor({ timeout: 120_000 });
    await screenshot(page, "41-import-done");
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    await page.getByRole("link", { name: "See the agreements" }).click();
    await page.locator(".card").first().waitFor();
    await page.goto(`${server.url}/agreements?q=Netherland`);
    await page.getByText("MoU between RCS and Netherland Embassy in Rwanda").first().click();
    await page.getByText("Staff training").first().waitFor();
    // Its achievements are of the report's day, and say that the report gave no day of their own.
    await page.getByText("Date not reported (report as of 30 June 2024)").first().waitFor();
  });

  it("lists a column it does not map with a sample, leaves it out on request, else shows it on the agreement", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/import`);
    await page.locator('input[type="file"]').setInputFiles(OTHER_FIELDS);
    await page.getByLabel("Institution keeping the register").fill("Rwanda Correctional Service");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Columns not mapped" }).waitFor({ timeout: 60_000 });
    const focal = page.locator('[data-column="Focal person"]');
    await focal.getByText("Example: Jeanne Uwase 0788 000 111").waitFor();
    const choice = focal.getByLabel("What to do with the column “Focal person”");
    expect(await choice.inputValue()).toBe("other");
    const kept = () =>
      page
        .locator(".counts tr", { has: page.getByText("Other fields to keep", { exact: true }) })
        .locator("td")
        .textContent();
    expect(await kept()).toBe("1");
    await page
      .locator('[data-row="1.1"]')
      .getByText("Focal person: Jeanne Uwase", { exact: false })
      .waitFor();
    await choice.selectOption("ignore");
    await expect.poll(kept, { timeout: 60_000 }).toBe("0");
    await choice.selectOption("other");
    await expect.poll(kept, { timeout: 60_000 }).toBe("1");
    await expect.poll(() => page.getByText("Please wait…").count(), { timeout: 60_000 }).toBe(0);
    await screenAt(page, ".import-unmapped", "43-import-unmapped-columns");
    await page.getByRole("button", { name: "Import now" }).click();
    await page.getByText(/Imported: 2 new agreements/).waitFor({ timeout: 60_000 });
    await page.goto(`${server.url}/agreements?q=Haguruka`);
    await page.getByText("MoU between RCS and Haguruka").first().click();
    await page.getByRole("heading", { name: "Other fields from import" }).waitFor();
    expect(await page.locator(".agreement-other-fields dt").allTextContents()).toEqual(["Focal person"]);
    expect(await page.locator(".agreement-other-fields dd").allTextContents()).toEqual([
      "Jeanne Uwase\n0788 000 111",
    ]);
    await screenAt(page, ".agreement-other-fields", "44-agreement-other-fields");
  });

  it("refuses a file with rows in error until they are left out, one or all at once, then imports the rest", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/import`);
    await page.locator('input[type="file"]').setInputFiles(ROW_PROBLEMS);
    await page.getByLabel("Institution keeping the register").fill("Rwanda Correctional Service");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Rows with problems" }).waitFor({ timeout: 60_000 });
    const importButton = page.getByRole("button", { name: "Import now" });
    expect(await importButton.textContent()).toBe("Import now (2 rows to import)");
    expect(await importButton.isDisabled()).toBe(true);
    const row3 = page.locator('[data-location="row 3"]');
    await row3.getByText("Partner: The partner cell is empty.").waitFor();
    await page.locator('[data-location="row 5"]').getByText("Partner: The partner cell is empty.").waitFor();
    const leftOut = () =>
      page
        .locator(".counts tr", { has: page.getByText("Rows left out", { exact: true }) })
        .locator("td")
        .textContent();
    const previewShown = () =>
      expect.poll(() => page.getByText("Please wait…").count(), { timeout: 60_000 }).toBe(0);
    // One row left out: the other row's error still refuses the file.
    await row3.getByRole("checkbox", { name: "Leave out row 3" }).check();
    await expect.poll(leftOut, { timeout: 60_000 }).toBe("1");
    await previewShown();
    expect(await importButton.isDisabled()).toBe(true);
    await row3.getByText("left out: it will not be imported").waitFor();
    // Then every row with an error, in one action.
    await page.getByRole("button", { name: "Leave out the row with an error" }).click();
    await expect.poll(leftOut, { timeout: 60_000 }).toBe("2");
    await previewShown();
    expect(
      await page
        .locator('[data-location="row 5"]')
        .getByRole("checkbox", { name: "Leave out row 5" })
        .isChecked(),
    ).toBe(true);
    expect(await importButton.textContent()).toBe("Import now (2 rows to import, 2 rows left out)");
    expect(await importButton.isDisabled()).toBe(false);
    await screenAt(page, ".import-problem-rows", "45-import-rows-left-out");
    await importButton.click();
    const done = page.locator(".alert-success");
    await done.getByText(/Imported: 2 new agreements/).waitFor({ timeout: 60_000 });
    await done.getByText("2 rows were left out, as you asked:").waitFor();
    for (const row of ["row 3", "row 5"]) {
      const listed = done.locator(`[data-location="${row}"]`);
      await listed.getByText(`status-report-row-problems.csv, ${row}`).waitFor();
      await listed.getByText("Partner: The partner cell is empty.").waitFor();
    }
    await screenAt(page, ".alert-success", "46-import-done-rows-left-out");
    await page.goto(`${server.url}/agreements?q=Chaplaincy`);
    await page.getByText("MoU between RCS and Prison Chaplaincy Network (PCN)").first().waitFor();
  });

  it("fits a 360 px phone screen, in Kinyarwanda", async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/sign-in`);
      await page.locator('input[type="email"]').fill("aline@rcs.example");
      await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
      await page.locator('button[type="submit"]').click();
      await page.locator(".stats").waitFor();
      await page.goto(`${server.url}/import`);
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByLabel("Language").first().selectOption("rw");
      await page.locator('input[type="file"]').setInputFiles(FIXTURE);
      await page.getByLabel("Urwego rubika igitabo").fill("RCS");
      await page.getByRole("button", { name: "Incamake" }).click();
      await page.getByRole("heading", { name: "Imirongo", exact: true }).waitFor({ timeout: 60_000 });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await screenshot(page, "42-import-preview-360-rw");
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOT_DIR, "42a-import-preview-360-rw-top.png") });
      await screenAt(page, '[data-row="1.2"]', "42b-import-preview-360-rw-row");
    } finally {
      await phone.close();
    }
  });
});
