// Recent changes in the browser (issue 22): Aline, the administrator, on a 360 px phone registers an organisation and
// finds it at the top of "Recent changes" in English, French and Kinyarwanda; a Musanze case worker on a 1366 px
// screen records an incident (its text a canary) and sees "Incident created" without its content, in the three
// languages; Aline, who runs the register but not cases, sees no incident in the feed at all.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  sidewaysOverflow,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 900 };
const CANARY = "CANARY-FEED-7731";
const CASE_WORKER = {
  name: "Claudine Mukamana",
  email: "claudine@legalaid-feed.example",
  password: "Ubutabera ku bose 2026",
};

/** Picks the interface language from the top bar (behind "Menu" on a phone), as a person does. */
async function chooseLanguage(page: Page, lang: "en" | "fr" | "rw") {
  // The app draws its top bar once it knows who is signed in, after the page's load.
  await page.locator(".topbar .brand").waitFor();
  const menu = page.locator(".menu-button");
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  await page.locator("#main-nav .language-switcher select").selectOption(lang);
  await page.locator(`html[lang="${lang}"]`).waitFor();
  // On a phone the menu stays open over the page: close it, as one does after choosing.
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) === "true") await menu.click();
}

/** The feed's entries as text, once drawn. */
async function feedText(page: Page): Promise<string> {
  const feed = page.getByTestId("change-feed");
  await feed.waitFor();
  return (await feed.textContent()) ?? "";
}

