// The report form on a 360 px phone in Kinyarwanda with the connection coming and going: typed offline, the page
// reloaded offline (the shell from the service worker), the draft restored from the device and sent when the
// connection returns; then an edit made elsewhere meanwhile (412): both versions shown, one kept per section.
// Sign-out leaves no draft and no kept answer on the phone; signed in again, a report submitted offline goes to both
// bodies when the connection returns.
import type { APIRequestContext, APIResponse, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const CSO = { email: "claudine@legalaid.example", password: "Ubutabera ku bose 2026" };
const KEPT = "Byabitswe kuri iki gikoresho — ntibiroherezwa.";
const WAITS = "Byabitswe kuri iki gikoresho — umushinga uzabikwa kuri seriveri murandasi nigaruka.";
const SUBMIT_WAITS = "Byabitswe kuri iki gikoresho — raporo izoherezwa murandasi nigaruka.";

type Content = { narrative: string; challenges: string; plans: string };
type Report = {
  id: string;
  version: number;
  status: string;
  content: Content;
  addressees: { bodyName: string; status: string }[];
};

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

/** What the phone holds: drafts in IndexedDB, and the names of the service worker's caches. */
const onDevice = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open("ubufatanye", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("drafts");
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const drafts = await new Promise<number>((ok) => {
      const count = db.transaction("drafts").objectStore("drafts").count();
      count.onsuccess = () => ok(count.result);
    });
    db.close();
    return { drafts, caches: await caches.keys() };
  });

