// Reporting timeliness in the browser: on Musanze's example reporting (four quarters), the page explains how it
// counts, shows the rates per body with a chart beside the table, the late and missing reports and the partner
// scorecard, in Kinyarwanda too, and fits a 360 px phone; the district page lists the reports late this quarter.
// The agenda of the last quarter's JADF meeting lists the late report and the hindrance raised, and downloads as Word.
import { readFileSync } from "node:fs";
import mammoth from "mammoth";
import type { APIResponse } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastEndedPeriods } from "../../src/modules/reporting/periods";
import { todayInKigali } from "../../src/shared/today";
import {
  browserAvailable,
  type launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
// The example reporting's last ended quarter: Kinigi Community Mediators reported it 30 days late; the Musanze
// Legal Aid Clinic raised a hindrance in it.
const LATEST = lastEndedPeriods("quarter", todayInKigali(), 4).at(-1) ?? "";
const LATE = `Kinigi Community Mediators: report for ${LATEST} to JADF Musanze came 30 days late`;
const HINDRANCE = `Hindrance to access to justice at Musanze (${LATEST}): Detainees at a police station waited`;
type Browser = Awaited<ReturnType<typeof launchBrowser>>;

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

describe.skipIf(!run)("reporting timeliness", () => {
  let server: RunningServer;
  let browser: Browser;
  let musanze = "";

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
    await signUpFirstAdministrator(browser.page, server.url);
    const request = browser.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    await json(request.post(`${server.url}/api/demo/reporting`, { headers, data: {} }), 201);
    const districts = await json<{ items: { id: string; name: string }[] }>(
      request.get(`${server.url}/api/places?kind=district&q=Musanze&limit=5`),
    );
    musanze = districts.items.find((d) => d.name === "Musanze")?.id ?? "";
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the rates per body with a chart, the late and missing reports and the scorecard", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/reports/timeliness?districtId=${musanze}`);
    await page.getByRole("heading", { name: "Reporting timeliness" }).waitFor();
    await page.getByText("Reporting rate = (on time + late) ÷ expected.").waitFor();
    await page.locator("table").first().waitFor();
    await expect.poll(() => page.locator("svg").count()).toBeGreaterThan(0);
    const text = await page.locator("main").innerText();
    expect(text).toMatch(/JADF Musanze/);
    expect(text).toMatch(/%/);
    // The late one, with its days late, among the late and missing reports.
    const late = page
      .getByTestId("timeliness-overdue")
      .locator("tbody tr", { hasText: "Kinigi Community Mediators" })
      .filter({ hasText: "JADF Musanze" })
      .filter({ hasText: LATEST });
    expect(await late.locator("td").allTextContents()).toEqual(expect.arrayContaining(["Late", "30"]));
    await screenshot(page, "60-timeliness");
  });

  it("the agenda of the quarter's meeting lists the late report and the hindrance, and downloads as Word", async () => {
    const { page } = browser;
    const meeting = await json<{ id: string }>(
      page.request.post(`${server.url}/api/meetings`, {
        headers: { origin: server.url, "content-type": "application/json" },
        data: { districtId: musanze, bodyKind: "jadf", quarter: LATEST },
      }),
      201,
    );
    await page.goto(`${server.url}/meetings/${meeting.id}`);
    await page.getByRole("heading", { name: `JADF Musanze · ${LATEST}` }).waitFor();
    const agenda = await page
      .locator(".agenda-item textarea")
      .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    expect(
      agenda.some((line) => line.startsWith(LATE)),
      agenda.join("\n"),
    ).toBe(true);
    expect(
      agenda.some((line) => line.startsWith(HINDRANCE)),
      agenda.join("\n"),
    ).toBe(true);
    await screenshot(page, "62-meeting-agenda-late-and-hindrance");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the agenda (Word)" }).click(),
    ]);
    const word = (await mammoth.extractRawText({ buffer: readFileSync(await download.path()) })).value;
    expect(word).toContain(LATE);
    expect(word).toContain(HINDRANCE);
  });

  it("reads in Kinyarwanda and fits a 360 px phone", async () => {
    const { page } = browser;
    await page.getByLabel("Language").first().selectOption("rw");
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/reports/timeliness?districtId=${musanze}`);
    await page.locator("table").first().waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("rw");
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways).toBeLessThanOrEqual(1);
    await screenshot(page, "61-timeliness-phone-rw");
  });
});