describe.skipIf(!run)("recent changes in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let worker: Browser | undefined;
  let legalAidId = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startWithExampleData(PHONE));
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      const name = context.task.name.slice(0, 40).replace(/\W+/g, "-");
      await screenshot(admin.page, `failed-recent-changes-admin-${name}`);
      if (worker) await screenshot(worker.page, `failed-recent-changes-worker-${name}`);
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await worker?.close();
    await admin?.close();
    await server?.stop();
  });

  it("shows the administrator's new organisation at the top of the feed on a phone, in three languages", async () => {
    const { page } = admin;
    const created = await page.evaluate(async () => {
      const res = await fetch("/api/organisations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Legal Aid Musanze Feed", kind: "local_cso" }),
      });
      return { status: res.status, body: (await res.json()) as { id: string } };
    });
    expect(created.status).toBe(201);
    legalAidId = created.body.id;

    // From the menu, as on a phone.
    await page.locator(".menu-button").click();
    await page.locator("#main-nav").getByRole("link", { name: "Recent changes" }).click();
    await page.getByRole("heading", { level: 1, name: "Recent changes" }).waitFor();
    const first = page.locator(".change-entry").first();
    await first.waitFor();
    expect(await first.textContent()).toContain("Organisation created · Legal Aid Musanze Feed");
    expect(await first.textContent()).toContain("by Aline Uwase");
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "recent-changes-01-phone-en");

    // The module filter keeps the address; the agreements of the example data are there, the organisation is not.
    await page.getByLabel("Module").selectOption("agreements");
    await page.waitForURL(/module=agreements/);
    await page.locator(".change-entry").first().waitFor();
    expect(await feedText(page)).not.toContain("Legal Aid Musanze Feed");
    // The status report's import creates each agreement, then completes it.
    expect(await page.locator(".change-entry").first().textContent()).toMatch(
      /^Agreement (created|updated) · /,
    );
    await screenshot(page, "recent-changes-02-phone-en-agreements");

    await page.goto(`${server.url}/changes`);
    await chooseLanguage(page, "fr");
    await page.getByRole("heading", { level: 1, name: "Modifications récentes" }).waitFor();
    expect(await page.locator(".change-entry").first().textContent()).toContain(
      "Organisation : création · Legal Aid Musanze Feed",
    );
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "recent-changes-03-phone-fr");

    await page.goto(`${server.url}/changes`);
    await chooseLanguage(page, "rw");
    await page.getByRole("heading", { level: 1, name: "Ibyahindutse vuba" }).waitFor();
    expect(await page.locator(".change-entry").first().textContent()).toContain(
      "Umuryango: kwandikwa · Legal Aid Musanze Feed",
    );
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "recent-changes-04-phone-rw");
    await chooseLanguage(page, "en");
  });

  it("shows a case worker 'Incident created' without its content; the administrator sees no incident", async () => {
    const musanze = await admin.page.evaluate(async () => {
      const res = await fetch("/api/places?kind=district&q=Musanze&limit=5");
      const found = (await res.json()) as { items: { id: string; name: string }[] };
      return found.items.find((d) => d.name === "Musanze")?.id ?? "";
    });
    const user = await admin.page.evaluate(
      async ({ who, organisationId }) => {
        const res = await fetch("/api/users", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            ...who,
            locale: "en",
            grants: [{ role: "case_worker", scopeType: "organisation", scopeId: organisationId }],
            organisationIds: [organisationId],
          }),
        });
        return res.status;
      },
      { who: CASE_WORKER, organisationId: legalAidId },
    );
    expect(user).toBe(201);

    worker = await launchBrowser(DESKTOP);
    const { page } = worker;
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[type="email"]').fill(CASE_WORKER.email);
    await page.locator('input[type="password"]').fill(CASE_WORKER.password);
    await page.locator('button[type="submit"]').click();
    await page.locator(".stats").waitFor();
    const incident = await page.evaluate(
      async ({ musanze, organisationId, canary }) => {
        const res = await fetch("/api/incidents", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            kind: "hindrance_to_justice",
            occurredOn: "2026-11",
            placeKind: "district",
            placeId: musanze,
            description: `${canary}: held 11 days at the station without a lawyer`,
            reportingOrganisationId: organisationId,
            persons: [
              {
                role: "victim",
                sex: "male",
                ageGroup: "25-59",
                nationality: "RW",
                disability: "none",
                identity: { name: `${canary} Nkurunziza`, contact: "+250 788 000 111" },
              },
            ],
          }),
        });
        return { status: res.status, body: (await res.json()) as { id: string; reference: string } };
      },
      { musanze, organisationId: legalAidId, canary: CANARY },
    );
    expect(incident.status).toBe(201);

    // From the top bar's "More" list, as on a desktop.
    await page.getByRole("button", { name: "More" }).click();
    await page.locator("#nav-more-list").getByRole("link", { name: "Recent changes" }).click();
    await page.getByRole("heading", { level: 1, name: "Recent changes" }).waitFor();
    const first = page.locator(".change-entry").first();
    await first.waitFor();
    expect(await first.textContent()).toContain("Incident created · Open");
    expect(await first.textContent()).toContain("by Claudine Mukamana");
    expect(await first.getByRole("link", { name: "Open" }).getAttribute("href")).toBe(
      `/incidents/${incident.body.id}`,
    );
    const html = await page.content();
    expect(html).not.toContain(CANARY);
    expect(html).not.toContain(incident.body.reference);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, "recent-changes-05-desktop-en-case-worker");

    for (const [lang, heading, text] of [
      ["fr", "Modifications récentes", "Incident : création · Ouvrir"],
      ["rw", "Ibyahindutse vuba", "Icyabaye: kwandikwa · Fungura"],
    ] as const) {
      await chooseLanguage(page, lang);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      expect(await page.locator(".change-entry").first().textContent()).toContain(text);
      expect(await page.content()).not.toContain(CANARY);
      await screenshot(page, `recent-changes-06-desktop-${lang}-case-worker`);
    }
    await chooseLanguage(page, "en");

    // Aline runs the register, not cases: the incidents module shows her nothing, and the whole feed no incident.
    await admin.page.goto(`${server.url}/changes?module=incidents`);
    await admin.page.getByText("No change to show.").waitFor();
    await screenshot(admin.page, "recent-changes-07-phone-en-admin-no-incidents");
    await admin.page.goto(`${server.url}/changes`);
    const everything = await feedText(admin.page);
    expect(everything).toContain("Legal Aid Musanze Feed");
    expect(everything).not.toContain("Incident");
    expect(await admin.page.content()).not.toContain(CANARY);
  });
});
