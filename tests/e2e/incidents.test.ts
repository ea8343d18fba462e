// Confidential incidents in the browser (issue 17): a CSO case worker in Musanze records a hindrance (a detainee
// held past the legal limit without a lawyer) and a trafficking case with the survivor's consent, and refers the
// survivor to Isange One Stop Centre for psychosocial support; Isange's case worker, on a phone in Kinyarwanda, sees
// the referral with the survivor's name, accepts it and logs a follow-up; a Huye case worker is told "not found" and a
// Musanze viewer sees no name; Musanze's district page shows the counts with small cells suppressed; the incident's
// access log lists each person who opened it; and after sign-out no browser holds anything of the case.
import type { APIResponse, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe";
import {
  type Browser,
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signIn,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };

const CSO_WORKER = {
  name: "Claudine Mukamana",
  email: "claudine@legalaid.example",
  password: "Ubutabera ku bose 2026",
};
const ISANGE_WORKER = {
  name: "Josiane Uwera",
  email: "josiane@isange.example",
  password: "Isange Musanze 2026 ok",
};
const HUYE_WORKER = {
  name: "Eric Habimana",
  email: "eric@huye-cso.example",
  password: "Huye ubutabera 2026 ok",
};
const VIEWER = {
  name: "Alice Ingabire",
  email: "alice@musanze.example",
  password: "Kureba gusa Musanze 2026",
};
const REVIEWER = {
  name: "Diane Mutesi",
  email: "diane@jrlos-huye.example",
  password: "Isuzuma Huye 2026 ok",
};
const EMERGENCY_REASON = "The detainee's family reports he is ill and untreated; checking where he is held.";

/** Names and texts that must never be left on a device, nor shown to a reader without the permission. */
const CANARY = "Kezia Canary-Uwimana";
const CANARY_CONTACT = "+250 788 123 456";
const DETAINEE_CANARY = "Jean-Bosco Canary-Nkurunziza";
const TRAFFICKING_TEXT =
  "Promised hotel work in Muscat; her passport was taken on arrival and her wages withheld.";
const HINDRANCE_TEXT =
  "Held 11 days at the station, past the legal limit, without seeing a lawyer or a judge.";

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

/** Sign-ins since the server's counter last started afresh, and when the last one was (the set-up signs in too). */
/**
 * Signs in through the page. The server allows five sign-ins a minute from one address (better-auth.ts); the
 * walk-through's six people each come from their own address (the server trusts one proxy hop here, and each
 * browser sends its own X-Forwarded-For), as six people on six machines would, so nobody waits for the counter.
 */
let addresses = 0;
/** Gives a browser its own client address, as the server sees it behind its one trusted proxy hop. */
async function ownAddress<B extends Browser>(browser: B): Promise<B> {
  addresses += 1;
  await browser.context.setExtraHTTPHeaders({ "x-forwarded-for": `10.17.0.${addresses}` });
  return browser;
}

/** The reference of the incident the page shows, once it is drawn ("INC-2026-00002"). */
async function referenceOf(page: Page): Promise<string> {
  const heading = page.locator(".incident-page h1");
  await heading.waitFor();
  const reference = /INC-\d{4}-\d+/.exec((await heading.textContent()) ?? "")?.[0];
  expect(reference).toBeDefined();
  return reference ?? "";
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Which of `needles` the device still holds: localStorage, sessionStorage, every IndexedDB database (every store's
 * keys and values) and every CacheStorage entry (URL and body). Also how much it looked at, so that an empty scan
 * cannot pass for a clean one.
 */
async function deviceHolds(page: Page, needles: string[]): Promise<{ found: string[]; looked: number }> {
  return page.evaluate(async (needles) => {
    const texts: string[] = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i) ?? "";
        texts.push(key, store.getItem(key) ?? "");
      }
    }
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const tx = db.transaction(name, "readonly");
          const keys = tx.objectStore(name).getAllKeys();
          const values = tx.objectStore(name).getAll();
          tx.oncomplete = () => resolve([keys.result, values.result]);
          tx.onerror = () => reject(tx.error);
        });
        texts.push(JSON.stringify(all));
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const answer = await cache.match(request);
        texts.push(request.url, answer ? await answer.text() : "");
      }
    }
    return { found: needles.filter((n) => texts.some((t) => t.includes(n))), looked: texts.length };
  }, needles);
}

