// A programme officer brings a results table in: uploads the French Excel table on the example programme, sees each
// row's reading and that it is new, imports it, sees the outcome; the same table again changes nothing; a broken
// table is refused by row and column; a table makes a new programme from the programmes list. The administrator then
// changes the theme an IATI sector gives. Both at 360 px.
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  sidewaysOverflow,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const XLSX = resolve("fixtures/results-table-activites-fr.xlsx");

describe.skipIf(!run)("results tables and IATI sectors", () => {
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

  it("previews a results table row by row, imports it, and a second upload changes nothing", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("link", { name: "Programmes" }).first().click();
    await page.getByRole("button", { name: "Load the example programme" }).click();
    await page.getByRole("heading", { name: "Rwanda Counter Human Trafficking Joint Programme" }).waitFor({
      timeout: 60_000,
    });
    programmeUrl = page.url();
    await page.getByRole("link", { name: "Import a results table" }).click();
    await page.getByRole("heading", { name: "Import a results table" }).waitFor();
    await page.getByLabel("Results table").setInputFiles(XLSX);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByTestId("results-table-preview");
    await preview.waitFor({ timeout: 60_000 });
    expect(await page.getByText(/^Rows read: 4/).textContent()).toContain(
      "new: 4; to update: 0; unchanged: 0",
    );
    const radio = preview.getByRole("row", { name: /Campagne radio nationale/ });
    expect(await radio.textContent()).toContain("at least 50,000");
    expect(await radio.textContent()).toContain("sheet Résultats, row 5");
    expect(await preview.getByRole("row", { name: /Atelier avec les journalistes/ }).textContent()).toContain(
      "18 media professionals · 4 teachers",
    );
    await screenshot(page, "95-results-table-preview");

    await page.getByRole("button", { name: "Import the table" }).click();
    const done = page.getByRole("status").filter({ hasText: "Results table imported" });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain(
      "new events: 4; result values: 4; new indicators: 0; new activities: 4; rows imported before: 0 updated, 0 unchanged",
    );
    await screenshot(page, "96-results-table-imported");

    // The same file again: every row is shown unchanged, and importing it adds nothing.
    await page.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => page.getByText(/^Rows read: 4/).textContent(), { timeout: 60_000 })
      .toContain("new: 0; to update: 0; unchanged: 4");
    await page.getByRole("button", { name: "Import the table" }).click();
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Results table imported" }).textContent(), {
        timeout: 60_000,
      })
      .toContain("new events: 0; result values: 0; new indicators: 0; new activities: 0");
    await page.getByRole("link", { name: "See the programme" }).click();
    await page.getByRole("heading", { name: "Rwanda Counter Human Trafficking Joint Programme" }).waitFor();
    expect(await page.getByText("Campagne radio nationale").count()).toBeGreaterThan(0);
  });

  it("shows a corrected row as an update with what it replaces, and updates it", async () => {
    const { page } = browser;
    await page.goto(`${programmeUrl}/results-table`);
    await page.getByLabel("Results table").setInputFiles({
      name: "resultats-corriges.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Activité;Personnes atteintes\nCampagne radio nationale;Plus de 60 000\n"),
    });
    await page.getByRole("button", { name: "Preview" }).click();
    const row = page.getByTestId("results-table-preview").getByRole("row", { name: /Campagne radio/ });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toContain("at least 60,000");
    expect(await row.textContent()).toContain("update (recorded now: at least 50,000)");
    await screenshot(page, "96a-results-table-update");
    await page.getByRole("button", { name: "Import the table" }).click();
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Results table imported" }).textContent(), {
        timeout: 60_000,
      })
      .toContain(
        "new events: 0; result values: 0; new indicators: 0; new activities: 0; rows imported before: 1 updated, 0 unchanged",
      );
  });

  it("refuses a table with a nameless row, naming its row and column", async () => {
    const { page } = browser;
    await page.goto(`${programmeUrl}/results-table`);
    await page.getByLabel("Results table").setInputFiles({
      name: "broken.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Activity;People reached\nRadio talk shows;Nationwide\n;40 teachers\n"),
    });
    await page.getByRole("button", { name: "Preview" }).click();
    const problems = page.getByTestId("results-table-problems");
    await problems.waitFor({ timeout: 60_000 });
    const row = problems.getByRole("row", { name: /row 3/ });
    expect(await row.textContent()).toContain("Activity");
    expect(await row.textContent()).toContain("name the activity or indicator");
    expect(await page.getByRole("alert").textContent()).toContain("Nothing was imported.");
    await screenshot(page, "97-results-table-refused");
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "97a-results-table-refused-360");
    await page.getByLabel("Results table").setInputFiles(XLSX);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByTestId("results-table-preview").waitFor({ timeout: 60_000 });
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "97b-results-table-preview-360");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("makes a new programme from its results table, from the programmes list", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/programmes`);
    await page.getByRole("link", { name: "Import a results table" }).click();
    await page.getByRole("heading", { name: "A new programme from its results table" }).waitFor();
    await page.getByLabel("Results table").setInputFiles(XLSX);
    // Nothing said about the programme yet: each field says what it needs, and the table is not read.
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("Choose the lead organisation.").waitFor();
    expect(await page.getByTestId("results-table-preview").count()).toBe(0);
    await page.getByLabel("Title").fill("Community healing in Musanze");
    const lead = page.getByRole("combobox", { name: /Find an organisation/ });
    await lead.fill("Migration");
    await page
      .getByRole("listbox")
      .getByRole("option", { name: /International Organization for Migration/ })
      .first()
      .click();
    await page.getByLabel(/^Start/).fill("2024-01-01");
    await page.getByLabel(/^End/).fill("2024-12-31");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByTestId("results-table-preview").waitFor({ timeout: 60_000 });
    expect(await page.getByText(/^Rows read: 4/).textContent()).toContain("new: 4; to update: 0");
    await page.getByRole("button", { name: "Import the table" }).click();
    await page.getByRole("status").filter({ hasText: "Results table imported" }).waitFor({ timeout: 60_000 });
    // Made once: the form cannot send the same programme again.
    expect(await page.getByRole("button", { name: "Preview" }).isDisabled()).toBe(true);
    await screenshot(page, "96b-results-table-new-programme");
    await page.getByRole("link", { name: "Open the new programme" }).click();
    await page.getByRole("heading", { name: "Community healing in Musanze" }).waitFor();
    expect(await page.getByText("Campagne radio nationale").count()).toBeGreaterThan(0);
  });

  it("lets the administrator change the theme an IATI sector gives", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin/themes`);
    await page.getByRole("link", { name: "IATI sectors and the themes they give" }).click();
    const table = page.getByTestId("sector-themes");
    await table.waitFor();
    const select = page.getByLabel("Theme of sector 15113", { exact: true });
    expect(await select.inputValue()).toBe("");
    expect(await page.getByLabel("Theme of sector 15130", { exact: true }).inputValue()).toBe("legal_aid");
    await select.selectOption({ label: "Human rights" });
    await page.getByRole("button", { name: "Save the theme of sector 15113" }).click();
    await page.getByRole("status").filter({ hasText: "Sector 15113 now gives: Human rights." }).waitFor();
    // Reloaded from the server: the choice is kept.
    await page.reload();
    await expect
      .poll(() => page.getByLabel("Theme of sector 15113", { exact: true }).inputValue())
      .not.toBe("");
    await screenshot(page, "98-iati-sector-themes");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, "98b-iati-sector-themes-top.png") });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await sidewaysOverflow(page)).toBe(0);
    // The whole list is some 70 cards long at 360 px: the picture is of what the administrator sees first.
    await page.getByLabel("Theme of sector 15113", { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, "98a-iati-sector-themes-360.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("speaks French at 360 px: where each row is, what it is read as, what it will do", async () => {
    const { page } = browser;
    await page.goto(`${programmeUrl}/results-table`);
    await page.getByLabel("Language").first().selectOption("fr");
    await page.getByRole("heading", { name: "Importer un tableau de résultats" }).waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByLabel("Tableau de résultats").setInputFiles(XLSX);
    await page.getByRole("button", { name: "Aperçu" }).click();
    const preview = page.getByTestId("results-table-preview");
    await preview.waitFor({ timeout: 60_000 });
    const radio = preview.getByRole("row", { name: /Campagne radio nationale/ });
    expect(await radio.textContent()).toContain("feuille Résultats, ligne 5");
    expect(await radio.textContent()).toContain("au moins 50");
    // The corrected CSV above raised it to 60,000: this table would put 50,000 back.
    expect(await radio.textContent()).toMatch(/mise à jour \(enregistré aujourd’hui : au moins 60\s000\)/);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "99-results-table-preview-360-fr");
  });
});
