// The library as issue 21's users try it: with the Rwanda Peace Partnership loaded as example data, Jeanne of
// Interpeace, on a 360 px phone, uploads a French evaluation report, records a lesson on trauma healing with it as
// evidence for her programme, then changes the lesson (another place, no programme); a Word file saved with a password
// is kept and marked. Didier of Aegis Trust, in French on a desktop, finds the report by a phrase from inside the PDF,
// with the words highlighted, and from it the lesson. Neither may change the other's records.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FRENCH_PHRASE, frenchEvaluationPdf, passwordProtectedDocx } from "../library-files";
import {
  type Browser,
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  sidewaysOverflow,
  signIn,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 900 };
const JEANNE = {
  name: "Jeanne Mukeshimana",
  email: "jeanne@interpeace.example",
  password: "Amahoro arambye 2026",
};
const DIDIER = {
  name: "Didier Habimana",
  email: "didier@aegis.example",
  password: "Kwibuka no kwiyubaka 2026",
};
const REPORT = "Évaluation du programme de guérison, Musanze 2025";
const LESSON = "Trauma healing groups need trained local facilitators";

/** Chooses the match of a search field (a combobox) after typing part of its name. */
async function choose(page: Page, label: string | RegExp, typed: string, option: string | RegExp) {
  const field = page.getByRole("combobox", { name: label });
  await field.fill(typed);
  // The search's list box: the organisation <select> on the same form has options too.
  await page.getByRole("listbox").getByRole("option", { name: option }).first().click();
}