describe.skipIf(!run)("the report form offline on a phone", () => {
  let server: RunningServer;
  let admin: Browser;
  let phone: Browser;
  let reportUrl = "";
  let reportId = "";
  let muhozaId = "";
  let api: APIRequestContext;
  const headers = () => ({ origin: server.url, "content-type": "application/json" });

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser());
    await signUpFirstAdministrator(admin.page, server.url);
    api = admin.page.request;
    const org = await json<{ id: string }>(
      api.post(`${server.url}/api/organisations`, {
        headers: headers(),
        data: { name: "Legal Aid Musanze", kind: "local_cso" },
      }),
      201,
    );
    const bodies = await json<{ id: string; districtName: string }[]>(
      api.get(`${server.url}/api/reporting-bodies?kind=jadf`),
    );
    const jadf = bodies.find((b) => b.districtName === "Musanze");
    expect(jadf).toBeDefined();
    const secretariats = await json<{ id: string; districtName: string }[]>(
      api.get(`${server.url}/api/reporting-bodies?kind=jrlos_secretariat`),
    );
    const secretariat = secretariats.find((b) => b.districtName === "Musanze");
    expect(secretariat).toBeDefined();
    // One report, to both of Musanze's bodies.
    for (const body of [jadf, secretariat])
      await json(
        api.post(`${server.url}/api/reporting-obligations`, {
          headers: headers(),
          data: {
            organisationId: org.id,
            bodyId: body?.id,
            periodType: "quarter",
            dueDays: 15,
            startPeriod: "2026-Q1",
            sections: ["narrative", "activities", "challenges", "plans"],
          },
        }),
        201,
      );
    await json(
      api.post(`${server.url}/api/users`, {
        headers: headers(),
        data: {
          name: "Claudine Mukamana",
          ...CSO,
          locale: "rw",
          grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: org.id }],
          organisationIds: [org.id],
        },
      }),
      201,
    );
    const report = await json<Report>(
      api.post(`${server.url}/api/submissions`, {
        headers: headers(),
        data: { organisationId: org.id, period: "2026-Q3" },
      }),
      201,
    );
    reportId = report.id;
    const sectors = await json<{ items: { id: string; name: string }[] }>(
      api.get(`${server.url}/api/places?kind=sector&q=Muhoza&limit=5`),
    );
    muhozaId = sectors.items.find((p) => p.name === "Muhoza")?.id ?? "";
    expect(muhozaId).not.toBe("");
    reportUrl = `${server.url}/reports/${report.id}`;

    phone = await launchBrowser({ width: 360, height: 740 });
    const { page } = phone;
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[type="email"]').fill(CSO.email);
    await page.locator('input[type="password"]').fill(CSO.password);
    await page.locator('button[type="submit"]').click();
    await page.locator(".stats").waitFor();
    // The worker installed (the shell cached) and in charge of the page before the report is first opened.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }, 240_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(phone.page, `failed-offline-${context.task.name.slice(0, 30).replace(/\W+/g, "-")}`);
      console.error(server.output().slice(-3000));
    }
  });

  afterAll(async () => {
    await phone?.close();
    await admin?.close();
    await server?.stop();
  });

  const server_ = () => json<Report>(api.get(`${server.url}/api/submissions/${reportId}`));

  it("typed offline, reloaded offline, restored from the device and sent when the connection returns", async () => {
    const { page, context } = phone;
    await page.goto(reportUrl);
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    const narrative = form.getByLabel("Ibyo umuryango wawe wakoze muri iki gihe");
    const challenges = form.getByLabel("Ibyagoye akazi");
    await narrative.fill("Twatanze ubufasha mu by'amategeko mu mirenge ine.");
    await page.getByText(KEPT).waitFor();

    await context.setOffline(true);
    await challenges.fill("Ingendo mu gihe cy'imvura.");
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    await page.getByText(WAITS).waitFor();
    // Nothing reached the server.
    expect((await server_()).content.narrative).toBe("");

    // Offline, the page opens from the worker's shell and kept answers, with the draft as it was typed.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect.poll(() => challenges.inputValue()).toBe("Ingendo mu gihe cy'imvura.");
    expect(await narrative.inputValue()).toBe("Twatanze ubufasha mu by'amategeko mu mirenge ine.");
    await page.getByText(WAITS).waitFor();
    // The logo too comes from the shell; anything else goes to the network, which is not there.
    expect(
      await page.locator("header img").evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    expect(
      await page.evaluate(() =>
        fetch("/api/health").then(
          () => "reached",
          () => "offline",
        ),
      ),
    ).toBe("offline");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(
      0,
    );
    await screenshot(page, "offline-01-restored-offline-360");

    await context.setOffline(false);
    await page.getByText("Umushinga wabitswe.").waitFor();
    const sent = await server_();
    expect(sent.content).toMatchObject({
      narrative: "Twatanze ubufasha mu by'amategeko mu mirenge ine.",
      challenges: "Ingendo mu gihe cy'imvura.",
    });
    await expect.poll(async () => (await onDevice(page)).drafts).toBe(0);
    expect(await page.getByTestId("device-draft").count()).toBe(0);
  });

  it("an edit made elsewhere meanwhile (412): both versions side by side, one kept per section", async () => {
    const { page, context } = phone;
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    const before = await server_();
    await context.setOffline(true);
    await form.getByLabel("Ibyo muteganya mu gihe gikurikira").fill("Amavuriro abiri mu gihembwe gitaha.");
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    await page.getByText(WAITS).waitFor();
    // Meanwhile the secretariat's copy changes: another narrative and other plans.
    await json(
      api.patch(`${server.url}/api/submissions/${reportId}`, {
        headers: { ...headers(), "if-match": `"${before.version}"` },
        data: {
          content: {
            ...before.content,
            narrative: "Inkuru nshya.",
            plans: "Inama y'akarere.",
            activities: [{ placeId: muhozaId, description: "Ivuriro", peopleReached: 40 }],
          },
        },
      }),
    );

    await context.setOffline(false);
    const conflict = page.getByRole("region", { name: "Ibye cyangwa ibyawe" });
    await conflict.waitFor();
    // The wait is over (the server answered): the draft stays on the device until the user's choice is saved.
    await page.getByText(KEPT).waitFor();
    // The earlier "saved" is gone: it no longer describes the form.
    expect(await page.getByText("Umushinga wabitswe.").count()).toBe(0);
    const plans = conflict.getByRole("group", { name: "Ibiteganyijwe mu gihe gikurikira" });
    expect(await plans.textContent()).toContain("Inama y'akarere.");
    expect(await plans.textContent()).toContain("Amavuriro abiri mu gihembwe gitaha.");
    // A list section reads in words: the place by its name, the people reached in Kinyarwanda.
    const activities = conflict.getByRole("group", { name: "Ibikorwa n'abantu bagezweho" });
    expect(await activities.getByLabel(/^Fata ibye/).isChecked()).toBe(true);
    expect(await activities.textContent()).toContain("Ivuriro — Muhoza, Abantu 40 bagezweho");
    // The narrative, changed only there, comes from their version unless the user says otherwise.
    const narrative = conflict.getByRole("group", { name: "Inkuru y'ibyakozwe" });
    expect(await narrative.getByLabel(/^Fata ibye/).isChecked()).toBe(true);
    expect(await plans.getByLabel(/^Gumana ibyawe/).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(
      0,
    );
    await screenshot(page, "offline-02-conflict-360");
    // "Keep mine everywhere", then the narrative and the activities back to theirs: a merge section by section.
    await page.getByRole("button", { name: "Gumana ibyawe muri buri gice" }).click();
    expect(await narrative.getByLabel(/^Gumana ibyawe/).isChecked()).toBe(true);
    await narrative.getByLabel(/^Fata ibye/).check();
    await activities.getByLabel(/^Fata ibye/).check();
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    await page.getByText("Umushinga wabitswe.").waitFor();
    expect((await server_()).content).toMatchObject({
      narrative: "Inkuru nshya.",
      challenges: "Ingendo mu gihe cy'imvura.",
      plans: "Amavuriro abiri mu gihembwe gitaha.",
      activities: [expect.objectContaining({ placeId: muhozaId, peopleReached: 40 })],
    });
  });

  it("an answer lost on the way back (the save reached the server): sent again, it is taken as saved, no 412", async () => {
    const { page, context } = phone;
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    // The next save reaches the server, and its answer is cut off, as a dropping 3G link does.
    let cut = false;
    await context.route(`**/api/submissions/${reportId}`, async (route) => {
      if (route.request().method() !== "PATCH" || cut) return route.continue();
      cut = true;
      await route.fetch();
      return route.abort("connectionreset");
    });
    await form.getByLabel("Ibyo muteganya mu gihe gikurikira").fill("Amahugurwa y'abunganizi.");
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    // The phone heard nothing: the draft waits on the device; the server has it all the same.
    await page.getByText(WAITS).waitFor();
    expect(cut).toBe(true);
    const landed = await server_();
    expect(landed.content.plans).toBe("Amahugurwa y'abunganizi.");
    await context.unroute(`**/api/submissions/${reportId}`);
    // Saved again from the version it had: a 412 whose server copy already holds this draft — taken as saved.
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    await expect.poll(() => page.getByText(WAITS).count()).toBe(0);
    await expect.poll(async () => (await onDevice(page)).drafts).toBe(0);
    await page.getByText("Umushinga wabitswe.").waitFor();
    expect(await page.getByRole("region", { name: "Ibye cyangwa ibyawe" }).count()).toBe(0);
    // Nothing written twice.
    expect((await server_()).version).toBe(landed.version);
  });

  it("signing out leaves no draft and no kept answer on the phone", async () => {
    const { page } = phone;
    await page
      .getByRole("form", { name: "Ibice bya raporo" })
      .getByLabel("Ibyagoye akazi")
      .fill("Ntibiroherezwa.");
    await page.getByText(KEPT).waitFor();
    await expect.poll(async () => (await onDevice(page)).drafts).toBe(1);
    expect((await onDevice(page)).caches).toContain("ubufatanye-api");
    const menu = page.getByRole("button", { name: "Menyu" });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole("button", { name: "Sohoka" }).click();
    await page.waitForURL(/\/sign-in$/);
    const left = await onDevice(page);
    expect(left.drafts).toBe(0);
    expect(left.caches.filter((c) => c.startsWith("ubufatanye-api"))).toEqual([]);
    expect(left.caches.some((c) => c.startsWith("ubufatanye-shell-"))).toBe(true);
  });

  it("submitted offline, the report goes to both bodies when the connection returns", async () => {
    const { page, context } = phone;
    await page.locator('input[type="email"]').fill(CSO.email);
    await page.locator('input[type="password"]').fill(CSO.password);
    await page.locator('button[type="submit"]').click();
    await page.locator(".stats").waitFor();
    await page.goto(reportUrl);
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    await form.getByLabel("Ibyagoye akazi").waitFor();

    await context.setOffline(true);
    await form.getByLabel("Ibyagoye akazi").fill("Ingendo mu gihe cy'imvura; abakorerabushake bake.");
    await form.getByRole("button", { name: /^Ohereza kuri / }).click();
    await page.getByText(SUBMIT_WAITS).waitFor();
    expect((await server_()).status).toBe("draft");

    await context.setOffline(false);
    await page.getByText("Raporo yoherejwe.").waitFor();
    const sent = await server_();
    expect(sent.content.challenges).toBe("Ingendo mu gihe cy'imvura; abakorerabushake bake.");
    expect(sent.addressees.map((a) => a.status)).toEqual(["submitted", "submitted"]);
    await expect.poll(async () => (await onDevice(page)).drafts).toBe(0);
  });
});
