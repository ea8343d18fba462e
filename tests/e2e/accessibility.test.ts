// Every page a signed-in administrator can open, checked by axe-core (WCAG 2.1 A and AA rules) at 1366 px in English
// and at 360 px in Kinyarwanda, on the example data: zero violations. Each page's title names the page, and moving to
// another page inside the app moves the focus to its heading (what a screen reader announces).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Violation = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, each with up to three of its elements. */
async function violationsOn(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy rightly refuses an inline script tag.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  }, WCAG_21_AA);
}

/** Ids of records the example data holds, read through the API as the browser would, for the pages of one record. */
async function exampleIds(page: Page): Promise<Record<string, string | undefined>> {
  return page.evaluate(async () => {
    const first = async (path: string, pick: (body: unknown) => unknown) => {
      const res = await fetch(path);
      if (!res.ok) return undefined;
      const id = pick(await res.json());
      return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
    };
    type Items = { items?: { id: string }[] } | { id: string }[];
    const firstItem = (body: unknown) => {
      const items = Array.isArray(body) ? body : (body as Exclude<Items, unknown[]>).items;
      return (items as { id: string }[] | undefined)?.[0]?.id;
    };
    // The example data's other parts, as "Load the example data" on the home page loads them.
    for (const part of ["incidents", "monitoring", "programme"]) {
      const offer = await fetch(`/api/demo/${part}`);
      const available = offer.ok && ((await offer.json()) as { available?: boolean }).available !== false;
      if (available) await fetch(`/api/demo/${part}`, { method: "POST" });
    }
    return {
      organisation: await first("/api/organisations?limit=1", firstItem),
      agreement: await first("/api/agreements?limit=1", firstItem),
      programme: await first("/api/programmes?limit=1", firstItem),
      report: await first("/api/submissions?limit=1", firstItem),
      visit: await first("/api/monitoring-visits?limit=1", firstItem),
      place: await first("/api/places?kind=place_of_detention&limit=1", firstItem),
      recommendation: await first("/api/recommendations?limit=1", firstItem),
    };
  });
}

/** The app's pages, with the record each needs (none: a page of its own). */
// The pages of one meeting, incident, referral and outbox message are checked where their walk-throughs open them
// (meetings, incidents and accounts tests): the example data holds none of those records.
const ROUTES: { path: string; needs?: string }[] = [
  { path: "/" },
  { path: "/organisations" },
  { path: "/organisations/new" },
  { path: "/organisations/:organisation", needs: "organisation" },
  { path: "/organisations/:organisation/edit", needs: "organisation" },
  { path: "/account" },
  { path: "/admin/users" },
  { path: "/admin/users/activity" },
  { path: "/admin/outbox" },
  { path: "/admin/themes" },
  { path: "/admin/boundaries" },
  { path: "/agreements" },
  { path: "/agreements/overview" },
  { path: "/agreements/new" },
  { path: "/agreements/:agreement", needs: "agreement" },
  { path: "/agreements/:agreement/edit", needs: "agreement" },
  { path: "/import" },
  { path: "/programmes" },
  { path: "/programmes/new" },
  { path: "/programmes/dashboard" },
  { path: "/programmes/:programme", needs: "programme" },
  { path: "/programmes/:programme/edit", needs: "programme" },
  { path: "/programmes/:programme/dashboard", needs: "programme" },
  { path: "/coordination" },
  { path: "/coordination/gaps" },
  { path: "/coordination/districts/RW-D42" },
  { path: "/reports" },
  { path: "/reports/timeliness" },
  { path: "/reports/obligations" },
  { path: "/reports/:report", needs: "report" },
  { path: "/meetings" },
  { path: "/incidents" },
  { path: "/incidents/new" },
  { path: "/incidents/statistics" },
  { path: "/referrals" },
  { path: "/service-providers" },
  { path: "/monitoring/roadmap" },
  { path: "/monitoring/visits" },
  { path: "/monitoring/visits/new" },
  { path: "/monitoring/visits/:visit", needs: "visit" },
  { path: "/monitoring/occupancy" },
  { path: "/monitoring/occupancy/import" },
  { path: "/monitoring/places/:place", needs: "place" },
  { path: "/monitoring/recommendations" },
  { path: "/monitoring/recommendations/new" },
  { path: "/monitoring/recommendations/:recommendation", needs: "recommendation" },
  { path: "/monitoring/recommendations/:recommendation/edit", needs: "recommendation" },
  { path: "/monitoring/tracker" },
  { path: "/no-such-page" },
];

