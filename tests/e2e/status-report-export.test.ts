// Export what I see: from the filtered agreements list, the status report downloads in the chosen format and language.
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  screenshot,
  sidewaysOverflow,
  startWithExampleData,
  topBarDefects,
} from "./harness";

const run = browserAvailable();

describe.skipIf(!run)("status report export from the agreements list", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("downloads the filtered list as an Excel workbook in French", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements?theme=legal_aid`);
    await page.locator(".card").first().waitFor();
    // An amendment is a card of its own in the list, and a line in the row of what it amends in the report.
    const shown = await page
      .locator(".card")
      .filter({ hasNot: page.locator(".tag-quiet", { hasText: /^Amendment$/ }) })
      .count();
    expect(shown).toBeGreaterThan(3);
    await page.getByText("Export", { exact: true }).click();
    await page.getByLabel("Format").selectOption("xlsx");
    await page.getByLabel("Language of the report").selectOption("fr");
    await screenshot(page, "40-export-panel");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rapport-de-situation-\d{4}-\d{2}-\d{2}-fr\.xlsx$/);
    const path = join(tmpdir(), `export-${Date.now()}.xlsx`);
    await download.saveAs(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(path)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    // The filter leaves agreements with local partners only: one sheet, and no associations.
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["1. Partenaires locaux"]);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(2).text).toBe("Noms des partenaires");
    expect((sheet?.rowCount ?? 0) - 1).toBe(shown);
    const partners = Array.from({ length: shown }, (_, i) => sheet?.getRow(i + 2).getCell(2).text ?? "");
    expect(partners.some((p) => p.startsWith("Rwanda Bridges to Justice"))).toBe(true);
    await page.getByText(/rapport-de-situation-.*\.xlsx/).waitFor();
  });

  it("downloads the whole report as Word as of an earlier day, on a phone-sized screen", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${server.url}/agreements`);
    await page.locator(".card").first().waitFor();
    await page.getByText("Export", { exact: true }).click();
    await page.getByLabel("Format").selectOption("docx");
    await page.getByLabel("As of").fill("2021-12-31");
    await screenshot(page, "41-export-panel-360");
    await page.screenshot({ path: "tests/e2e/screenshots/41-export-panel-360-top.png" });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("status-report-2021-12-31-en.docx");
    const path = join(tmpdir(), `export-${Date.now()}.docx`);
    await download.saveAs(path);
    const xml =
      (await (await JSZip.loadAsync(await readFile(path))).file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain("As of 31 December 2021");
    expect(xml).toContain("Rwanda Bridges to Justice");
    // Signed in 2022: not yet in a report as of the end of 2021.
    expect(xml).not.toContain("Lawyers of Hope");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("downloads the whole register as a PDF in Kinyarwanda from the overview", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements/overview`);
    await page.locator(".stats .stat").first().waitFor();
    await page.getByText("Export", { exact: true }).click();
    await page.getByLabel("Format").selectOption("pdf");
    await page.getByLabel("Language of the report").selectOption("rw");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^raporo-y-uko-bihagaze-\d{4}-\d{2}-\d{2}-rw\.pdf$/);
    const path = join(tmpdir(), `export-${Date.now()}.pdf`);
    await download.saveAs(path);
    const { totalPages, text } = await extractText(
      await getDocumentProxy(new Uint8Array(await readFile(path))),
      {
        mergePages: true,
      },
    );
    expect(totalPages).toBeGreaterThanOrEqual(4);
    expect(text).toContain("Amazina y’abafatanyabikorwa");
    expect(text).toContain("3. Imiryango mpuzamahanga y’abafatanyabikorwa");
    await screenshot(page, "43-export-overview");
  });

  it("re-dates the example's progress, loaded with the day of loading, to the day its report was as of", async () => {
    const { page } = browser;
    // The example data writes the report's achievements as typed that day: a load of the kind imports made before
    // they asked for the report's day (decision 042).
    await page.goto(`${server.url}/import`);
    await page.getByRole("link", { name: "Re-date loaded reports" }).click();
    await page.getByRole("heading", { name: "Re-date loaded status reports" }).waitFor();
    const load = page.locator("li.card").first();
    await load.getByText(/progress entries still dated/).waitFor();
    await load.getByLabel("This report was as of").fill("30");
    await load.getByLabel("Month").selectOption({ label: "June" });
    await load.getByLabel("Year").fill("2024");
    await load.getByRole("button", { name: "Re-date…" }).click();
    const question = load.getByRole("heading", { name: "Re-date this load as of 30 June 2024?" });
    await expect.poll(() => question.evaluate((h) => h === document.activeElement)).toBe(true);
    await screenshot(page, "44-redate-confirm");
    await load.getByRole("button", { name: "Re-date", exact: true }).click();
    await load.getByText(/^Done: this load is now as of 30 June 2024\./).waitFor();
    await screenshot(page, "44a-redate-done");
    await page.reload();
    await page.getByText(/Nothing is left to re-date/).waitFor();
  });

  it("names the field when the day is refused", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements`);
    await page.locator(".card").first().waitFor();
    await page.getByText("Export", { exact: true }).click();
    // The date input's max keeps a person from picking tomorrow; a typed-in future day is refused by the server.
    await page.getByLabel("As of").evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await page.getByLabel("As of").fill("2199-01-01");
    await page.getByRole("button", { name: "Download" }).click();
    await page.getByText(/As of: The report describes a past day or today/).waitFor();
    await screenshot(page, "42-export-refused");
  });

  it("fits an agreement page and the themes page at 1366 and 360 px in three languages, editing behind buttons", async () => {
    const { page } = browser;
    const list = (await (await page.request.get(`${server.url}/api/agreements?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const agreementUrl = `${server.url}/agreements/${list.items[0]?.id}`;
    try {
      // The top bar in each language at 1366 px; a phone in Kinyarwanda, whose words are the longest. English last,
      // for the steps after this one.
      const views = [
        [360, "rw"],
        [1366, "fr"],
        [1366, "rw"],
        [1366, "en"],
      ] as const;
      for (const [width, lang] of views) {
        await page.setViewportSize({ width, height: 900 });
        {
          await page.goto(agreementUrl);
          await page.locator(".timeline").first().waitFor();
          if (width === 360) await page.locator(".menu-button").click();
          await page.locator(".language-switcher select").first().selectOption(lang);
          await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
          if (width === 1366) expect(await topBarDefects(page)).toEqual([]);
          else await page.locator(".menu-button").click();
          // Readers scroll past no form: the three editing forms wait behind their buttons.
          expect(await page.locator("main form.form-inline-card").count()).toBe(0);
          expect(await page.locator(".edit-behind-button button").count()).toBe(3);
          expect(await sidewaysOverflow(page)).toBe(0);
          // Full-page pictures are slow: one language per width (Kinyarwanda's words are the longest).
          if (lang === "rw") await screenshot(page, `44-agreement-${width}-${lang}`);
          await page.goto(`${server.url}/admin/themes`);
          await page.locator(".stack-table").locator("tbody tr").first().waitFor();
          expect(await sidewaysOverflow(page)).toBe(0);
          // Every "Edit" on one line and inside the window ("Edi/t" was its second line).
          const buttons = await page.locator(".stack-table .row-actions .button").evaluateAll((els) =>
            els.map((el) => ({
              height: el.getBoundingClientRect().height,
              right: el.getBoundingClientRect().right,
            })),
          );
          expect(buttons.length).toBeGreaterThan(10);
          for (const b of buttons) {
            expect(b.height).toBeLessThan(50);
            expect(b.right).toBeLessThanOrEqual(width);
          }
          if (lang === "rw") await screenshot(page, `45-themes-${width}-${lang}`);
        }
      }
      // The buttons open their forms, which take the focus; Cancel puts the button back, focused.
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(agreementUrl);
      await page.getByRole("button", { name: "Change status" }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe(await page.getByLabel("New status").getAttribute("id"));
      await page.getByRole("button", { name: "Cancel" }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Change status");
      await page.getByRole("button", { name: "Attach a file" }).click();
      await page.getByLabel("Kind of document").waitFor();
      await page.getByRole("button", { name: "Add progress" }).click();
      await page.getByLabel("What happened or what is planned").waitFor();
      expect(await page.locator("main form.form-inline-card").count()).toBe(2);
      // Destinations under "More" are reached by keyboard, and Escape closes the list onto its button.
      await page.getByRole("button", { name: "More" }).focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Timeliness");
      expect(await page.locator("#nav-more-list").getByRole("link", { name: "Themes" }).isVisible()).toBe(
        true,
      );
      await page.keyboard.press("Escape");
      expect(await page.locator("#nav-more-list").isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("More");
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("says which words a misspelt search was run for, and lists the best match first (issue 22)", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements?q=bridgs`);
    await page
      .getByRole("status")
      .filter({ hasText: /^Showing results for “bridges/ })
      .waitFor();
    // The Rwanda Bridges to Justice MoU and its amendment name the corrected word in their titles: they come first,
    // before agreements signed later that match a farther correction.
    const titles = await page.locator(".card .card-title").allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles[0]).toMatch(/Rwanda Bridges to Justice/);
    await screenshot(page, "44-search-corrected");
  });
});
