// A place of detention's page in the browser: with an occupancy figure, a visit, a recommendation (and one to all
// facilities) and a legal-aid partner made through the API, a monitor on a phone (360 px) sees each in its section
// without horizontal scroll; edits the place's capacity; follows the recommendation to "Who could act on it", which
// names the correctional service's legal-aid agreement and partner; and comes back through the place links.
import type { APIResponse } from "playwright-core";
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
  name: "Monitor Ingabire",
  email: "monitor.place@nchr.example.org",
  password: "Ahantu ho gufungirwa 2026",
};
const PLACE = "Nyarugenge Correctional Facility";
const TEXT = "Let every detainee see a lawyer within 24 hours of arrival.";
const EVERYWHERE = "Give every facility a nurse on duty day and night.";
const AGREEMENT = "Legal aid in Nyarugenge prison";

async function json<T>(call: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await call;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

const run = browserAvailable();

describe.skipIf(!run)("a place of detention's page, in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let monitor: Browser;
  let placeId = "";
  let visitReference = "";
  let recommendationReference = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser());
    await signUpFirstAdministrator(admin.page, server.url);
    const request = admin.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    const organisation = (name: string, acronym: string, kind: string) =>
      json<{ id: string }>(
        request.post(`${server.url}/api/organisations`, { headers, data: { name, acronym, kind } }),
        201,
      );
    const nchr = await organisation("National Commission for Human Rights", "NCHR", "government");
    const rcs = await organisation("Rwanda Correctional Service", "RCS", "government");
    const legalAid = await organisation("Legal Aid Forum", "LAF", "local_cso");
    const places = await json<{ items: { id: string; name: string }[] }>(
      request.get(`${server.url}/api/places?kind=place_of_detention&limit=1000`),
    );
    placeId = places.items.find((p) => p.name === PLACE)?.id ?? "";
    expect(placeId).not.toBe("");
    await json(
      request.post(`${server.url}/api/agreements`, {
        headers,
        data: {
          title: AGREEMENT,
          kind: "mou",
          status: "active",
          validFrom: "2025-01-01",
          validUntil: "2030-12-31",
          keeperOrganisationId: rcs.id,
          parties: [
            { organisationId: rcs.id, role: "signatory" },
            { organisationId: legalAid.id, role: "signatory" },
          ],
          themes: ["legal_aid"],
          areas: [{ placeId }],
        },
      }),
      201,
    );
    await json(
      request.post(`${server.url}/api/users`, {
        headers,
        data: {
          ...MONITOR,
          locale: "en",
          grants: [{ role: "monitor", scopeType: "organisation", scopeId: nchr.id }],
          organisationIds: [nchr.id],
        },
      }),
      201,
    );
    monitor = await launchBrowser(PHONE);
    const { page } = monitor;
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[type="email"]').fill(MONITOR.email);
    await page.locator('input[type="password"]').fill(MONITOR.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    // The monitor's own records, through the API with the monitor's session.
    const as = page.request;
    await json(
      as.post(`${server.url}/api/places/${placeId}/occupancy`, {
        headers,
        data: { asOf: "2026-01-31", source: "RCS monthly report", capacity: 2000, population: 2600 },
      }),
      201,
    );
    visitReference = (
      await json<{ reference: string }>(
        as.post(`${server.url}/api/monitoring-visits`, {
          headers,
          data: {
            monitoringOrganisationId: nchr.id,
            placeId,
            announced: false,
            visitType: "regular",
            startsOn: "2026-02-10",
          },
        }),
        201,
      )
    ).reference;
    const recommend = (extra: Record<string, unknown>) =>
      json<{ reference: string }>(
        as.post(`${server.url}/api/recommendations`, {
          headers,
          data: {
            monitoringOrganisationId: nchr.id,
            addresseeOrganisationId: rcs.id,
            priority: "high",
            issuedOn: "2026-02-20",
            deadline: "2026-12-31",
            ...extra,
          },
        }),
        201,
      );
    recommendationReference = (
      await recommend({ text: TEXT, theme: "access_to_a_lawyer", placeIds: [placeId] })
    ).reference;
    await recommend({ text: EVERYWHERE, theme: "health_care_services", allFacilities: true });
  }, 300_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(monitor.page, "failed-monitoring-place").catch(() => undefined);
      console.error(server.output().slice(-3000));
    }
  });
  afterAll(async () => {
    for (const b of [admin, monitor]) await b?.close();
    await server?.stop();
  });

  it("shows the place's facts, occupancy, visit, open recommendations and partners on a phone", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/places/${placeId}`);
    await page.getByRole("heading", { name: PLACE, level: 1 }).waitFor();
    expect(await page.locator(".place-facts").innerText()).toContain("Nyarugenge");
    // Occupancy: the figure's source in the figures table.
    await page.locator(".occupancy-place-page table", { hasText: "RCS monthly report" }).waitFor();
    const visits = page.locator(".place-visits");
    await visits.getByRole("link", { name: visitReference }).waitFor();
    const recommendations = page.locator(".place-recommendations");
    await recommendations.getByRole("link", { name: recommendationReference }).waitFor();
    expect(await recommendations.innerText()).toContain(TEXT);
    // A recommendation to all facilities concerns this one too.
    expect(await recommendations.innerText()).toContain(EVERYWHERE);
    const partners = page.locator(".place-partners");
    await partners.locator(".partners-theme", { hasText: "Legal aid" }).waitFor();
    await partners.getByRole("link", { name: "Legal Aid Forum (LAF)" }).waitFor();
    await partners.getByRole("link", { name: AGREEMENT }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "monitoring-place-1-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "monitoring-place-2-desktop");
    await page.setViewportSize(PHONE);
  }, 120_000);

  it("edits the place's capacity, and refuses a capacity that is not a number on its field", async () => {
    const { page } = monitor;
    await page.getByText("Edit this place").click();
    const form = page.getByRole("form", { name: "Edit this place" });
    await form.getByLabel("Capacity").fill("many");
    await form.getByRole("button", { name: "Save the place" }).click();
    await form.locator(".field-invalid", { hasText: "Capacity" }).waitFor();
    await form.getByLabel("Capacity").fill("2100");
    await form.getByRole("button", { name: "Save the place" }).click();
    await form.getByText("Place saved.").waitFor();
    await expect.poll(() => page.locator(".place-facts").innerText()).toContain("2100");
    const stored = await json<{ capacity: number }>(page.request.get(`${server.url}/api/places/${placeId}`));
    expect(stored.capacity).toBe(2100);
    await screenshot(page, "monitoring-place-3-edited");
  }, 120_000);

  it("shows who could act on the recommendation, and links back to the place from it and from the visit", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/places/${placeId}`);
    await page.locator(".place-recommendations").getByRole("link", { name: recommendationReference }).click();
    const section = page.locator(".recommendation-partners");
    await section.getByRole("heading", { name: "Who could act on it" }).waitFor();
    // The addressee's agreement reaching the place, with its other party; the partner at work with it.
    const [agreements, partners] = [
      section.locator(".partners-theme").nth(0),
      section.locator(".partners-theme").nth(1),
    ];
    await agreements.getByRole("link", { name: AGREEMENT }).waitFor();
    expect(await agreements.innerText()).toContain("Reaches these places");
    await agreements.getByRole("link", { name: "Legal Aid Forum (LAF)" }).waitFor();
    await partners.getByRole("link", { name: "Legal Aid Forum (LAF)" }).waitFor();
    await partners.getByRole("link", { name: AGREEMENT }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "monitoring-place-4-who-could-act");
    await page.locator(".facts").getByRole("link", { name: PLACE }).click();
    await page.getByRole("heading", { name: PLACE, level: 1 }).waitFor();
    await page.locator(".place-visits").getByRole("link", { name: visitReference }).click();
    await page.getByRole("link", { name: PLACE }).first().click();
    await page.getByRole("heading", { name: PLACE, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/monitoring/places/${placeId}`);
  }, 120_000);
});