describe.skipIf(!run)("confidential incidents and referrals in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let cso: Browser;
  let isange: Browser;
  let huye: Browser;
  let viewer: Browser;
  let reviewer: Browser;
  let step = "setup";
  let traffickingUrl = "";
  let traffickingReference = "";
  let hindranceReference = "";
  let hindranceUrl = "";
  let referralUrl = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser(undefined, { TRUST_PROXY: "1" }));
    await ownAddress(admin);
    await signUpFirstAdministrator(admin.page, server.url);
    const request = admin.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    const district = async (name: string) => {
      const found = await json<{ items: { id: string; name: string }[] }>(
        request.get(`${server.url}/api/places?kind=district&q=${name}&limit=5`),
      );
      const id = found.items.find((d) => d.name === name)?.id;
      expect(id, name).toBeDefined();
      return id ?? "";
    };
    const musanze = await district("Musanze");
    const huyeDistrict = await district("Huye");
    const organisation = (name: string, kind = "local_cso") =>
      json<{ id: string }>(
        request.post(`${server.url}/api/organisations`, { headers, data: { name, kind } }),
        201,
      );
    const legalAid = await organisation("Legal Aid Musanze");
    const isangeOrg = await organisation("Isange One Stop Centre Musanze", "government");
    const huyeCso = await organisation("Huye Legal Clinic");
    // Legal Aid Musanze reports quarterly to Musanze's JRLOS secretariat (a reference body): its first-quarter
    // report, to link the hindrance to.
    const [body] = await json<{ id: string }[]>(
      request.get(`${server.url}/api/reporting-bodies?districtId=${musanze}&kind=jrlos_secretariat`),
    );
    await json(
      request.post(`${server.url}/api/reporting-obligations`, {
        headers,
        data: {
          organisationId: legalAid.id,
          bodyId: body?.id,
          periodType: "quarter",
          dueDays: 15,
          startPeriod: "2026-Q1",
        },
      }),
      201,
    );
    await json(
      request.post(`${server.url}/api/submissions`, {
        headers,
        data: { organisationId: legalAid.id, period: "2026-Q1" },
      }),
      201,
    );
    const user = (
      who: typeof CSO_WORKER,
      locale: string,
      grants: unknown[],
      organisationIds: string[] = [],
    ) =>
      json(
        request.post(`${server.url}/api/users`, {
          headers,
          data: { name: who.name, email: who.email, password: who.password, locale, grants, organisationIds },
        }),
        201,
      );
    await user(
      CSO_WORKER,
      "en",
      [{ role: "case_worker", scopeType: "organisation", scopeId: legalAid.id }],
      [legalAid.id],
    );
    await user(
      ISANGE_WORKER,
      "rw",
      [{ role: "case_worker", scopeType: "organisation", scopeId: isangeOrg.id }],
      [isangeOrg.id],
    );
    await user(
      HUYE_WORKER,
      "en",
      [{ role: "case_worker", scopeType: "district", scopeId: huyeDistrict }],
      [huyeCso.id],
    );
    await user(VIEWER, "en", [{ role: "viewer", scopeType: "district", scopeId: musanze }]);
    await user(REVIEWER, "en", [{ role: "incident_reviewer", scopeType: "district", scopeId: huyeDistrict }]);
    [cso, isange, huye, viewer, reviewer] = await Promise.all([
      launchBrowser().then(ownAddress),
      launchBrowser(PHONE).then(ownAddress),
      launchBrowser().then(ownAddress),
      launchBrowser().then(ownAddress),
      launchBrowser().then(ownAddress),
    ]);
    await signIn(cso.page, server.url, CSO_WORKER);
    await signIn(isange.page, server.url, ISANGE_WORKER);
    await signIn(huye.page, server.url, HUYE_WORKER);
    await signIn(viewer.page, server.url, VIEWER);
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      for (const [who, b] of [
        ["admin", admin],
        ["cso", cso],
        ["isange", isange],
        ["huye", huye],
        ["viewer", viewer],
        ["reviewer", reviewer],
      ] as const) {
        await screenshot(b.page, `failed-incidents-${step}-${who}`).catch(() => undefined);
      }
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    for (const b of [reviewer, viewer, huye, isange, cso, admin]) await b?.close();
    await server?.stop();
  });

  it("the administrator lists Isange One Stop Centre as a psychosocial provider for Musanze", async () => {
    step = "provider";
    const { page } = admin;
    await page.goto(`${server.url}/service-providers`);
    await page.getByRole("button", { name: "Add a service provider" }).click();
    const form = page.locator("form.card");
    await form.getByLabel(/^Organisation/).fill("Isange");
    await form.getByRole("option", { name: "Isange One Stop Centre Musanze" }).click();
    await form.getByLabel("Psychosocial support").check();
    await form.getByLabel("Medical care").check();
    await form.getByLabel("Musanze", { exact: true }).check();
    await form.getByLabel("Phone").fill("+250 788 311 311");
    await form.getByLabel("Capacity").fill("12 new survivors a month");
    await form.getByRole("button", { name: "Save" }).click();
    const card = page.locator(".cards .card").filter({ hasText: "Isange One Stop Centre Musanze" });
    await card.getByText("12 new survivors a month", { exact: false }).waitFor();
    expect(await card.textContent()).toContain("Psychosocial support");
    await screenshot(page, "incidents-01-providers");
  });

  it("the CSO case worker records the hindrance: a detainee held past the legal limit without a lawyer", async () => {
    step = "hindrance";
    const { page } = cso;
    await page.getByRole("link", { name: "Incidents", exact: true }).first().click();
    await page.getByRole("heading", { name: "Incidents", exact: true }).waitFor();
    await page.getByRole("link", { name: "Record an incident" }).click();
    const form = page.locator("form.form");
    // Sent empty: every field to fix is named at once, and the first one takes the focus.
    await form.getByRole("button", { name: "Record the incident" }).click();
    await form.locator(".field-error").first().waitFor();
    expect(await form.locator(".field-error").allTextContents()).toEqual(
      expect.arrayContaining(["Choose the kind of incident.", "Say what happened."]),
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe("true");
    await form.getByLabel(/^Kind of incident/).selectOption("hindrance_to_justice");
    // Known to the month only: the day stays empty.
    await form.getByLabel("Month").first().selectOption("3");
    await form.getByLabel("Year").first().fill("2026");
    await form.getByLabel(/^Kind of place/).selectOption("detention");
    await form.getByLabel(/^District/).selectOption({ label: "Musanze" });
    await form.getByLabel(/^Place of detention/).selectOption({ label: "Musanze Correctional Facility" });
    await form.getByLabel(/^What happened/).fill(HINDRANCE_TEXT);
    expect(await form.getByLabel(/^Reporting organisation/).textContent()).toContain("Legal Aid Musanze");
    await form.getByLabel("Periodic report").selectOption({ label: "2026-Q1 (Draft)" });
    const person = form.getByRole("group", { name: "Person 1" });
    await person.getByLabel("Sex").selectOption("male");
    await person.getByLabel("Age group").selectOption("25-59");
    await person.getByLabel("Name").fill(DETAINEE_CANARY);
    await form.getByRole("button", { name: "Add an alleged perpetrator" }).click();
    const perpetrator = form.getByRole("group", { name: "Person 2" });
    await perpetrator.getByLabel("Kind of perpetrator").selectOption("state_agent");
    await screenshot(page, "incidents-02-hindrance-form");
    // Pressed twice in a hurry, it is sent once (counted after the next incident).
    await form.getByRole("button", { name: "Record the incident" }).dblclick();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    hindranceUrl = page.url().replace(server.url, "");
    await page.getByText(/^Incident .+ is recorded\.$/).waitFor();
    hindranceReference = await referenceOf(page);
    expect(hindranceReference).toMatch(/\S+/);
    const facts = await page.locator("dl.facts").first().textContent();
    expect(facts).toContain("March 2026");
    expect(facts).toContain("Musanze Correctional Facility");
    await expectAccessible(page, "an incident's page");
    // The periodic report it belongs to, named; a case worker does not hold the reports, so it is not a link.
    expect(facts).toContain("Periodic report2026-Q1 (Draft)");
    expect(await page.locator(".incident-description").textContent()).toBe(HINDRANCE_TEXT);
    // The detention register's page, kept with the incident and downloaded again.
    const files = page.getByRole("region", { name: "Files" });
    await files.getByLabel(/^Attach a file/).setInputFiles({
      name: "Register extract.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    });
    await files.getByRole("button", { name: "Attach", exact: true }).click();
    const link = files.getByRole("link", { name: "Register extract.pdf" });
    await link.waitFor();
    const download = await page.request.get(`${server.url}${await link.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the case worker corrects the hindrance's date and place, adds a witness and removes them, and removes the file", async () => {
    step = "correct";
    const { page } = cso;
    await page.goto(`${server.url}${hindranceUrl}`);
    await page.getByRole("button", { name: "Correct the facts" }).click();
    const form = page.locator("form.incident-edit");
    // The form opens on what was saved.
    expect(await form.getByLabel(/^Kind of place/).inputValue()).toBe("detention");
    expect(await form.getByLabel(/^What happened/).inputValue()).toBe(HINDRANCE_TEXT);
    // A required field emptied: named beside the field, which takes the focus; nothing is sent.
    await form.getByLabel(/^What happened/).fill("");
    await form.getByRole("button", { name: "Save the corrections" }).click();
    await form.getByText("Say what happened.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await form.getByLabel(/^What happened/).getAttribute("id"),
    );
    await form.getByLabel(/^What happened/).fill(HINDRANCE_TEXT);
    // The day is now known, and he was held at the station in Muhoza before the prison.
    await form.getByLabel(/^When it happened/).fill("4");
    await form.getByLabel(/^Kind of place/).selectOption("sector");
    expect(await form.getByLabel(/^District/).inputValue()).not.toBe("");
    await form.getByLabel(/^Sector/).selectOption({ label: "Muhoza" });
    await screenshot(page, "incidents-12-correct-facts");
    await page.setViewportSize(PHONE);
    await screenshot(page, "incidents-13-correct-facts-phone");
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize({ width: 1280, height: 900 });
    await form.getByRole("button", { name: "Save the corrections" }).click();
    await page.getByText("The corrections are saved.").waitFor();
    const facts = (await page.locator("dl.facts").first().textContent()) ?? "";
    expect(facts).toContain("4 March 2026");
    expect(facts).toContain("Muhoza");
    expect(facts).not.toContain("Correctional");

    // Someone else saves first: the form closes on their version and says so.
    await page.getByRole("button", { name: "Correct the facts" }).click();
    const current = await json<{ version: number }>(page.request.get(`${server.url}/api${hindranceUrl}`));
    await json(
      page.request.patch(`${server.url}/api${hindranceUrl}`, {
        headers: {
          origin: server.url,
          "content-type": "application/json",
          "if-match": `"${current.version}"`,
        },
        data: { occurredOn: "2026-03-05" },
      }),
    );
    await form.getByLabel(/^When it happened/).fill("6");
    await form.getByRole("button", { name: "Save the corrections" }).click();
    await page.getByText(/^Someone else changed this incident/).waitFor();
    await page.getByText("5 March 2026").waitFor();
    expect(await form.count()).toBe(0);

    // A witness added by mistake, then removed.
    const persons = page.getByRole("region", { name: "Persons" });
    const rows = persons.locator("li.incident-row");
    expect(await rows.count()).toBe(2);
    await persons.getByRole("button", { name: "Add a witness" }).click();
    const adding = persons.getByRole("form", { name: "Add a person" });
    await adding.getByLabel("Sex").selectOption("female");
    await adding.getByLabel("Name").fill("Witness by mistake");
    await adding.getByRole("button", { name: "Add the person" }).click();
    await rows.nth(2).waitFor();
    const witness = rows.filter({ hasText: "Witness by mistake" });
    expect(await witness.textContent()).toContain("Witness · Female");
    await witness.getByRole("button", { name: /^Remove P-.+ \(recorded by mistake\)$/ }).click();
    await witness.getByRole("button", { name: /^Remove P-[^ ]+$/ }).click();
    await witness.waitFor({ state: "detached" });
    expect(await rows.count()).toBe(2);

    // The detainee's age group corrected.
    // Found by code: while it is being changed, the name is in a field, not in the text.
    const code = await rows.filter({ hasText: DETAINEE_CANARY }).locator(".person-code").textContent();
    const detainee = persons.getByTestId(`person-${code}`);
    await detainee.getByRole("button", { name: /^Change P-/ }).click();
    const changing = detainee.getByRole("form", { name: /^Change P-/ });
    expect(await changing.getByLabel("Name").inputValue()).toBe(DETAINEE_CANARY);
    await changing.getByLabel("Age group").selectOption("18-24");
    await page.setViewportSize(PHONE);
    await changing.scrollIntoViewIfNeeded();
    await screenshot(page, "incidents-14-change-person-phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize({ width: 1280, height: 900 });
    await changing.getByRole("button", { name: "Save the changes" }).click();
    await detainee.getByText(/18–24 years/).waitFor();
    expect(await detainee.locator(".identity").textContent()).toContain(DETAINEE_CANARY);

    // The register's page attached to the wrong incident: removed after a second press.
    const files = page.getByRole("region", { name: "Files" });
    await files.getByRole("button", { name: "Remove Register extract.pdf" }).click();
    await files.getByText("Remove Register extract.pdf from the incident? This cannot be undone.").waitFor();
    await files.getByRole("button", { name: "Remove the file" }).click();
    await files.getByText("No file attached.").waitFor();
    const after = await json<{ attachments: unknown[]; persons: unknown[] }>(
      page.request.get(`${server.url}/api${hindranceUrl}`),
    );
    expect(after.attachments).toEqual([]);
    expect(after.persons.length).toBe(2);
  });

  it("records the trafficking case with its HTCDS details, the survivor's name and her consent", async () => {
    step = "trafficking";
    const { page } = cso;
    await page.goto(`${server.url}/incidents/new`);
    const form = page.locator("form.form");
    await form.getByLabel(/^Kind of incident/).selectOption("trafficking");
    await form.getByLabel(/^Kind of place/).selectOption("abroad");
    await form
      .getByLabel(/^Country/)
      .first()
      .selectOption("OM");
    await form.getByLabel("Month").first().selectOption("11");
    await form.getByLabel("Year").first().fill("2025");
    await form.getByLabel(/^What happened/).fill(TRAFFICKING_TEXT);
    await form.getByLabel("Forced labour").check();
    await form.getByLabel("On social media").check();
    await form.getByLabel("Identity or travel documents taken").check();
    await form.getByLabel("Debt bondage").check();
    await form.getByRole("button", { name: "Add a place" }).click();
    const recruitment = form.getByRole("group", { name: "Place 1" });
    await recruitment.getByLabel(/^District/).selectOption({ label: "Musanze" });
    await form.getByRole("button", { name: "Add a place" }).click();
    const exploitation = form.getByRole("group", { name: "Place 2" });
    await exploitation.getByLabel("Stage").selectOption("Exploitation");
    await exploitation.getByLabel(/^Country/).selectOption("OM");
    const survivor = form.getByRole("group", { name: "Person 1" });
    await survivor.getByLabel("Sex").selectOption("female");
    await survivor.getByLabel("Age group").selectOption("18-24");
    await survivor.getByLabel("Name").fill(CANARY);
    await survivor.getByLabel(/^Contact/).fill(CANARY_CONTACT);
    await screenshot(page, "incidents-03-trafficking-form");
    await form.getByRole("button", { name: "Record the incident" }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    traffickingUrl = page.url().replace(server.url, "");
    traffickingReference = await referenceOf(page);
    const mine = await json<{ total: number }>(page.request.get(`${server.url}/api/incidents?limit=10`));
    expect(mine.total).toBe(2);
    const trafficking = page.getByRole("region", { name: "Trafficking case details" });
    expect(await trafficking.textContent()).toContain("Forced labour");
    expect(await trafficking.textContent()).toContain("Identity or travel documents taken");
    expect(await trafficking.textContent()).toContain("Oman");
    // The case worker sees the name she wrote, and records the survivor's consent to a referral and to statistics.
    const persons = page.getByRole("region", { name: "Persons" });
    expect(await persons.locator(".identity").textContent()).toContain(CANARY);
    expect(await persons.textContent()).toContain("No consent in force today.");
    await persons.getByRole("button", { name: /^Record consent of / }).click();
    await persons.getByLabel("statistics").check();
    await persons.getByRole("button", { name: "Record the consent" }).click();
    await persons.getByText(/^In force today for: referral to a service provider, statistics\./).waitFor();
    expect(await persons.textContent()).toContain("(oral)");
    // The survivor's right of access: everything held about her and who saw it, as a file.
    const exportLink = persons.getByRole("link", { name: /^Everything held about P-/ });
    const subjectAccess = await page.request.get(`${server.url}${await exportLink.getAttribute("href")}`);
    expect(subjectAccess.status()).toBe(200);
    expect(subjectAccess.headers()["content-disposition"]).toMatch(/^attachment/);
    expect(await subjectAccess.text()).toContain(CANARY);
    await screenshot(page, "incidents-04-trafficking-page");
  });

  it("refers the survivor to Isange for psychosocial support", async () => {
    step = "refer";
    const { page } = cso;
    const referrals = page.getByRole("region", { name: "Referrals" });
    await referrals.getByRole("button", { name: "Refer a person" }).click();
    const form = referrals.getByRole("form", { name: "Refer a person" });
    expect(await form.getByLabel(/^Person/).textContent()).toContain(CANARY);
    await form.getByLabel(/^Service needed/).selectOption("psychosocial");
    await form.getByLabel(/^Service provider/).selectOption({ label: "Isange One Stop Centre Musanze" });
    await form
      .getByLabel("Note to the provider")
      .fill("Needs counselling after her return; speaks Kinyarwanda and English.");
    // With consent in force, no vital-interest override is offered.
    expect(await form.getByLabel(/^Vital interest/).count()).toBe(0);
    await form.getByRole("button", { name: "Send the referral" }).click();
    const link = referrals.getByRole("link", { name: "Psychosocial support" });
    await link.waitFor();
    expect(await referrals.textContent()).toContain("Waiting for an answer");
    // Referred, the survivor can no longer be removed as a mistake: the server's reason is shown, and she stays.
    const survivor = page
      .getByRole("region", { name: "Persons" })
      .locator("li.incident-row")
      .filter({ hasText: CANARY });
    await survivor.getByRole("button", { name: /^Remove P-.+ \(recorded by mistake\)$/ }).click();
    await survivor.getByRole("button", { name: /^Remove P-[^ ]+$/ }).click();
    await survivor
      .getByText("A referral was made for this person: the person stays with the incident.")
      .waitFor();
    const kept = await json<{ persons: { identity?: { name: string | null } }[] }>(
      page.request.get(`${server.url}/api${traffickingUrl}`),
    );
    expect(kept.persons.map((p) => p.identity?.name)).toContain(CANARY);
    await link.click();
    await page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    referralUrl = page.url().replace(server.url, "");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(page, "a referral's page");
  });

  it("Isange's case worker, on a phone in Kinyarwanda, sees the referral with the name, accepts it and logs a follow-up", async () => {
    step = "isange";
    const { page } = isange;
    await page.getByRole("button", { name: "Menyu" }).click();
    await page.getByRole("link", { name: "Iyoherezwa", exact: true }).first().click();
    await page.getByRole("heading", { name: "Iyoherezwa", exact: true }).waitFor();
    const card = page.locator(".cards .card").filter({ hasText: traffickingReference });
    await card.waitFor();
    expect(await card.textContent()).toContain("Bitegereje igisubizo");
    // The list shows the person's code, never a name.
    expect(await page.locator("main").textContent()).not.toContain(CANARY);
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    await screenshot(page, "incidents-05-phone-referrals-rw");
    await card.getByRole("link").click();
    await page.waitForURL(`**${referralUrl}`);
    expect(await page.getByTestId("referral-identity").textContent()).toContain(CANARY);
    expect(await page.getByTestId("referral-identity").textContent()).toContain(CANARY_CONTACT);
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    await page.getByRole("button", { name: "Emera", exact: true }).click();
    await page.locator(".status").filter({ hasText: "Byemewe" }).waitFor();
    await page
      .getByLabel(/^Icyakozwe/)
      .fill("Ikiganiro cya mbere cy'ubujyanama cyabaye; ikindi ni mu cyumweru gitaha.");
    await page.getByRole("button", { name: "Andika ikurikirana" }).click();
    await page.locator(".follow-ups li").filter({ hasText: "Ikiganiro cya mbere" }).waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    await screenshot(page, "incidents-06-phone-referral-accepted-rw");
    // The form to record an incident fits the phone too, in Kinyarwanda, trafficking details and all.
    await page.goto(`${server.url}/incidents/new`);
    await page.getByRole("heading", { name: "Andika icyabaye" }).waitFor();
    await page.getByLabel(/^Ubwoko bw'icyabaye/).selectOption("trafficking");
    await page.getByRole("heading", { name: "Ibisobanuro ku icuruzwa ry'abantu" }).waitFor();
    await page.getByRole("button", { name: "Ongeraho ahantu" }).click();
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    await screenshot(page, "incidents-10-phone-form-rw");
  });

  it("a Huye case worker is told they do not exist, and a Musanze viewer sees the hindrance without any name", async () => {
    step = "out-of-scope";
    for (const url of [traffickingUrl, hindranceUrl]) {
      await huye.page.goto(`${server.url}${url}`);
      await huye.page.getByText("This was not found, or you do not have access to it.").waitFor();
      expect(await huye.page.locator("main").textContent()).not.toMatch(/INC-/);
      const res = await huye.page.request.get(`${server.url}/api${url}`);
      expect(res.status()).toBe(404);
    }
    await huye.page.goto(`${server.url}/incidents`);
    await huye.page.getByText("No incident recorded yet in your scope.").waitFor();

    // The viewer's district grant opens the hindrance (in Musanze), not the case abroad (no district).
    await viewer.page.goto(`${server.url}${hindranceUrl}`);
    const persons = viewer.page.getByRole("region", { name: "Persons" });
    await persons.waitFor();
    expect(await viewer.page.locator("main").textContent()).not.toContain(DETAINEE_CANARY);
    expect(await persons.locator(".identity").count()).toBe(0);
    // A reader, not a keeper: nothing to correct, add or remove.
    expect(await viewer.page.getByRole("button", { name: "Correct the facts" }).count()).toBe(0);
    expect(await persons.getByRole("button").count()).toBe(0);
    // Not an empty value: the key itself is absent from the answer.
    const answer = await json<{ persons: Record<string, unknown>[] }>(
      viewer.page.request.get(`${server.url}/api${hindranceUrl}`),
    );
    expect(answer.persons.length).toBe(2);
    for (const p of answer.persons) expect(Object.keys(p)).not.toContain("identity");
    expect(JSON.stringify(answer)).not.toContain(DETAINEE_CANARY);
    await screenshot(viewer.page, "incidents-07-viewer-no-name");
    await viewer.page.goto(`${server.url}${traffickingUrl}`);
    await viewer.page.getByText("This was not found, or you do not have access to it.").waitFor();
  });

  it("Musanze's district page shows the incident counts with the small cells suppressed", async () => {
    step = "statistics";
    const { page } = viewer;
    await page.goto(`${server.url}/coordination/districts/RW-D43`);
    const panel = page.getByTestId("district-incident-statistics");
    await panel.getByTestId("statistics-byKind").waitFor();
    // One hindrance and one trafficking case: both fewer than five, so no count is shown.
    const byKind = await panel.getByTestId("statistics-byKind").textContent();
    expect(byKind).toContain("<5");
    expect(byKind).not.toMatch(/\b1\b/);
    expect(await panel.locator(".footnotes").textContent()).toContain("fewer than 5");
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, "incidents-08-district-statistics");
  });

  it("a Huye incident reviewer, told it does not exist, opens it in an emergency with a reason, for three hours", async () => {
    step = "break-glass";
    const { page } = reviewer;
    await signIn(page, server.url, REVIEWER);
    await page.goto(`${server.url}${hindranceUrl}`);
    await page.getByText("This was not found, or you do not have access to it.").waitFor();
    const form = page.getByRole("form", { name: "Open in an emergency (break the glass)" });
    expect(await form.getByRole("button", { name: "Open it for three hours" }).isDisabled()).toBe(true);
    await form.getByLabel(/^Why you must open it now/).fill(EMERGENCY_REASON);
    await form.getByRole("button", { name: "Open it for three hours" }).click();
    const banner = page.locator(".break-glass-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /^Emergency access until \d\d:\d\d\. Everything you open is recorded\.$/,
    );
    expect(await page.locator(".incident-description").textContent()).toBe(HINDRANCE_TEXT);
    // The emergency is about a person: the server shows who it is (the reason and every read are on record).
    expect(await page.getByRole("region", { name: "Persons" }).textContent()).toContain(DETAINEE_CANARY);
    // Emergency access opens the record, not its access log, nor its status and files for change.
    expect(await page.getByTestId("access-log").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Close the incident" }).count()).toBe(0);
    await screenshot(page, "incidents-09-break-glass");
  }, 90_000);

  it("the incident's access log lists each person who opened it", async () => {
    step = "access-log";
    const { page } = cso;
    await page.goto(`${server.url}${hindranceUrl}`);
    const log = page.getByTestId("access-log");
    await log.waitFor();
    const text = (await log.textContent()) ?? "";
    expect(text).toContain(CSO_WORKER.email);
    expect(text).toContain(VIEWER.email);
    expect(text).toContain(REVIEWER.email);
    expect(text).toContain(EMERGENCY_REASON);
    expect(text).not.toContain(HUYE_WORKER.email);
    await screenshot(page, "incidents-11-access-log");
    // The case referred: Isange's case worker, who opened the referral and saw the survivor, is listed too.
    await page.goto(`${server.url}${traffickingUrl}`);
    await expect
      .poll(async () => (await page.getByTestId("access-log").textContent()) ?? "")
      .toContain(ISANGE_WORKER.email);
    expect(await page.getByTestId("access-log").textContent()).not.toContain(VIEWER.email);
  });

  it("after sign-out, no browser holds anything of the case", async () => {
    step = "sign-out";
    const needles = [
      CANARY,
      CANARY_CONTACT,
      TRAFFICKING_TEXT,
      HINDRANCE_TEXT,
      traffickingReference,
      hindranceReference,
    ];
    // The scan finds what is there: a planted value is reported, then removed.
    await cso.page.evaluate((v) => localStorage.setItem("probe", v), CANARY);
    expect((await deviceHolds(cso.page, needles)).found).toEqual([CANARY]);
    await cso.page.evaluate(() => localStorage.removeItem("probe"));
    for (const [b, signOut] of [
      [cso, "Sign out"],
      [isange, "Sohoka"],
      [viewer, "Sign out"],
      [huye, "Sign out"],
      [reviewer, "Sign out"],
    ] as const) {
      if (await b.page.getByRole("button", { name: "Menyu" }).isVisible())
        await b.page.getByRole("button", { name: "Menyu" }).click();
      await b.page.getByRole("button", { name: signOut }).click();
      await b.page.waitForURL(/\/sign-in$/);
      const { found, looked } = await deviceHolds(b.page, needles);
      expect(found).toEqual([]);
      // The shell's cache is there and was read: the scan was not empty.
      expect(looked).toBeGreaterThan(0);
    }
  });
});