describe.skipIf(!run)("the documents and lessons library in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let jeanne: Browser | undefined;
  let didier: Browser | undefined;
  let lessonId = "";
  let reportId = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startWithExampleData(DESKTOP));
    // The partnership of seed 004 as example data, and one partner editor in each of two of its members.
    const created = await admin.page.evaluate(
      async ({ people }) => {
        const loaded = await fetch("/api/demo/partnership", { method: "POST" });
        const idOf = async (q: string) => {
          const res = await fetch(`/api/organisations?q=${encodeURIComponent(q)}&limit=5`);
          return ((await res.json()) as { items: { id: string; name: string }[] }).items.find(
            (o) => o.name === q,
          )?.id;
        };
        const statuses = [loaded.status];
        for (const [who, organisation, locale] of people) {
          const organisationId = await idOf(organisation);
          const res = await fetch("/api/users", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              ...who,
              locale,
              grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: organisationId }],
              organisationIds: [organisationId],
            }),
          });
          statuses.push(res.status);
        }
        return statuses;
      },
      {
        people: [
          [JEANNE, "Interpeace", "en"],
          [DIDIER, "Aegis Trust", "fr"],
        ] as const,
      },
    );
    expect(created).toEqual([201, 201, 201]);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      const name = context.task.name.slice(0, 40).replace(/\W+/g, "-");
      for (const [who, b] of [
        ["jeanne", jeanne],
        ["didier", didier],
      ] as const)
        if (b) await screenshot(b.page, `failed-library-${who}-${name}`);
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await didier?.close();
    await jeanne?.close();
    await admin?.close();
    await server?.stop();
  });

  it("a member uploads an evaluation on a phone, records a lesson citing it, then changes the lesson", async () => {
    jeanne = await launchBrowser(PHONE);
    const { page } = jeanne;
    await signIn(page, server.url, JEANNE);
    await page.goto(`${server.url}/library`);
    await page.getByRole("link", { name: "Upload a document" }).click();
    await page.getByRole("heading", { level: 1, name: "Upload a document" }).waitFor();
    await page.getByLabel("File").setInputFiles({
      name: "evaluation-musanze-2025.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(await frenchEvaluationPdf()),
    });
    await page.locator("form.card").getByLabel("Title").fill(REPORT);
    await page.locator("form.card").getByLabel("Kind").selectOption("evaluation");
    await page.locator("form.card").getByLabel("Language").selectOption("fr");
    await choose(page, /Find a place/, "Musanze", /^Musanze/);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "library-01-upload-360-en");
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("heading", { level: 1, name: REPORT }).waitFor();
    reportId = page.url().split("/").pop() ?? "";
    // The text is read by a background job: the page says so until it is searchable.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole("heading", { level: 1, name: REPORT }).waitFor();
          return (await page.locator(".page").textContent()) ?? "";
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toMatch(/Its text \([\d,]+ characters\) is searchable/);
    expect(await page.locator(".facts").textContent()).toContain("Musanze");
    await screenshot(page, "library-02-document-360-en");

    await page.getByRole("link", { name: "Record a lesson with this document as evidence" }).click();
    await page.getByRole("heading", { level: 1, name: "Record a lesson" }).waitFor();
    expect(await page.getByRole("checkbox", { name: REPORT }).isChecked()).toBe(true);
    await page.locator("form.card").getByLabel("Title").fill(LESSON);
    await page
      .getByLabel("What happened")
      .fill("Dialogue groups in Musanze stopped meeting when the visiting facilitators left.");
    await page
      .getByLabel("What was learned")
      .fill("Community trauma healing lasts where the facilitators live in the cell.");
    await page.getByLabel("Recommendation").fill("Train two facilitators per cell before a group starts.");
    await choose(page, /Find the programme/, "trauma", "Societal trauma healing (example)");
    // One programme: its search field goes once it is chosen.
    await expect.poll(() => page.getByRole("combobox", { name: /Find the programme/ }).count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "library-03-lesson-form-360-en");
    await page.getByRole("button", { name: "Save the lesson" }).click();
    await page.getByRole("heading", { level: 1, name: LESSON }).waitFor();
    lessonId = page.url().split("/").pop() ?? "";
    const facts = page.locator(".facts");
    expect(await facts.getByRole("link", { name: "Societal trauma healing (example)" }).count()).toBe(1);
    expect(await facts.getByRole("link", { name: REPORT }).count()).toBe(1);
    await screenshot(page, "library-04-lesson-360-en");

    // Changed: a place added, the programme taken off.
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("heading", { level: 1, name: "Change the lesson" }).waitFor();
    await expect.poll(() => page.locator("form.card").getByLabel("Title").inputValue()).toBe(LESSON);
    await choose(page, /Find a place/, "Musanze", /^Musanze/);
    await page.getByRole("button", { name: "Remove Societal trauma healing (example)" }).click();
    await page.getByRole("combobox", { name: /Find the programme/ }).waitFor();
    await page.getByRole("button", { name: "Save the lesson" }).click();
    await page.getByRole("heading", { level: 1, name: LESSON }).waitFor();
    await expect.poll(async () => (await facts.textContent()) ?? "").toContain("Musanze");
    expect(await facts.getByRole("link", { name: "Societal trauma healing (example)" }).count()).toBe(0);
    await screenshot(page, "library-05-lesson-changed-360-en");
  });

  it("keeps a Word file saved with a password, and says its text could not be read", async () => {
    const page = jeanne?.page;
    if (!page) throw new Error("the first walk did not open Jeanne's browser");
    // A language switched, and at once another page: that page shows it, and the account keeps it.
    const accountLocale = () =>
      page.evaluate(() =>
        fetch("/api/me")
          .then((r) => r.json())
          .then((me: { locale: string }) => me.locale),
      );
    // Leaving the page cancels the save of the account's language: the first save is dropped here, as it would be.
    let dropped = false;
    await page.route("**/api/me", (route) => {
      if (route.request().method() !== "PATCH" || dropped) return route.fallback();
      dropped = true;
      return route.abort();
    });
    await page.locator(".menu-button").click();
    await page.locator("#main-nav .language-switcher select").selectOption("rw");
    await expect.poll(() => dropped).toBe(true);
    await page.unroute("**/api/me");
    await page.goto(`${server.url}/library`);
    await page.locator('html[lang="rw"]').waitFor();
    await expect.poll(accountLocale).toBe("rw");
    await page.locator(".menu-button").click();
    await page.locator("#main-nav .language-switcher select").selectOption("en");
    await page.locator('html[lang="en"]').waitFor();
    await expect.poll(accountLocale).toBe("en");
    await page.goto(`${server.url}/library/documents/new`);
    await page.getByLabel("File").setInputFiles({
      name: "evaluation-protegee.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: Buffer.from(await passwordProtectedDocx()),
    });
    await page.locator("form.card").getByLabel("Title").fill("Évaluation confidentielle (protégée)");
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("heading", { level: 1, name: "Évaluation confidentielle (protégée)" }).waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole("heading", { level: 1 }).waitFor();
          return (await page.locator(".page").textContent()) ?? "";
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain("Text not extracted: the file is protected by a password.");
    expect(await page.getByRole("link", { name: "evaluation-protegee.docx" }).count()).toBe(1);
    await screenshot(page, "library-06-protected-word-360-en");
  });

  it("another member finds the report by a French phrase from inside the PDF, and from it the lesson", async () => {
    didier = await launchBrowser(DESKTOP);
    const { page } = didier;
    await signIn(page, server.url, DIDIER);
    await page.goto(`${server.url}/library`);
    await page.locator('html[lang="fr"]').waitFor();
    await page.getByRole("heading", { level: 1, name: "Documents et leçons" }).waitFor();
    await page.getByLabel("Rechercher", { exact: true }).fill(`"${FRENCH_PHRASE}"`);
    await page.getByRole("button", { name: "Rechercher" }).click();
    const hit = page.locator(".library-results li").filter({ hasText: REPORT });
    // Before the search the list shows the newest documents, this one among them, without an extract.
    await hit.locator("mark").first().waitFor();
    const marked = (await hit.locator("mark").allTextContents()).map((m) => m.toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(["guérison", "traumatismes", "communautaires"]));
    await screenshot(page, "library-07-search-phrase-1366-fr");
    await hit.getByRole("link", { name: REPORT }).click();
    await page.getByRole("heading", { level: 1, name: REPORT }).waitFor();
    // Not his organisation's: he reads it, he may not change or remove it.
    expect(await page.getByRole("link", { name: "Modifier" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Supprimer" }).count()).toBe(0);
    await page.getByRole("link", { name: LESSON }).click();
    await page.getByRole("heading", { level: 1, name: LESSON }).waitFor();
    expect(page.url()).toContain(`/library/lessons/${lessonId}`);
    expect(await page.getByRole("link", { name: "Modifier" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Réutiliser cette leçon" }).count()).toBe(1);
    await screenshot(page, "library-08-lesson-1366-fr");
    expect(reportId).not.toBe("");
  });

  it("the partnership's page shows the three members' programmes by theme, their overlaps and the lesson", async () => {
    const page = didier?.page;
    if (!page) throw new Error("the walk before did not open Didier's browser");
    await page.goto(`${server.url}/partnerships`);
    await page.getByRole("link", { name: /Rwanda Peace Partnership/ }).click();
    await page.getByRole("heading", { level: 1, name: /Rwanda Peace Partnership/ }).waitFor();
    const work = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { name: "Le travail des membres côte à côte" }) });
    await work.waitFor();
    const workText = (await work.textContent()) ?? "";
    for (const programme of [
      "Peace education, research and advocacy (example)",
      "Societal trauma healing (example)",
      "Dialogue spaces and youth for sustainable peace (example)",
    ])
      expect(workText).toContain(programme);
    const overlaps = page.locator(".overlap-list li");
    await overlaps.first().waitFor();
    // The three members work on reconciliation in Musanze: the 3W shows where they overlap.
    expect(await overlaps.filter({ hasText: "Musanze" }).first().textContent()).toMatch(
      /Aegis.*Interpeace.*Never Again/s,
    );
    const lessons = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { name: "Leçons apprises" }) });
    await lessons.getByRole("link", { name: LESSON }).waitFor();
    await screenshot(page, "library-09-partnership-1366-fr");
  });
});
