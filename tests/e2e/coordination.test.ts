// A district officer after loading the example data: Nyarugenge's page, the map, the duplication alert while
// entering a legal-aid agreement for Musanze facility, the gaps page, and district boundaries uploaded.
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { contrastRatio } from "../../src/web/coordination/colour-steps";
import { joinNameLines } from "../../src/web/coordination/name-lines";
import { hasShared } from "../shared-data";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();

/** A close-up of one part of the page, beside the full-page screenshots. */
async function screenshotOf(locator: Locator, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

type Rect = { x: number; y: number; width: number; height: number };
const rectOf = async (locator: Locator): Promise<Rect> => {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not displayed");
  return box;
};
const apart = (a: Rect, b: Rect) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

/**
 * Each tile's name as shown (its lines, and the name they spell), the size its letters are drawn at on screen (font
 * size × the SVG's scale), and the text's colour and its tile's.
 */
const tileLabels = async (page: Page) =>
  (
    await page.locator(".tile-map a.tile").evaluateAll((tiles) =>
      tiles.map((tile) => {
        const lines = [...tile.querySelectorAll("text.tile-text")] as SVGTextElement[];
        const first = lines[0];
        const scale = first?.ownerSVGElement?.getScreenCTM()?.a ?? 0;
        const rect = tile.querySelector("rect");
        return {
          lines: lines.map((l) => l.textContent ?? ""),
          px: first ? Number.parseFloat(getComputedStyle(first).fontSize) * scale : 0,
          width: Math.max(...lines.map((l) => l.getBoundingClientRect().width)),
          tileWidth: rect?.getBoundingClientRect().width ?? 0,
          ink: first?.getAttribute("fill") ?? "",
          fill: rect?.getAttribute("fill") ?? "",
        };
      }),
    )
  ).map((l) => ({ ...l, name: joinNameLines(l.lines) }));

/** Lower case, letters and digits only: how a speech user's words are matched to a link's name. */
const spoken = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * Every map link's accessible name holds the text shown for it (WCAG 2.5.3): a tile's name and count inside the
 * link, a shape's in the label drawn over it (the count alone when its name found no room).
 */
async function expectLabelsInNames(page: Page) {
  const shown = await page
    .locator(".tile-map a.tile, .boundary-map .map-labels text")
    .evaluateAll((elements) =>
      elements.map((e) => {
        const code = e.getAttribute("data-code");
        const link = code ? e.closest("svg")?.querySelector(`.shapes a[href*="/${code}"]`) : (e as Element);
        const text = (selector: string) => [...e.querySelectorAll(selector)].map((t) => t.textContent ?? "");
        return {
          name: link?.getAttribute("aria-label") ?? "",
          lines: code ? text(".map-label-name") : text("text.tile-text"),
          count: (code ? text(".map-label-count") : text("text.tile-count"))[0] ?? "",
        };
      }),
    );
  expect(shown.length).toBeGreaterThanOrEqual(30);
  for (const s of shown) {
    const visible = spoken(`${joinNameLines(s.lines)} ${s.count}`);
    expect(spoken(s.name), `“${visible}” in “${s.name}”`).toContain(visible);
  }
}

/** The boundaries' credit under the map (the 3W page's, or the district page's locator): shown, inside the
 * screen's width, right under the shapes, its licence linked. */
async function expectCreditShown(
  page: Page,
  width: number,
  frame = ".district-map",
  shapes = "svg.boundary-map",
) {
  const credit = page.locator(`${frame} .map-credit`);
  expect(await credit.textContent()).toBe("Boundaries: geoBoundaries / NISR, CC BY 4.0");
  expect(await credit.isVisible()).toBe(true);
  const box = await rectOf(credit);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  const map = await rectOf(page.locator(shapes));
  // Right under the map, not somewhere down the page.
  expect(box.y - (map.y + map.height)).toBeLessThan(20);
  expect(await credit.getByRole("link", { name: "CC BY 4.0" }).getAttribute("href")).toBe(
    "https://creativecommons.org/licenses/by/4.0/",
  );
}

type Feature = {
  properties: { district_code: string | number };
  geometry: { type: string; coordinates: unknown };
};

/** The reference file with every ring reversed: exteriors counter-clockwise, as RFC 7946 writers (GDAL, QGIS) do. */
function rfc7946Copy(file: string): Buffer {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { features: Feature[] };
  for (const f of doc.features) {
    const polygons = (
      f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates
    ) as number[][][][];
    for (const rings of polygons) for (const ring of rings) ring.reverse();
  }
  return Buffer.from(JSON.stringify(doc));
}

/** Thirty squares in a grid, one per district of the reference file: a first, wrong upload to be corrected. */
function squaresFile(file: string): Buffer {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { features: Feature[] };
  const features = doc.features.map((f, i) => {
    const x = 29 + (i % 6) * 0.3;
    const y = -1.2 - Math.floor(i / 6) * 0.3;
    const ring = [
      [x, y],
      [x + 0.25, y],
      [x + 0.25, y - 0.25],
      [x, y - 0.25],
      [x, y],
    ];
    return { type: "Feature", properties: f.properties, geometry: { type: "Polygon", coordinates: [ring] } };
  });
  return Buffer.from(JSON.stringify({ type: "FeatureCollection", features }));
}
const BOUNDARIES = resolve(
  process.env.UBUFATANYE_REFERENCE_DIR ?? "../shared/data/reference",
  "rwanda-districts-adm2.geojson",
);

describe.skipIf(!run)("who does what where in the browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData());
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-coordination-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the partners of Nyarugenge Correctional Facility by theme on the district page, printable", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/coordination/districts/RW-D11`);
    await page.getByRole("heading", { name: "Nyarugenge district" }).waitFor();
    const facility = page.locator("article.facility", { hasText: "Nyarugenge Correctional Facility" });
    const legalAid = facility.locator("tr", { hasText: "Legal aid" });
    expect(await legalAid.locator("td").textContent()).toBe("ARDHO, Interpeace, LoH, PFR, RBJ");
    expect(await facility.locator("tr", { hasText: "Disability" }).locator("td").textContent()).toBe("SIRWA");
    // RCS keeps the register: it is not listed as its own partner.
    expect(
      await page
        .locator("section", { hasText: "Organisations working in the district" })
        .getByText("RCS ·")
        .count(),
    ).toBe(0);
    await page
      .locator("article.facility", { hasText: "Kigali Central Prison" })
      .getByText("No partner in this period.")
      .waitFor();
    // Where the district lies, on the built-in boundaries, with their credit.
    await page.getByRole("img", { name: "Where Nyarugenge lies in Rwanda" }).waitFor();
    expect(await page.locator(".district-locator path").count()).toBe(30);
    expect(await page.locator(".district-locator path.current").count()).toBe(1);
    await expectCreditShown(page, 1280, ".district-locator", "svg.district-locator-map");
    await screenshot(page, "50-district-nyarugenge");
    const xlsx = await page.getByRole("link", { name: "Excel (xlsx)" }).getAttribute("href");
    expect(xlsx).toBe("/api/coordination/districts/RW-D11/export?format=xlsx&lang=en");
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator(".topbar").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
      await screenshot(page, "51-district-nyarugenge-print");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });

  it("draws the real district shapes out of the box with their credit, at 360 and 1366 px; the tiles a tap away", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${server.url}/coordination?theme=legal_aid`);
    await page.locator(".boundary-map .shapes path").first().waitFor();
    expect(await page.getByRole("button", { name: "Real shapes" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator(".boundary-map .shapes a.tile").count()).toBe(30);
    const phone = await rectOf(page.locator("svg.boundary-map"));
    expect(phone.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const musanze = page.locator('.boundary-map .shapes a[aria-label^="Musanze:"]');
    expect(await musanze.getAttribute("aria-label")).toBe("Musanze: 5 organisations");
    // Links a screen reader reaches by the district's full name and count.
    await page.getByRole("link", { name: "Nyarugenge: 5 organisations" }).first().waitFor();
    await expectCreditShown(page, 360);
    await expectLabelsInNames(page);
    // The legend names each step once (the maximum here is 5: one step per count).
    expect(await page.locator(".map-legend-step").allTextContents()).toEqual(["0", "1", "2", "3", "4", "5"]);
    await screenshot(page, "52-coordination-map-360");
    await screenshotOf(page.locator(".district-map"), "52a-boundary-map-360");
    await musanze.click();
    await page.waitForURL(/\/coordination\/districts\/RW-D43$/);
    await page.getByRole("heading", { name: "Musanze district" }).waitFor();
    await page.getByRole("img", { name: "Where Musanze lies in Rwanda" }).waitFor();
    await expectCreditShown(page, 360, ".district-locator", "svg.district-locator-map");
    await screenshot(page, "53a-district-musanze-360");
    await screenshotOf(page.locator(".page-head"), "53c-district-head-360");

    // The equal tiles, a tap away: thirty distinct names (no two "Nyaru" or "Nyama" tiles) cut between syllables
    // with a hyphen, drawn at 10 px or more inside their tile, in a colour that reads on it at 4.5:1 or better.
    await page.goto(`${server.url}/coordination?theme=legal_aid`);
    await page.getByRole("button", { name: "Equal tiles" }).click();
    await page.locator(".tile-map").waitFor();
    expect(await page.locator(".tile-map a.tile").count()).toBe(30);
    const labels = await tileLabels(page);
    expect(labels).toHaveLength(30);
    expect(new Set(labels.map((l) => l.name)).size).toBe(30);
    expect(labels.map((l) => l.name)).toEqual(
      expect.arrayContaining(["Nyarugenge", "Nyaruguru", "Nyamasheke", "Musanze"]),
    );
    expect(labels.find((l) => l.name === "Musanze")?.lines).toEqual(["Musa-", "nze"]);
    for (const l of labels) {
      expect(l.px, l.name).toBeGreaterThanOrEqual(10);
      expect(l.width, l.name).toBeLessThanOrEqual(l.tileWidth);
      expect(contrastRatio(l.ink, l.fill), `${l.name} ${l.ink} on ${l.fill}`).toBeGreaterThanOrEqual(4.5);
    }
    await expectLabelsInNames(page);
    // Every district is a target a thumb can hit, Kigali's three as large as any other.
    for (const tile of await page.locator(".tile-map a.tile rect").all()) {
      const box = await rectOf(tile);
      expect(box.width).toBeGreaterThanOrEqual(40);
      expect(box.height).toBeGreaterThanOrEqual(40);
    }
    await screenshotOf(page.locator(".district-map"), "52c-tile-map-360");
    await page.locator('.tile-map a[aria-label^="Nyarugenge:"]').click();
    await page.waitForURL(/\/coordination\/districts\/RW-D11$/);
    await page.getByRole("heading", { name: "Nyarugenge district" }).waitFor();
    await screenshot(page, "53-district-nyarugenge-360");
    // Every district, those with nobody included, is also one tap away in a list.
    await page.goto(`${server.url}/coordination?theme=legal_aid`);
    await page.getByText("All 30 districts as a list").click();
    expect(await page.locator(".district-list li a").count()).toBe(30);
    expect(await page.locator(".district-list li", { hasText: "Gasabo" }).textContent()).toBe("Gasabo 0");
    await page.locator(".district-list").getByRole("link", { name: "Kicukiro" }).click();
    await page.waitForURL(/\/coordination\/districts\/RW-D13$/);
    await page.goto(`${server.url}/coordination?theme=legal_aid&pivot=organisation`);
    const loh = page.locator(".pivot-list > li", { hasText: "LoH" }).first();
    await loh.locator("summary").click();
    // Behind the row: the places with their themes, and the agreement saying so.
    await loh.getByRole("link", { name: "MoU between RCS and Lawyers of Hope" }).waitFor();
    expect(await loh.locator("tr", { hasText: "Musanze" }).locator("td").textContent()).toBe("Legal aid");

    // A laptop: the same shapes, Kigali enlarged beside the country, the credit under the map.
    await page.setViewportSize({ width: 1366, height: 900 });
    try {
      await page.goto(`${server.url}/coordination?theme=legal_aid`);
      await page.locator(".boundary-map .shapes path").first().waitFor();
      expect(await page.locator(".boundary-map .shapes a.tile").count()).toBe(30);
      await expectCreditShown(page, 1366);
      await screenshot(page, "52b-coordination-map-1366");
      await screenshotOf(page.locator(".district-map"), "52b-boundary-map-1366");
      await page.locator('.boundary-map .shapes a[aria-label^="Musanze:"]').click();
      await page.waitForURL(/\/coordination\/districts\/RW-D43$/);
      await page.getByRole("img", { name: "Where Musanze lies in Rwanda" }).waitFor();
      await expectCreditShown(page, 1366, ".district-locator", "svg.district-locator-map");
      await screenshot(page, "53b-district-musanze-1366");
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("warns while entering a legal-aid agreement for Musanze facility who already works there", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/agreements/new`);
    await page.getByLabel("Title").fill("MoU between RCS and a new legal aid network");
    await page.getByLabel("Add a party").fill("RCS");
    await page.getByRole("option", { name: "Rwanda Correctional Service (RCS)" }).click();
    await page.getByLabel("Legal aid").check();
    await page.getByLabel("Find a district, sector or facility").fill("Musanze Correctional");
    await page.getByRole("option", { name: /^Musanze Correctional Facility/ }).click();
    const alert = page.locator(".overlap-alert");
    await alert.getByText("Others already work here on this theme.").waitFor();
    const names = await alert.locator("li > strong").allTextContents();
    expect(names).toEqual(expect.arrayContaining(["LoH", "ARDHO", "RBJ", "PFR"]));
    expect(names).not.toContain("RCS");
    await alert
      .locator("li", { hasText: "RBJ" })
      .getByText("through “all correctional facilities”")
      .waitFor();
    await screenshot(page, "54-agreement-form-overlap");
    // Not blocking: the save button stays enabled.
    expect(await page.getByRole("button", { name: "Save" }).isEnabled()).toBe(true);
    // A theme nobody works on there: the warning goes away.
    await page.getByLabel("Legal aid").uncheck();
    await page.getByLabel("Disability").check();
    await expect.poll(() => alert.count()).toBe(0);
  });

  it("lists the facilities without a partner, by theme", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/coordination/gaps?theme=legal_aid`);
    await page
      .getByRole("heading", { name: "1 place of detention without a partner for Legal aid" })
      .waitFor();
    await page.locator(".gap-list", { hasText: "Mulindi Military Prison" }).waitFor();
    await page.getByLabel("Theme").selectOption("disability");
    await page
      .getByRole("heading", { name: "13 places of detention without a partner for Disability" })
      .waitFor();
    expect(await page.locator(".gap-list li", { hasText: "Musanze Correctional Facility" }).count()).toBe(1);
    expect(await page.locator(".gap-list li", { hasText: "Nyarugenge Correctional Facility" }).count()).toBe(
      0,
    );
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, "55-gaps-disability-360");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("imports a 3W file with French headers by its hashtags, proposing the names the register lacks", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/coordination?theme=legal_aid`);
    await page.getByText("Import a 3W file (HXL CSV)").click();
    // A new partner, an unknown theme, a row naming only its funder: a check proposes, it refuses nothing.
    await page.getByLabel("3W file").setInputFiles(resolve("fixtures/hxl-3w-proposals.csv"));
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText("2 rows match; nothing stored yet.").waitFor();
    await page
      .getByText("3 names are not in the register: choose below what to do with each, then check again.")
      .waitFor();
    const importButton = page.getByRole("button", { name: "Import", exact: true });
    const preview = page.locator(".hxl-import [role=status] > ul > li");
    // Dates as precise as the file wrote them; the row without implementer flagged, imported unless left out.
    expect(await preview.allTextContents()).toEqual([
      "3: LoH · Legal aid · Huye Correctional Facility · from 2024 · until March 2024",
      "5: implementer not named · Legal aid · Rulindo (funded by UNDP) · from 15 March 2024",
    ]);
    const leaveOut = page.getByLabel(/^Leave out the row that names no implementer \(row 5\)/);
    expect(await leaveOut.isChecked()).toBe(false);
    expect(await page.getByRole("group", { name: "Organisations not in the register" }).isVisible()).toBe(
      true,
    );
    // Import waits for a choice for every name.
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByLabel(/^“Umuryango Mushya” \(row 4\)/).selectOption("create");
    const kind = page.getByLabel("Kind of organisation");
    expect(await kind.inputValue()).toBe("local_cso");
    expect(await kind.locator("option:checked").textContent()).toBe("Local civil society organisation");
    await page.getByLabel(/^“Skipped Org” \(row 7\)/).selectOption("skip");
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByLabel(/^“Santé mentale” \(row 6\)/).selectOption({ label: "It is Health" });
    await page.getByText("3 names are not in the register").waitFor({ state: "detached" });
    // Every name has a choice, but the preview shown is not of them: import waits for a check of these choices.
    await page
      .getByText("Your choices changed since the last check: check again before importing.")
      .waitFor();
    expect(await importButton.isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Check again with these choices" }).click();
    await page.getByText("4 rows match; nothing stored yet.").waitFor();
    await page.getByText("1 row left out by your choices (row 7).").waitFor();
    expect(await preview.nth(1).textContent()).toBe(
      "4: Umuryango Mushya (new) · Legal aid · Gakenke · from March 2024 · until 30 June 2025",
    );
    await screenshot(page, "57-hxl-import-proposals");
    await page.setViewportSize({ width: 360, height: 780 });
    await page.locator(".import-proposals").first().scrollIntoViewIfNeeded();
    await screenshot(page, "57-hxl-import-proposals-360");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 900 });
    await importButton.click();
    await page.getByText("4 rows imported.").waitFor();

    // A file of known names only: checked, then imported.
    await page.getByLabel("3W file").setInputFiles({
      name: "3w.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          "Organisation,Secteur,District,Activité",
          "#org +name,#sector,#adm2 +name,#activity +name",
          "Lawyers of Hope,Aide juridique,Gakenke,Cliniques juridiques mobiles",
          "",
        ].join("\r\n"),
      ),
    });
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText("1 row matches; nothing stored yet.").waitFor();
    expect(await page.locator(".import-proposals").count()).toBe(0);
    await screenshot(page, "57-hxl-import-checked");
    await importButton.click();
    await page.getByText("1 row imported.").waitFor();
    // In the 3W of March 2025 (the new partner's row ends in June 2025): it is in Gakenke beside Lawyers of Hope.
    await page.goto(
      `${server.url}/coordination/districts/RW-D42?period=between&from=2025-03-01&to=2025-03-31`,
    );
    await page.getByRole("heading", { name: "Gakenke district" }).waitFor();
    expect(await page.locator("tr", { hasText: "LoH · Lawyers of Hope" }).locator("td").textContent()).toBe(
      "Legal aid",
    );
    expect(await page.locator("tr", { hasText: "UMU · Umuryango Mushya" }).locator("td").textContent()).toBe(
      "Legal aid",
    );
    // A reported row's dates as precise as its file wrote them: a month and a day here ("Mar 2024", 2025-06-30)...
    expect(
      await page.locator(".district-reported li", { hasText: "Nouveau partenaire" }).textContent(),
    ).toMatch(
      /^UMU · Legal aid: Nouveau partenaire \(March 2024 – 30 June 2025\) reported in an imported 3W file: hxl-3w-proposals\.csv, imported on \d{1,2} \w+ \d{4} \(row 4\)$/,
    );
    // ...and a year ("2024") stays a year, never 1 January 2024: Huye (its correctional facility) in February 2024.
    await page.goto(`${server.url}/coordination/districts/RW-D24?date=2024-02-01`);
    await page.getByRole("heading", { name: "Huye district" }).waitFor();
    const yearOnly = page.locator(".district-reported li", { hasText: "Cliniques" });
    await yearOnly.waitFor();
    expect(await yearOnly.textContent()).toMatch(
      /^LoH · Legal aid: Cliniques \(2024 – March 2024\) reported in an imported 3W file: hxl-3w-proposals\.csv, imported on \d{1,2} \w+ \d{4} \(row 3\)$/,
    );
  });

  it("shows an imported 3W row on the district page as reported, apart from agreements, and manages imports", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/coordination/districts/RW-D42`);
    await page.getByRole("heading", { name: "Gakenke district" }).waitFor();
    const reported = page.locator(".district-reported li", { hasText: "Cliniques juridiques mobiles" });
    await reported.waitFor();
    expect(await reported.textContent()).toMatch(
      /^LoH · Legal aid: Cliniques juridiques mobiles reported in an imported 3W file: 3w\.csv, imported on \d{1,2} \w+ \d{4} \(row 3\)$/,
    );
    // Not an agreement: no link to an agreement page, and not counted among the active agreements.
    expect(await reported.locator("a").count()).toBe(0);
    expect(await page.locator('a[href^="/agreements/"]', { hasText: "Cliniques" }).count()).toBe(0);
    await page
      .getByRole("heading", { name: "1 activity reported in imported 3W files (not an agreement)" })
      .waitFor();
    const agreementsHeading = await page.locator("#agreements-title").textContent();
    const listed = await page.locator(".district-agreements li").count();
    expect(agreementsHeading).toBe(`${listed} active agreement${listed === 1 ? "" : "s"}`);
    await screenshot(page, "58-district-reported-row");
    await page.setViewportSize({ width: 360, height: 780 });
    await page.locator("#reported-title").scrollIntoViewIfNeeded();
    await screenshot(page, "58-district-reported-row-360");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The imports are listed with who brought them in; the same file again is refused, saying why.
    await page.goto(`${server.url}/coordination?theme=legal_aid`);
    await page.getByText("Import a 3W file (HXL CSV)").click();
    const entry = page.locator(".import-list li", { hasText: "3w.csv" });
    expect(await entry.textContent()).toMatch(
      /^3w\.csv 1 row, imported by Aline Uwase <aline@rcs\.example> on \d{1,2} \w+ \d{4}, \d\d:\d\dDelete$/,
    );
    await page.getByLabel("3W file").setInputFiles({
      name: "3w-again.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          "Organisation,Secteur,District,Activité",
          "#org +name,#sector,#adm2 +name,#activity +name",
          "Lawyers of Hope,Aide juridique,Gakenke,Cliniques juridiques mobiles",
          "",
        ].join("\n"),
      ),
    });
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText("This file was not imported.").waitFor();
    await page
      .getByText(
        /^This file was already imported on \d{1,2} \w+ \d{4} by Aline Uwase <aline@rcs\.example> \(as 3w\.csv, 1 row\)/,
      )
      .waitFor();
    await screenshot(page, "59-hxl-import-refused-and-list");

    // A funder column first: the implementer is still Lawyers of Hope; theme names, not codes, in the result.
    await page.getByLabel("3W file").setInputFiles({
      name: "3w-funded.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        [
          "Donor,Partner,Sector,District",
          "#org +funder +name,#org +impl +name,#sector,#adm2 +name",
          "UNDP,Lawyers of Hope,legal_aid,Rulindo",
        ].join("\r\n"),
      ),
    });
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText("3: LoH · Legal aid · Rulindo (funded by UNDP)").waitFor();

    // In French, the import's problems are in French, from their codes.
    await page.getByLabel("Language").first().selectOption("fr");
    await page.getByLabel("Fichier 3W").setInputFiles({
      name: "3w-bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("#org +name,#sector,#adm2 +name\nHaguruka,legal_aid,Atlantis\n"),
    });
    await page.getByRole("button", { name: "Vérifier" }).click();
    await page
      .getByText(
        "Rien n'a été importé de 3w-bad.csv : corrigez les lignes indiquées ci-dessous et importez-le de nouveau.",
      )
      .waitFor();
    // A name the register lacks is no refusal on its own, but is named beside the row that is one.
    await page
      .getByText(
        "Ligne 2, #org +name : aucune organisation « Haguruka » dans le registre : choisissez de la créer, de la faire correspondre à une autre ou d'écarter ses lignes.",
      )
      .waitFor();
    await page.getByText("Ligne 2, #adm2 : aucun district nommé « Atlantis ».").waitFor();
    await screenshot(page, "60-hxl-import-errors-fr");
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, "60-hxl-import-errors-fr-360");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Langue").first().selectOption("en");

    // Deleting an import takes its rows off the district page.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete the import of hxl-3w-proposals.csv" }).click();
    await page.getByText("The import of hxl-3w-proposals.csv and its rows were deleted.").waitFor();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete the import of 3w.csv" }).click();
    await page.getByText("The import of 3w.csv and its rows were deleted.").waitFor();
    await expect.poll(() => page.locator(".import-list li", { hasText: "3w.csv" }).count()).toBe(0);
    await page.goto(
      `${server.url}/coordination/districts/RW-D42?period=between&from=2025-03-01&to=2025-03-31`,
    );
    await page.getByRole("heading", { name: "Gakenke district" }).waitFor();
    await page.locator("#who-title").waitFor();
    expect(await page.locator(".district-reported").count()).toBe(0);
  });

  it("filters by a period: a seed agreement shows only while valid, and the exports carry the period", async () => {
    const { page } = browser;
    const sirwa = "MoU between RCS and Sunlight Initiative Rwanda (SIRWA)";
    /** Sets an agreement's validity through the API, as any client may. */
    const setValidity = (validFrom: string | null, validUntil: string | null) =>
      page.evaluate(
        async ({ title, validFrom, validUntil }) => {
          const list = (await (await fetch(`/api/agreements?q=SIRWA&limit=10`)).json()) as {
            items: { id: string; title: string }[];
          };
          const id = list.items.find((a) => a.title === title)?.id;
          const current = await fetch(`/api/agreements/${id}`);
          const res = await fetch(`/api/agreements/${id}`, {
            method: "PATCH",
            headers: { "content-type": "application/json", "if-match": current.headers.get("etag") ?? "" },
            body: JSON.stringify({ validFrom, validUntil }),
          });
          if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        },
        { title: sirwa, validFrom, validUntil },
      );
    await setValidity("2024-01-01", "2025-06-30");
    try {
      const facility = page.locator("article.facility", { hasText: "Nyarugenge Correctional Facility" });
      const disability = facility.locator("tr", { hasText: "Disability" });
      // Today (after its end) SIRWA is not there.
      await page.goto(`${server.url}/coordination/districts/RW-D11`);
      await facility.waitFor();
      expect(await disability.count()).toBe(0);
      // Between 1 January 2025 and an open end: it is.
      await page.getByLabel("Period").selectOption("between");
      await page.getByLabel("From", { exact: true }).fill("2025-01-01");
      await page.getByLabel("To", { exact: true }).fill("");
      await page.waitForURL(/\?period=between&from=2025-01-01$/);
      await page.getByText("Active from 1 January 2025 on").waitFor();
      await expect.poll(() => disability.locator("td").textContent()).toBe("SIRWA");
      const xlsx = await page.getByRole("link", { name: "Excel (xlsx)" }).getAttribute("href");
      expect(xlsx).toBe("/api/coordination/districts/RW-D11/export?format=xlsx&lang=en&from=2025-01-01");
      const csv = await page.getByRole("link", { name: "HXL CSV" }).getAttribute("href");
      expect(csv).toBe("/api/coordination/districts/RW-D11/export?format=csv&lang=en&from=2025-01-01");
      await screenshot(page, "61-district-period-between");
      // From July 2025: gone again.
      await page.getByLabel("From", { exact: true }).fill("2025-07-01");
      await page.getByText("Active from 1 July 2025 on").waitFor();
      await expect.poll(() => disability.count()).toBe(0);
      // An end before the start is said, not sent.
      await page.getByLabel("To", { exact: true }).fill("2025-01-31");
      await page.getByText("The end of the period is before its start").waitFor();
      await page.setViewportSize({ width: 360, height: 780 });
      await screenshot(page, "62-district-period-error-360");
      await page.setViewportSize({ width: 1280, height: 900 });

      // The 3W page: the map, the pivots and the HXL link read the same period, kept in the URL.
      await page.goto(
        `${server.url}/coordination?theme=disability&period=between&from=2025-03-01&to=2025-03-31`,
      );
      expect(await page.getByLabel("From", { exact: true }).inputValue()).toBe("2025-03-01");
      expect(await page.getByLabel("To", { exact: true }).inputValue()).toBe("2025-03-31");
      await page.getByText("Active between 1 March 2025 and 31 March 2025").waitFor();
      const nyarugenge = page.locator('.boundary-map .shapes a[aria-label^="Nyarugenge:"]');
      expect(await nyarugenge.getAttribute("aria-label")).toBe("Nyarugenge: 1 organisation");
      // A district's shape opens it for the period it was coloured for.
      expect(await nyarugenge.getAttribute("href")).toBe(
        "/coordination/districts/RW-D11?period=between&from=2025-03-01&to=2025-03-31",
      );
      const hxl = await page.getByRole("link", { name: "HXL CSV" }).getAttribute("href");
      expect(hxl).toBe(
        "/api/coordination/matrix.csv?level=district&theme=disability&from=2025-03-01&to=2025-03-31",
      );
      const row = page.locator(".pivot-list > li", { hasText: "Nyarugenge" }).first();
      expect(await row.getByRole("link", { name: "Nyarugenge" }).getAttribute("href")).toBe(
        "/coordination/districts/RW-D11?period=between&from=2025-03-01&to=2025-03-31",
      );
      await screenshot(page, "63-coordination-period-between");
      await page.setViewportSize({ width: 360, height: 780 });
      await screenshot(page, "63-coordination-period-between-360");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.setViewportSize({ width: 1280, height: 900 });
      // Active on one date after its end: Nyarugenge has no disability partner.
      await page.getByLabel("Period").selectOption("on");
      await page.getByLabel("Active on", { exact: true }).fill("2026-01-15");
      await page.waitForURL(/\?theme=disability&date=2026-01-15$/);
      await page.getByText("Active on 15 January 2026").waitFor();
      await expect.poll(() => nyarugenge.getAttribute("aria-label")).toBe("Nyarugenge: 0");
    } finally {
      await setValidity(null, null);
    }
  });

  it.skipIf(!hasShared(BOUNDARIES))(
    "tells an administrator a file is too large, in their language, before and after sending it",
    async () => {
      const { page } = browser;
      await page.goto(`${server.url}/admin/boundaries`);
      await page
        .getByText("The built-in boundaries are in use: 30 districts from geoBoundaries / NISR")
        .waitFor();
      // Nothing loaded by an administrator: nothing to go back from.
      expect(await page.getByRole("button", { name: "Use the built-in boundaries again" }).count()).toBe(0);
      const uploads: string[] = [];
      const onRequest = (r: { method(): string; url(): string }) => {
        if (r.method() === "PUT") uploads.push(r.url());
      };
      page.on("request", onRequest);
      try {
        // Over 20 MB: said at once, nothing sent.
        await page.getByLabel("Boundary file").setInputFiles({
          name: "huge.geojson",
          mimeType: "application/geo+json",
          buffer: Buffer.alloc(21 * 1024 * 1024, 32),
        });
        await page.getByRole("alert").getByText("The file is 21.0 MB; the limit is 20 MB.").waitFor();
        expect(await page.getByRole("button", { name: "Load the boundaries" }).isDisabled()).toBe(true);
        expect(uploads).toEqual([]);
        // Each change of language is saved on the user (PATCH /api/me with its version, then the session read
        // back): the next change waits for that, or it is sent with the old version, refused, and the page returns
        // to French.
        const saved = () =>
          page.waitForResponse((r) => r.url().endsWith("/api/session") && r.request().method() === "GET");
        const savedFr = saved();
        await page.getByLabel("Language").first().selectOption("fr");
        await savedFr;
        await page
          .getByRole("alert")
          .getByText("Le fichier fait 21,0 Mo ; la limite est de 20 Mo.")
          .waitFor();
        await screenshot(page, "58a-boundaries-too-large-fr");
        const savedEn = saved();
        await page.getByLabel("Langue").first().selectOption("en");
        await savedEn;
        // Under our limit, yet refused with 413 (by a proxy with a lower limit): the translated message, not a generic one.
        const isUpload = (url: URL) => url.pathname === "/api/places/boundaries";
        await page.route(isUpload, (route) =>
          route.request().method() === "PUT"
            ? route.fulfill({
                status: 413,
                contentType: "application/problem+json",
                body: JSON.stringify({ type: "about:blank", title: "Request too large", status: 413 }),
              })
            : route.continue(),
        );
        await page.getByLabel("Boundary file").setInputFiles(BOUNDARIES);
        await page.getByRole("button", { name: "Load the boundaries" }).click();
        await page
          .getByRole("alert")
          .getByText(/^The server refused this 0\.2 MB file as too large/)
          .waitFor();
        expect(await page.getByText("The request could not be completed.").count()).toBe(0);
        await screenshot(page, "58-boundaries-too-large");
        await page.unroute(isUpload);
      } finally {
        page.off("request", onRequest);
      }
    },
  );

  it.skipIf(!hasShared(BOUNDARIES))(
    "draws real district shapes once an administrator loads boundaries, and a corrected file on the next load",
    async () => {
      const { page } = browser;
      const upload = async (name: string, buffer: Buffer, loaded: RegExp) => {
        await page.goto(`${server.url}/admin/boundaries`);
        await page
          .getByLabel("Boundary file")
          .setInputFiles({ name, mimeType: "application/geo+json", buffer });
        await page.getByRole("button", { name: "Load the boundaries" }).click();
        await page.getByText("The boundaries are loaded.").waitFor();
        await page.getByText(loaded).waitFor();
      };
      const nyarugengePath = () =>
        page.locator('.boundary-map .shapes a[aria-label^="Nyarugenge:"] path').getAttribute("d");

      // A first, wrong file (squares), seen once so that the browser holds it.
      await upload("squares.geojson", squaresFile(BOUNDARIES), /^30 districts loaded from squares\.geojson/);
      await page.goto(`${server.url}/coordination?theme=legal_aid`);
      await page.locator(".boundary-map .shapes path").first().waitFor();
      const squares = await nyarugengePath();
      // The corrected file, written as RFC 7946 says (every ring the other way round from the reference).
      await upload(
        "rwanda-rfc7946.geojson",
        rfc7946Copy(BOUNDARIES),
        /^30 districts loaded from rwanda-rfc7946/,
      );
      await page.goto(`${server.url}/coordination?theme=legal_aid`);
      await page.locator(".boundary-map .shapes path").first().waitFor();
      await expect.poll(nyarugengePath).not.toBe(squares);
      expect(await page.getByRole("button", { name: "Real shapes" }).getAttribute("aria-pressed")).toBe(
        "true",
      );
      expect(await page.locator(".boundary-map .shapes a.tile").count()).toBe(30);

      // Sensible shapes: each district a small part of the map (inside out, one would cover all of it).
      const svg = await rectOf(page.locator("svg.boundary-map"));
      for (const path of await page.locator(".boundary-map .shapes path").all()) {
        const box = await rectOf(path);
        expect(box.width).toBeLessThan(svg.width / 3);
        expect(box.height).toBeLessThan(svg.height / 2);
      }
      // Names and counts on top of every shape, none covering another; Kigali enlarged beside the country.
      const labels = await page.locator(".map-labels text").all();
      expect(labels).toHaveLength(30);
      const boxes = await Promise.all(labels.map(rectOf));
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1)) expect(apart(a, b)).toBe(true);
      expect(await page.locator(".map-labels text", { hasText: "Nyamasheke" }).count()).toBe(1);
      expect(await page.locator("svg.boundary-map > g").last().getAttribute("class")).toBe("map-labels");
      const kicukiro = await rectOf(page.locator('.kigali-inset a[aria-label^="Kicukiro:"] path'));
      expect(Math.min(kicukiro.width, kicukiro.height)).toBeGreaterThanOrEqual(40);
      await screenshot(page, "56-coordination-boundaries");
      await screenshotOf(page.locator(".district-map"), "56a-boundary-map-desktop");

      // On a phone: the real shapes too, with Kigali under the country, and the loaded file named under them.
      await page.setViewportSize({ width: 360, height: 780 });
      try {
        await page.goto(`${server.url}/coordination?theme=legal_aid`);
        await page.locator(".boundary-map .shapes path").first().waitFor();
        expect(await page.getByRole("button", { name: "Real shapes" }).getAttribute("aria-pressed")).toBe(
          "true",
        );
        expect(await page.locator(".map-credit").textContent()).toBe(
          "Boundaries: rwanda-rfc7946.geojson, loaded by an administrator",
        );
        const phone = await rectOf(page.locator("svg.boundary-map"));
        expect(phone.width).toBeLessThanOrEqual(360);
        const onPhone = await page.locator(".map-labels text").all();
        const phoneLabels = await Promise.all(onPhone.map(rectOf));
        const phoneNames = await Promise.all(onPhone.map((l) => l.getAttribute("data-code")));
        for (const [i, a] of phoneLabels.entries())
          for (const [j, b] of phoneLabels.entries())
            if (j > i) expect(apart(a, b), `${phoneNames[i]} × ${phoneNames[j]}`).toBe(true);
        for (const name of ["Nyarugenge", "Gasabo", "Kicukiro"]) {
          const box = await rectOf(page.locator(`.kigali-inset a[aria-label^="${name}:"] path`));
          expect(Math.min(box.width, box.height), name).toBeGreaterThanOrEqual(40);
        }
        await screenshot(page, "59-coordination-boundaries-360");
        await screenshotOf(page.locator(".district-map"), "59a-boundary-map-360");
        await page.locator('.kigali-inset a[aria-label^="Nyarugenge:"]').click();
        await page.waitForURL(/\/coordination\/districts\/RW-D11$/);
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }

      // The administrator goes back to the built-in boundaries: the map draws them, with their credit, again.
      await page.goto(`${server.url}/admin/boundaries`);
      await page.getByText(/^30 districts loaded from rwanda-rfc7946/).waitFor();
      await page.getByRole("button", { name: "Use the built-in boundaries again" }).click();
      await page.getByText("The built-in boundaries are in use again.").waitFor();
      await page
        .getByText("The built-in boundaries are in use: 30 districts from geoBoundaries / NISR")
        .waitFor();
      await screenshot(page, "59b-boundaries-built-in-again");
      await page.goto(`${server.url}/coordination?theme=legal_aid`);
      await page.locator(".boundary-map .shapes path").first().waitFor();
      await expectCreditShown(page, 1280);
    },
  );
});
