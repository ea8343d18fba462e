// Programme dashboards as a donor officer reads them: each chart beside its table, fully on screen at 1280 px and
// 360 px, downloads as PNG, SVG and Excel (the table's data, headers in the reader's language), and events the
// report gives no date for are shown as "date not reported", never in the programme's first month.
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasShared } from "../shared-data";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  sidewaysOverflow,
  signUpFirstAdministrator,
  startServerAndBrowser,
  topBarDefects,
} from "./harness";

const run = browserAvailable();
const OFFICIAL = resolve(
  process.env.IATI_SHARED_DIR ?? "../shared/data/iati",
  "samples/iati-2.03-official-annotated-example.xml",
);

/** A downloaded workbook's first sheet as rows of cell values. */
async function sheetRows(download: Download): Promise<(string | number | null)[][]> {
  const path = join(tmpdir(), `dashboard-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const sheet = workbook.worksheets[0];
  const rows: (string | number | null)[][] = [];
  sheet?.eachRow((row) => {
    const cells: (string | number | null)[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(typeof v === "string" || typeof v === "number" ? v : null);
    }
    rows.push(cells);
  });
  return rows;
}

/** What sticks out: elements wider than their section, and chart labels outside their chart. */
function layoutDefects(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const section of document.querySelectorAll("section")) {
      const box = section.getBoundingClientRect();
      for (const el of section.querySelectorAll("table, figure, svg")) {
        const r = el.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1)
          out.push(
            `${el.tagName} in "${section.querySelector("h2")?.textContent}" sticks out by ${Math.round(r.right - box.right)} px`,
          );
      }
    }
    for (const svg of document.querySelectorAll(".chart-canvas svg")) {
      const box = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll("text")) {
        const r = text.getBoundingClientRect();
        if (r.width === 0) continue;
        if (
          r.left < box.left - 1 ||
          r.right > box.right + 1 ||
          r.top < box.top - 1 ||
          r.bottom > box.bottom + 1
        )
          out.push(`label "${text.textContent}" cut off in "${svg.getAttribute("aria-label")}"`);
      }
    }
    return out;
  });
}

describe.skipIf(!run)("programme dashboards", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dashboardUrl = "";

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the seed 001 dashboard at 1280 px with every table and label inside its place", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("link", { name: "Programmes" }).first().click();
    await page.getByRole("button", { name: "Load the example programme" }).click();
    await page.getByRole("heading", { name: "Rwanda Counter Human Trafficking Joint Programme" }).waitFor({
      timeout: 60_000,
    });
    await page.getByRole("link", { name: "Dashboard" }).click();
    dashboardUrl = page.url();
    await expect.poll(() => page.getByTestId("people-reached").textContent()).toBe("1,542");
    await expect.poll(() => page.locator(".chart-canvas [role=img]").count()).toBe(4);
    // Two events reached people in a way not counted ("Nationwide"): a number, never a bare "+".
    expect(await page.getByTestId("qualitative-reach").textContent()).toBe("2");
    await page.getByText("events whose reach is not a number: Nationwide").waitFor();
    // People and events in panels of their own, each with its own scale: 5 events are a full bar, not a sliver.
    const targets = page.locator(".chart-canvas > svg").first();
    expect(await targets.locator("text", { hasText: /^People$/ }).count()).toBe(1);
    expect(await targets.locator("text", { hasText: /^Events$/ }).count()).toBe(1);
    const barWidths = await targets
      .locator("svg rect")
      .evaluateAll((els) =>
        els.map((el) => Math.round(el.getBoundingClientRect().width)).filter((w) => w > 0),
      );
    expect(barWidths.length).toBe(2);
    expect(Math.min(...barWidths)).toBeGreaterThan(Math.max(...barWidths) * 0.5);
    await screenshot(page, "70-dashboard-1280");
    expect(await layoutDefects(page)).toEqual([]);
  });

  it("draws a target and its result as one bar inside the other, with the legend in the picture", async () => {
    const { page } = browser;
    const id = new URL(dashboardUrl).pathname.split("/")[2] ?? "";
    const headers = { origin: server.url, "content-type": "application/json" };
    const programme = (await (await page.request.get(`${server.url}/api/programmes/${id}`)).json()) as {
      logframe: { id: string }[];
    };
    const indicator = await page.request.post(`${server.url}/api/programmes/${id}/indicators`, {
      headers,
      data: {
        logframeItemId: programme.logframe[0]?.id,
        title: "Police and immigration officers trained",
        unit: "people",
        targets: [{ periodStart: "2011-11-01", periodEnd: "2012-10-31", value: 80 }],
      },
    });
    expect(indicator.status()).toBe(201);
    const { id: indicatorId } = (await indicator.json()) as { id: string };
    const result = await page.request.post(`${server.url}/api/programmes/${id}/results`, {
      headers,
      data: {
        indicatorId,
        periodStart: "2012-06-01",
        periodEnd: "2012-06-30",
        valueKind: "exact",
        value: 48,
      },
    });
    expect(result.status()).toBe(201);
    await page.reload();
    const row = page.getByTestId("targets-table").getByRole("row", { name: /Police and immigration/ });
    await expect.poll(() => row.textContent()).toBe("Police and immigration officers trained804860 %");
    const chart = page.locator(".chart-canvas > svg").first();
    await chart.waitFor();
    expect(await chart.locator("text", { hasText: /^Target$/ }).count()).toBe(1);
    expect(await chart.locator("text", { hasText: /^Result$/ }).count()).toBe(1);
    await page
      .locator("section", { has: page.getByRole("heading", { name: "Targets and results" }) })
      .screenshot({ path: join(SCREENSHOT_DIR, "70b-targets-1280.png") });
    expect(await layoutDefects(page)).toEqual([]);
  });

  it("shows the six undated events as 'date not reported', not in the programme's first month", async () => {
    const { page } = browser;
    const rows = page.getByTestId("timeline-table").locator("tbody tr");
    // Month, events, people: no row for November 2011, the programme's first month.
    expect(await rows.allTextContents()).toEqual([
      "March 2012130",
      "June 2012282",
      "September 2012160",
      "Date not reported61,370",
    ]);
    await page.getByText("6 events have no date in their report").waitFor();
  });

  it("downloads the targets chart's table as Excel, numbers as numbers and lower bounds said", async () => {
    const { page } = browser;
    const figure = page.locator("section", {
      has: page.getByRole("heading", { name: "Targets and results" }),
    });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      figure.getByRole("button", { name: "Download Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("targets.xlsx");
    expect(await sheetRows(download)).toEqual([
      ["Indicator", "Target", "Result", "Note", "Progress (%)"],
      ["Number of people reached by trainings and awareness activities", null, 1542, "Nationwide", null],
      ["Number of awareness events held", null, 5, null, null],
      [
        "Victim referral mechanism in place",
        null,
        null,
        expect.stringMatching(
          /^Guidelines for Assisting Victims of Human Trafficking in East Africa adopted/,
        ),
        null,
      ],
      ["Police and immigration officers trained", 80, 48, null, 60],
    ]);
  });

  it("downloads the chart itself as SVG with its labels whole", async () => {
    const { page } = browser;
    const figure = page.locator("section", {
      has: page.getByRole("heading", { name: "People reached by district" }),
    });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      figure.getByRole("button", { name: "Download SVG" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("reach-by-district.svg");
    const path = join(tmpdir(), `dashboard-${Date.now()}.svg`);
    await download.saveAs(path);
    const svg = await readFile(path, "utf8");
    expect(svg).toMatch(/^<svg [^>]*aria-label="People reached by district"/);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(">No district given</text>");
  });

  it("writes the Excel headers in the reader's language (French)", async () => {
    const { page } = browser;
    await page.getByLabel("Language").first().selectOption("fr");
    const section = page.locator("section", {
      has: page.getByRole("heading", { name: "Personnes atteintes par district" }),
    });
    await section.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.getByRole("button", { name: "Télécharger en Excel" }).click(),
    ]);
    expect(await sheetRows(download)).toEqual([
      ["District", "Personnes atteintes"],
      ["Kirehe", 903],
      ["Muhanga", 400],
      ["District non indiqué", 239],
    ]);
    const timeline = page.locator("section", { has: page.getByRole("heading", { name: "Chronologie" }) });
    const [timelineDownload] = await Promise.all([
      page.waitForEvent("download"),
      timeline.getByRole("button", { name: "Télécharger en Excel" }).click(),
    ]);
    expect(await sheetRows(timelineDownload)).toEqual([
      ["Mois", "Activités", "Personnes atteintes"],
      ["mars 2012", 1, 30],
      ["juin 2012", 2, 82],
      ["septembre 2012", 1, 60],
      ["Date non rapportée", 6, 1370],
    ]);
    // The axes write numbers the French way too, as the tables do.
    await expect
      .poll(() =>
        page
          .locator(".chart-canvas > svg")
          .first()
          .locator("text", { hasText: /^1\s000$/ })
          .count(),
      )
      .toBe(1);
    await screenshot(page, "71-dashboard-fr");
    await page.getByLabel("Langue").first().selectOption("en");
  });

  it("fits the dashboard and the programme page at 1366 px in three languages, the top bar on one line", async () => {
    const { page } = browser;
    const programmeUrl = dashboardUrl.replace(/\/dashboard$/, "");
    await page.setViewportSize({ width: 1366, height: 900 });
    try {
      for (const lang of ["fr", "rw", "en"] as const) {
        await page.goto(dashboardUrl);
        await page.locator(".language-switcher select").first().selectOption(lang);
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await expect.poll(() => page.locator(".chart-canvas [role=img]").count()).toBe(4);
        expect(await topBarDefects(page)).toEqual([]);
        expect(await sidewaysOverflow(page)).toBe(0);
        expect(await layoutDefects(page)).toEqual([]);
        // The loader's words are the reader's: "Nationwide" and months from the catalogs and Intl, not stored English.
        const words = {
          en: ["Nationwide", "March 2012"],
          fr: ["Tout le pays", "mars 2012"],
          rw: ["Igihugu cyose", "Werurwe 2012"],
        }[lang];
        expect(await page.getByTestId("targets-table").textContent()).toContain(words[0]);
        expect(await page.getByTestId("timeline-table").textContent()).toContain(words[1]);
        await screenshot(page, `76-dashboard-1366-${lang}`);
        await page.goto(programmeUrl);
        await page.getByTestId("indicator-row").first().waitFor();
        expect(await topBarDefects(page)).toEqual([]);
        expect(await sidewaysOverflow(page)).toBe(0);
        await screenshot(page, `77-programme-1366-${lang}`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it.skipIf(!hasShared(OFFICIAL))(
    "imports IATI files from the programmes list: a bad one is refused by line and element, the example's result reaches the dashboard",
    async () => {
      const { page } = browser;
      await page.goto(`${server.url}/programmes`);
      await page.getByText("Import an IATI activities file").click();
      const form = page.getByRole("form", { name: "Import an IATI activities file" });
      const broken = join(tmpdir(), `iati-broken-${Date.now()}.xml`);
      await writeFile(
        broken,
        (await readFile(OFFICIAL, "utf8")).replace("<activity-status", "<activity-state"),
      );
      await form.getByLabel("IATI file (XML)").setInputFiles(broken);
      await form.getByRole("button", { name: "Import the file" }).click();
      await form.getByRole("alert").waitFor();
      expect(await form.getByRole("alert").textContent()).toContain("Nothing was imported.");
      expect(await form.getByTestId("iati-import-problems").locator("li").first().textContent()).toMatch(
        /^line \d+, element activity-state: /,
      );
      await screenshot(page, "74-iati-import-refused");
      await form.getByLabel("IATI file (XML)").setInputFiles(OFFICIAL);
      await form.getByRole("button", { name: "Import the file" }).click();
      await expect
        .poll(() => form.getByRole("status").textContent())
        .toBe(
          "Activities imported: 1 — new programmes: 1; updated: 0; unchanged: 0; new organisations: 3; indicators: 1; result values: 1.",
        );
      await page.getByRole("link", { name: "Activity title" }).waitFor();
      await page.goto(`${server.url}/programmes/dashboard`);
      const row = page.getByTestId("targets-table").getByRole("row", { name: /^Indicator title/ });
      // Reported for adult women only: at least 11 against a target of 10, never an exact 110 %.
      await expect.poll(() => row.textContent()).toBe("Indicator title10at least 11at least 110 %");
      await screenshot(page, "75-all-programmes-dashboard-after-iati");
    },
  );

  it("fits a 360 px phone: no sideways scrolling, no label cut off, on this and the all-programmes dashboard", async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/sign-in`);
      await page.locator('input[type="email"]').fill("aline@rcs.example");
      await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
      await page.locator('button[type="submit"]').click();
      await page.locator(".stats").waitFor();
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      for (const [url, name] of [
        [dashboardUrl, "72-dashboard-360"],
        [`${server.url}/programmes/dashboard`, "73-all-programmes-dashboard-360"],
      ] as const) {
        await page.goto(url);
        await expect.poll(() => page.locator(".chart-canvas [role=img]").count()).toBe(4);
        await screenshot(page, name);
        // Close-ups a reader can check at full size: the targets table and the timeline with its undated row.
        for (const [heading, part] of [
          ["Targets and results", "targets"],
          ["Timeline", "timeline"],
        ] as const)
          await page
            .locator("section", { has: page.getByRole("heading", { name: heading }) })
            .screenshot({ path: join(SCREENSHOT_DIR, `${name}-${part}.png`) });
        expect(await overflow()).toBeLessThanOrEqual(0);
        expect(await layoutDefects(page)).toEqual([]);
      }
      // The programme page: each indicator a card with its actions on screen, nothing scrolling sideways.
      await page.goto(dashboardUrl.replace(/\/dashboard$/, ""));
      await page.getByTestId("indicator-row").first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      const actions = await page
        .locator("[data-testid=indicator-row] .cell-actions button")
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
      expect(actions.length).toBeGreaterThan(0);
      for (const right of actions) expect(right).toBeLessThanOrEqual(360);
      await page
        .locator("section", { has: page.getByTestId("indicator-row").first() })
        .first()
        .screenshot({ path: join(SCREENSHOT_DIR, "78-programme-indicators-360.png") });
    } finally {
      await phone.close();
    }
  });
});
