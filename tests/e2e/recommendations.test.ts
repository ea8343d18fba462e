// A recommendation's walk in the browser: a monitor of the NCHR writes one to the RCS with a deadline; an RCS
// partner editor (on a phone, 360 px) finds it, writes the response and an action of the plan; the monitor marks it
// partly implemented on a day; the tracker counts it under its theme and its place; a police editor cannot see it.
import type { APIResponse, Page } from "playwright-core";
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

const PHONE = { width: 360, height: 740 };
const MONITOR = {
  name: "Monitor Uwase",
  email: "monitor@nchr.example.org",
  password: "Gusura gereza 2026 ok",
};
const RCS_EDITOR = {
  name: "RCS Mugisha",
  email: "editor@rcs.example.org",
  password: "Igisubizo cy urwego 2026",
};
const RNP_EDITOR = {
  name: "RNP Kamanzi",
  email: "editor@rnp.example.org",
  password: "Umutekano mu gihugu 2026",
};
const TEXT = "Bring the population of the prison down to its official capacity.";

async function json<T>(call: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await call;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

let addresses = 0;
async function ownAddress<B extends Browser>(browser: B): Promise<B> {
  addresses += 1;
  await browser.context.setExtraHTTPHeaders({ "x-forwarded-for": `10.18.0.${addresses}` });
  return browser;
}

const run = browserAvailable();

describe.skipIf(!run)("a recommendation from the NCHR to the RCS, in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let monitor: Browser;
  let rcs: Browser;
  let rnp: Browser;
  let recommendationUrl = "";
  let placeName = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser(undefined, { TRUST_PROXY: "1" }));
    await ownAddress(admin);
    await signUpFirstAdministrator(admin.page, server.url);
    const request = admin.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    const organisation = (name: string) =>
      json<{ id: string }>(
        request.post(`${server.url}/api/organisations`, { headers, data: { name, kind: "government" } }),
        201,
      );
    const nchr = await organisation("National Commission for Human Rights");
    const rcsOrg = await organisation("Rwanda Correctional Service");
    const rnpOrg = await organisation("Rwanda National Police");
    const user = (who: typeof MONITOR, role: string, organisationId: string) =>
      json(
        request.post(`${server.url}/api/users`, {
          headers,
          data: {
            ...who,
            locale: "en",
            grants: [{ role, scopeType: "organisation", scopeId: organisationId }],
            organisationIds: [organisationId],
          },
        }),
        201,
      );
    await user(MONITOR, "monitor", nchr.id);
    await user(RCS_EDITOR, "partner_editor", rcsOrg.id);
    await user(RNP_EDITOR, "partner_editor", rnpOrg.id);
    [monitor, rcs, rnp] = await Promise.all([
      launchBrowser().then(ownAddress),
      launchBrowser(PHONE).then(ownAddress),
      launchBrowser().then(ownAddress),
    ]);
    await signIn(monitor.page, server.url, MONITOR);
    await signIn(rcs.page, server.url, RCS_EDITOR);
    await signIn(rnp.page, server.url, RNP_EDITOR);
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      for (const [who, b] of [
        ["monitor", monitor],
        ["rcs", rcs],
        ["rnp", rnp],
      ] as const)
        await screenshot(b.page, `failed-recommendations-${who}`).catch(() => undefined);
      console.error(server.output().slice(-3000));
    }
  });
  afterAll(async () => {
    for (const b of [admin, monitor, rcs, rnp]) await b?.close();
    await server?.stop();
  });

  it("a monitor writes a recommendation to the RCS with a deadline", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/recommendations`);
    await page.getByRole("link", { name: "New recommendation" }).click();
    await page.getByLabel("Recommendation").fill(TEXT);
    await page.getByLabel("Theme").selectOption("overcrowding");
    await page.getByLabel("Women").check();
    await page.getByLabel("Addressed to").fill("Correctional");
    await page.getByRole("button", { name: "Rwanda Correctional Service" }).click();
    await page.getByLabel("Priority").selectOption("high");
    const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Deadline").fill(deadline);
    const places = page.getByLabel("Places of detention");
    placeName = (await places.locator("option").first().textContent()) ?? "";
    await places.selectOption({ index: 0 });
    await screenshot(page, "recommendations-1-form");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: /^REC-\d{4}-\d+ · Overcrowding$/ }).waitFor();
    recommendationUrl = page.url();
    expect(await page.locator(".lead").textContent()).toBe(TEXT);
    expect(await page.locator(".facts").textContent()).toContain(placeName);
    await screenshot(page, "recommendations-2-written");
  }, 120_000);

  it("the RCS editor finds it on a phone, writes the response and an action of the plan", async () => {
    const { page } = rcs;
    await page.goto(`${server.url}/monitoring/recommendations`);
    await page.getByRole("link", { name: /REC-\d{4}-\d+ · Overcrowding/ }).click();
    await page
      .getByRole("textbox", { name: /^The authority's response/ })
      .fill("We accept it and will open two new blocks.");
    await page.getByRole("button", { name: "Save the response" }).click();
    await page.locator(".response-text", { hasText: "two new blocks" }).waitFor();
    await page.getByRole("textbox", { name: /^Action/ }).fill("Build two new blocks");
    await page.getByRole("button", { name: "Add an action" }).click();
    await page.locator(".card", { hasText: "Build two new blocks" }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await screenshot(page, "recommendations-3-rcs-response-360");
  }, 120_000);

  it("the monitor marks it partly implemented on a day", async () => {
    const { page } = monitor;
    await page.goto(recommendationUrl);
    await page.getByRole("combobox", { name: /^Status/ }).selectOption("partly_implemented");
    await page.getByLabel("Note").fill("Seen on the follow-up visit: one block open.");
    await page.getByRole("button", { name: "Change the status" }).click();
    await page.locator(".timeline li", { hasText: "Partly implemented" }).waitFor();
    expect(await page.locator(".page-head .status").first().textContent()).toBe("Partly implemented");
    expect(await page.locator(".response-text").textContent()).toContain("two new blocks");
    await page.locator(".card", { hasText: "Build two new blocks" }).waitFor();
    await screenshot(page, "recommendations-4-partly-implemented");
  }, 120_000);

  it("the tracker counts it under its theme and its place", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/tracker?by=theme`);
    const table = page.getByTestId("recommendation-tracker");
    const overcrowding = table.locator("tbody tr", { hasText: "Overcrowding" });
    await overcrowding.waitFor();
    const cells = await overcrowding.locator("td").allTextContents();
    expect(cells[0]).toBe("1");
    await screenshot(page, "recommendations-5-tracker-theme");
    await page.goto(`${server.url}/monitoring/tracker?by=place`);
    await table.locator("tbody tr", { hasText: placeName }).waitFor();
    await screenshot(page, "recommendations-6-tracker-place");
  }, 120_000);

  it("a police editor cannot see the unpublished recommendation", async () => {
    const { page } = rnp;
    await page.goto(`${server.url}/monitoring/recommendations`);
    await page.getByText("No recommendations match.").waitFor();
    await page.goto(recommendationUrl);
    await page.getByRole("alert").waitFor();
    expect(await page.getByText(TEXT).count()).toBe(0);
    await screenshot(page, "recommendations-7-rnp-not-found");
  }, 120_000);
});
