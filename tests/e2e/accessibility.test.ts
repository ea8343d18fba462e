// Every page a signed-in administrator can open, checked by axe-core (WCAG 2.1 A and AA rules) at 1366 px in English
// and at 360 px in Kinyarwanda, on the example data: zero violations. Each page's title names the page, and moving to
// another page inside the app moves the focus to its heading (what a screen reader announces).
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, violationsOn } from "./axe";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  screenshot,
  sidewaysOverflow,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
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
    for (const part of ["incidents", "monitoring", "programme", "partnership"]) {
      const offer = await fetch(`/api/demo/${part}`);
      const available = offer.ok && ((await offer.json()) as { available?: boolean }).available !== false;
      if (available) await fetch(`/api/demo/${part}`, { method: "POST" });
    }
    // A library document (a PDF with no text: its page says why) and a lesson citing it, with a comment, written by
    // a member of the example partnership (so that its page lists the lesson).
    const partnershipId = await first("/api/partnerships", firstItem);
    const organisationId = partnershipId
      ? await first(
          `/api/partnerships/${partnershipId}`,
          (body) => (body as { members?: { organisationId: string }[] }).members?.[0]?.organisationId,
        )
      : await first("/api/organisations?limit=1", firstItem);
    const upload = new FormData();
    upload.set("title", "Evaluation of the healing programme");
    upload.set("kind", "evaluation");
    upload.set("language", "en");
    upload.set(
      "file",
      new File(
        ["%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"],
        "e.pdf",
        {
          type: "application/pdf",
        },
      ),
    );
    const libraryDocument = await fetch("/api/library/documents", { method: "POST", body: upload });
    const documentId = libraryDocument.ok ? ((await libraryDocument.json()) as { id: string }).id : undefined;
    const lessonAnswer = await fetch("/api/library/lessons", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        title: "Healing groups need local facilitators",
        whatHappened: "Groups stopped meeting when the visiting facilitators left.",
        whatWasLearned: "Healing lasts where facilitators live in the cell.",
        language: "en",
        organisationId,
        evidenceDocumentIds: documentId ? [documentId] : [],
      }),
    });
    const lessonId = lessonAnswer.ok ? ((await lessonAnswer.json()) as { id: string }).id : undefined;
    if (lessonId)
      await fetch(`/api/library/lessons/${lessonId}/comments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: "Same in Huye." }),
      });
    return {
      libraryDocument: documentId,
      lesson: lessonId,
      organisation: await first("/api/organisations?limit=1", firstItem),
      agreement: await first("/api/agreements?limit=1", firstItem),
      programme: await first("/api/programmes?limit=1", firstItem),
      report: await first("/api/submissions?limit=1", firstItem),
      visit: await first("/api/monitoring-visits?limit=1", firstItem),
      place: await first("/api/places?kind=place_of_detention&limit=1", firstItem),
      recommendation: await first("/api/recommendations?limit=1", firstItem),
      partnership: await first("/api/partnerships", firstItem),
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
  { path: "/admin/iati-sectors" },
  { path: "/admin/public-portal" },
  { path: "/admin/boundaries" },
  { path: "/agreements" },
  { path: "/agreements/overview" },
  { path: "/agreements/new" },
  { path: "/agreements/:agreement", needs: "agreement" },
  { path: "/agreements/:agreement/edit", needs: "agreement" },
  { path: "/import" },
  { path: "/import/loads" },
  { path: "/programmes" },
  { path: "/programmes/new" },
  { path: "/programmes/dashboard" },
  { path: "/programmes/:programme", needs: "programme" },
  { path: "/programmes/:programme/edit", needs: "programme" },
  { path: "/programmes/:programme/dashboard", needs: "programme" },
  { path: "/programmes/:programme/results-table", needs: "programme" },
  { path: "/programmes/results-table" },
  { path: "/coordination" },
  { path: "/coordination/gaps" },
  { path: "/coordination/districts/RW-D42" },
  // Musanze: its reports late this quarter (the example data's reporting) make a wide table.
  { path: "/coordination/districts/RW-D43" },
  // A district that does not exist: still a page with a heading that says so.
  { path: "/coordination/districts/RW-D99" },
  { path: "/reports" },
  { path: "/reports/timeliness" },
  { path: "/reports/obligations" },
  { path: "/reports/:report", needs: "report" },
  { path: "/meetings" },
  // Seed 004's Rwanda Peace Partnership: members, the members' work by theme, overlaps and a joint event.
  { path: "/partnerships" },
  { path: "/partnerships/new" },
  { path: "/partnerships/:partnership", needs: "partnership" },
  { path: "/partnerships/:partnership/edit", needs: "partnership" },
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
  { path: "/changes" },
  { path: "/library" },
  { path: "/library?q=healing" },
  { path: "/library/documents/new" },
  { path: "/library/documents/:libraryDocument", needs: "libraryDocument" },
  { path: "/library/documents/:libraryDocument/edit", needs: "libraryDocument" },
  { path: "/library/lessons/new" },
  { path: "/library/lessons/:lesson", needs: "lesson" },
  { path: "/library/lessons/:lesson/edit", needs: "lesson" },
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
        observer.observe(document.body, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
      }),
  );
  const focusNow = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}${a.closest("main") ? " in main" : ""}` : "none";
    });
  // A page moves the focus once its record has come; on a loaded machine that can be after a quiet quarter second.
  let focused = await focusNow();
  for (let waited = 0; !focused.endsWith("in main") && waited < 5000; waited += 250) {
    await page.waitForTimeout(250);
    focused = await focusNow();
  }
  return { heading, focused };
}