/**
 * Moves to `path` inside the app as a click on a link would (the router follows the history), then waits until the
 * page has settled: its level-one heading shown and nothing changed on it for a quarter of a second. Whether the
 * heading appeared is returned, and what then has the focus.
 */
async function moveTo(page: Page, path: string): Promise<{ heading: boolean; focused: string }> {
  await page.evaluate((to) => {
    window.history.pushState({}, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  const heading = await page
    .locator("main h1, .page h1")
    .first()
    .waitFor({ timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
  await page.evaluate(
    () =>
      new Promise<void>((settled) => {
        let quiet = setTimeout(done, 250);
        const observer = new MutationObserver(() => {
          clearTimeout(quiet);
          quiet = setTimeout(done, 250);
        });
        const giveUp = setTimeout(done, 8000);
        function done() {
          observer.disconnect();
          clearTimeout(giveUp);
          settled();
        }
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      }),
  );
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}${a.closest("main") ? " in main" : ""}` : "none";
  });
  return { heading, focused };
}

describe.skipIf(!run)("accessibility of every page", () => {
  let server: RunningServer;
  let browser: Browser;
  let ids: Record<string, string | undefined>;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData({ width: 1366, height: 900 }));
    ids = await exampleIds(browser.page);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-accessibility-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pages = () =>
    ROUTES.map(({ path, needs }) => {
      const id = needs ? ids[needs] : undefined;
      return { path, url: needs ? (id ? path.replace(`:${needs}`, id) : null) : path };
    });

  it.each([
    { width: 1366, height: 900, language: "en" },
    { width: 360, height: 740, language: "rw" },
  ])(
    "no WCAG 2.1 A/AA violation on any page at $width px in $language",
    async ({ width, height, language }) => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      // The account's language, as the language list in the top bar sets it.
    await page.evaluate(async (locale) => {
      const me = (await (await fetch("/api/me")).json()) as { version: number };
      const res = await fetch("/api/me", {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": `"${me.version}"` },
        body: JSON.stringify({ locale }),
      });
      if (!res.ok) throw new Error(`PATCH /api/me: ${res.status}`);
      localStorage.setItem("ubufatanye.locale", locale);
    }, language);
      const missing = pages()
        .filter((p) => p.url === null)
        .map((p) => p.path);
      expect(missing, "pages without a record in the example data").toEqual([]);
      const found: string[] = [];
    const titles = new Map<string, string>();
    // One full load; every other page is reached inside the app, as a reader moves through it.
    await page.goto(`${server.url}/account`);
    await page.locator("main h1").first().waitFor();
    for (const { url } of pages()) {
      if (!url) continue;
      const { heading, focused } = await moveTo(page, url);
      if (!heading) {
        found.push(`${url}: no level-one heading`);
        await screenshot(page, `failed-accessibility-no-heading-${width}-${url.replace(/\W+/g, "-")}`);
      }
      // The new page is announced: the focus is on its heading, or on a field the page chose, never left behind.
      if (!focused.endsWith("in main")) found.push(`${url}: the focus stayed on ${focused}`);
      titles.set(url, await page.title());
      for (const v of await violationsOn(page)) {
        found.push(`${url}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(" | ")}`);
      }
    }
    await moveTo(page, "/coordination");
    await screenshot(page, `accessibility-coordination-${width}-${language}`);
    expect(found).toEqual([]);
      // Each page says what it is in the window's title, not only "Ubufatanye".
      const untitled = [...titles].filter(([, title]) => !/.+ – Ubufatanye$/.test(title));
      expect(untitled).toEqual([]);
    },
  );
});