/** The account's language, as the language list in the top bar sets it. */
async function useLanguage(page: Page, locale: string): Promise<void> {
  await page.evaluate(async (l) => {
    const me = (await (await fetch("/api/me")).json()) as { version: number };
    const res = await fetch("/api/me", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": `"${me.version}"` },
      body: JSON.stringify({ locale: l }),
    });
    if (!res.ok) throw new Error(`PATCH /api/me: ${res.status}`);
    localStorage.setItem("ubufatanye.locale", l);
  }, locale);
}

/** What has the focus: its label (or aria-label, or text) and role, for the test's messages. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return "the page";
    const label = a.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null;
    const name = (label ?? a.getAttribute("aria-label") ?? a.textContent ?? "").trim();
    return `${a.getAttribute("role") ?? a.tagName.toLowerCase()} “${name}”`;
  });
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

  // axe's WCAG 2.1 A/AA rules read the document, not the window's width or the words: they run in the first pass only
  // (~20 s of CI each pass). The phone pass in Kinyarwanda keeps the checks that depend on width and language:
  // a level-one heading, the focus on the new page, nothing past the edge, a title per page.
  it.each([
    { width: 1366, height: 900, language: "en", axe: true },
    { width: 360, height: 740, language: "rw", axe: false },
  ])(
    "every page at $width px in $language: heading, focus, width, title (axe: $axe)",
    async ({ width, height, language, axe }) => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await useLanguage(page, language);
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
        // Nothing runs off the side of a phone (a table may scroll inside its own region).
        const sideways = await sidewaysOverflow(page);
        if (sideways > 0) {
          // The innermost elements past the edge, to say what to fix.
          const past = await page.evaluate((w) => {
            const out: string[] = [];
            for (const el of document.querySelectorAll("main *")) {
              // Past the edge, not inside a region that scrolls, and no child of it past the edge too.
              const past = (e: Element) => e.getBoundingClientRect().right > w + 1;
              if (!past(el) || el.closest(".table-scroll") || [...el.children].some(past)) continue;
              out.push(
                `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} “${(el.textContent ?? "").slice(0, 40)}”`,
              );
            }
            return out.slice(0, 3);
          }, width);
          found.push(`${url}: ${sideways} px wider than the ${width} px window (${past.join("; ")})`);
        }
        for (const v of axe ? await violationsOn(page) : []) {
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

  it("a partnership's page lists the lessons its members wrote, each a link into the library", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await useLanguage(page, "fr");
    await page.goto(`${server.url}/partnerships/${ids.partnership}`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Leçons apprises" }) });
    const lesson = section.getByRole("link", { name: "Healing groups need local facilitators" });
    await lesson.waitFor();
    expect(await section.textContent()).toContain("par un membre");
    expect(await sidewaysOverflow(page)).toBe(0);
    await lesson.scrollIntoViewIfNeeded();
    await screenshot(page, "partnership-lessons-360-fr");
    await lesson.click();
    await page.waitForURL(new RegExp(`/library/lessons/${ids.lesson}$`));
    await page.getByRole("heading", { name: "Healing groups need local facilitators" }).waitFor();
    await useLanguage(page, "en");
  });

  it("an agreement entered with the keyboard alone: errors at their fields, comboboxes for parties and places", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 900 });
    await useLanguage(page, "en");
    await page.goto(`${server.url}/agreements/new`);
    const title = page.getByLabel("Title");
    await title.waitFor();
    // Required fields say so to assistive technology, not only with a star.
    expect(await title.getAttribute("aria-required")).toBe("true");
    const addParty = page.getByRole("combobox", { name: "Add a party" });
    expect(await addParty.getAttribute("aria-required")).toBe("true");

    // Enter in the empty title sends the form: refused, one alert, the focus on the first field in error.
    await title.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("input “Title *”");
    expect(await page.locator("form [role=alert]").count()).toBe(1);
    await expectAccessible(page, "the agreement form after a refused save");

    await page.keyboard.type("MoU on legal aid in Musanze, typed");
    // A party by keyboard: type, the matches are announced, arrow down, Enter. The focus stays in the field.
    await addParty.focus();
    await page.keyboard.type("RCS");
    const status = page.locator(".combobox [role=status]").first();
    await expect.poll(() => status.textContent()).toMatch(/^\d+ match/);
    await page.getByRole("listbox").waitFor();
    expect(await addParty.getAttribute("aria-expanded")).toBe("true");
    await expectAccessible(page, "the party combobox with its matches");
    await page.keyboard.press("ArrowDown");
    const activeId = await addParty.getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${activeId}"]`).textContent()).toBe("Rwanda Correctional Service (RCS)");
    await page.keyboard.press("Enter");
    await page.locator(".party-row", { hasText: "Rwanda Correctional Service" }).waitFor();
    expect(await focused(page)).toBe("combobox “Add a party *”");
    expect(await addParty.inputValue()).toBe("");

    // A new organisation by keyboard: its option is the last; its kind is the next stop, then Create.
    await page.keyboard.type("Kinyarwanda Keyboard Aid");
    await page.getByRole("option", { name: "New organisation “Kinyarwanda Keyboard Aid”" }).waitFor();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("select “Kind”");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".party-row").count()).toBe(2);
    await expect.poll(() => focused(page)).toBe("combobox “Add a party”");

    // Removing a party names it, and hands the focus back to the search rather than to the page.
    const remove = page.getByRole("button", { name: "Remove Kinyarwanda Keyboard Aid" });
    await remove.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".party-row").count()).toBe(1);
    expect(await focused(page)).toBe("combobox “Add a party *”");
    await page.keyboard.type("Rwanda Bridges");
    await page.getByRole("option", { name: "Rwanda Bridges to Justice (RBJ)", exact: true }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".party-row").count()).toBe(2);

    // A place by keyboard, and Escape clears a search.
    const place = page.getByRole("combobox", { name: "Find a district, sector or facility" });
    await place.focus();
    await page.keyboard.type("Musanze");
    await page
      .getByRole("option", { name: /^Musanze/ })
      .first()
      .waitFor();
    await page.keyboard.press("Escape");
    expect(await place.inputValue()).toBe("");
    await page.keyboard.type("Musanze");
    await page
      .getByRole("option", { name: /^Musanze/ })
      .first()
      .waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /^Remove Musanze/ }).waitFor();
    expect(await focused(page)).toBe("combobox “Find a district, sector or facility”");
    // A chip removed by keyboard: the focus goes back to the search, then a place is chosen again.
    await page.getByRole("button", { name: /^Remove Musanze/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("combobox “Find a district, sector or facility”");
    expect(await page.getByRole("button", { name: /^Remove Musanze/ }).count()).toBe(0);
    await page.keyboard.type("Musanze");
    await page
      .getByRole("option", { name: /^Musanze/ })
      .first()
      .waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /^Remove Musanze/ }).waitFor();
    await page.getByRole("checkbox", { name: "Legal aid" }).check();
    await screenshot(page, "accessibility-agreement-form-keyboard");

    // Enter in the title sends it; the new agreement's page opens with the focus on its heading.
    await title.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/agreements\/[0-9a-f-]{36}$/);
    await expect.poll(() => focused(page)).toBe("h1 “MoU on legal aid in Musanze, typed”");
    expect(await page.title()).toBe("MoU on legal aid in Musanze, typed – Ubufatanye");
    await expectAccessible(page, "the new agreement's page");
  });

  it("the signed-out pages, at 360 px in French", async () => {
    const { page, context } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await context.clearCookies();
    for (const path of [
      "/sign-in",
      "/forgot-password",
      "/reset-password?token=not-a-token",
      "/accept-invitation?token=not-a-token",
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("h1").first().waitFor();
      if (path === "/sign-in") {
        await page
          .getByLabel(/Language|Langue|Ururimi/)
          .first()
          .selectOption("fr");
        await page.getByRole("heading", { name: "Se connecter" }).waitFor();
      }
      await page.waitForLoadState("networkidle");
      expect(await page.title()).toMatch(/.+ – Ubufatanye$/);
      expect(await page.title()).not.toBe("Ubufatanye – Ubufatanye");
      await expectAccessible(page, path);
    }
    // A refused sign-in: the error is said once, and the page stays free of violations.
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[type="email"]').fill("nobody@example.org");
    await page.locator('input[type="password"]').fill("not the password at all");
    await page.locator('button[type="submit"]').click();
    await page.locator("[role=alert]").first().waitFor();
    await expectAccessible(page, "the sign-in page after a refused sign-in");
    await screenshot(page, "accessibility-sign-in-refused-fr-360");
  });
});
