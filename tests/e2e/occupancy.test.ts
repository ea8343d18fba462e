// Occupancy in the browser: a monitor uploads the NCHR's October 2021 rates (built from the shared reference CSV),
// previews the matches, imports them, sees the places ranked with Muhanga first and those above 100 % marked in
// words, opens Muhanga and sees its chart beside its figures; the same pages on a 360 px phone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIResponse, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { occupancyNchr2021Csv } from "../factories";
import { hasShared, REFERENCE_DIR } from "../shared-data";
import {
  type Browser,
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const REFERENCE_CSV = join(REFERENCE_DIR, "rcs-correctional-facilities.csv");
const run = browserAvailable() && hasShared(REFERENCE_CSV);
const MONITOR = {
  name: "Claudine Mukamana",
  email: "monitor@nchr.example.org",
  password: "cells counted at Muhanga in 2021",
};

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

async function signIn(page: Page, url: string) {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[type="email"]').fill(MONITOR.email);
  await page.locator('input[type="password"]').fill(MONITOR.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

describe.skipIf(!run)("occupancy of places of detention", () => {
  let server: RunningServer;
  let admin: Browser;
  let monitor: Browser;
  let phone: Browser;

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser());
    await signUpFirstAdministrator(admin.page, server.url);
    await json(
      admin.page.request.post(`${server.url}/api/users`, {
        headers: { origin: server.url, "content-type": "application/json" },
        data: {
          ...MONITOR,
          locale: "en",
          grants: [{ role: "monitor", scopeType: "national", scopeId: null }],
        },
      }),
      201,
    );
    [monitor, phone] = await Promise.all([launchBrowser(), launchBrowser({ width: 360, height: 780 })]);
    await signIn(monitor.page, server.url);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([admin?.close(), monitor?.close(), phone?.close()]);
    await server?.stop();
  });

  it("imports a CSV of rates after a preview, then ranks the places with Muhanga first and the overcrowded marked", async () => {
    const { page } = monitor;
    const { csv, rates } = occupancyNchr2021Csv(readFileSync(REFERENCE_CSV, "utf8"));
    await page.goto(`${server.url}/monitoring/occupancy`);
    await page.getByRole("heading", { name: "Occupancy of places of detention" }).waitFor();
    await page.getByRole("link", { name: "Import a table" }).click();
    await page.getByRole("heading", { name: "Import occupancy figures" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: "nchr-2021.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.getByRole("button", { name: "Preview" }).click();
    const matches = page.locator(".occupancy-import-rows tbody tr");
    await expect.poll(() => matches.count()).toBe(rates.size);
    expect(await page.locator(".occupancy-import-rows").innerText()).toContain("Mulindi Military Prison");
    await screenshot(page, "70-occupancy-import-preview");
    await page.getByRole("button", { name: `Import ${rates.size} figures` }).click();
    await page.getByText(`${rates.size} figures imported.`).waitFor();

    await page.getByRole("link", { name: "Occupancy of places of detention" }).click();
    const rows = page.locator(".occupancy-table tbody tr");
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(rates.size);
    const first = rows.first();
    expect(await first.locator("th").innerText()).toBe("Muhanga Correctional Facility");
    expect(await first.locator("td.rate").innerText()).toMatch(/238\.8 %\s*Overcrowded/);
    const marked = rows.filter({ hasText: "Overcrowded" });
    expect(await marked.count()).toBe([...rates.values()].filter((r) => r > 100).length);
    const mulindi = rows.filter({ hasText: "Mulindi Military Prison" });
    expect(await mulindi.innerText()).not.toContain("Overcrowded");
    await page.getByText("9 places above 100 %").waitFor();
    await screenshot(page, "71-occupancy-national");

    await first.getByRole("link", { name: "Muhanga Correctional Facility" }).click();
    await page.getByRole("heading", { name: "Muhanga Correctional Facility" }).waitFor();
    await page.locator(".occupancy-chart svg").waitFor();
    expect(await page.locator(".occupancy-chart svg").getAttribute("aria-label")).toContain(
      "Muhanga Correctional Facility",
    );
    expect(await page.locator(".place-occupancy table").innerText()).toContain("2021-10-31");
    await screenshot(page, "72-occupancy-place");
  }, 120_000);

  it("adds a figure from the place's form, and refuses a negative population naming the field", async () => {
    const { page } = monitor;
    await page.getByLabel("Date of the figure").fill("2023-01-15");
    await page.getByLabel("Capacity").fill("3000");
    await page.getByLabel("Population").fill("-4");
    await page.getByLabel("Source").fill("RCS statistics");
    await page.getByRole("button", { name: "Add the figure" }).click();
    await page.locator(".field-invalid").filter({ hasText: "Population" }).waitFor();
    await page.getByLabel("Population").fill("3400");
    await page.getByRole("button", { name: "Add the figure" }).click();
    await page.getByText("Figure added.").waitFor();
    const table = page.locator(".place-occupancy table");
    await expect.poll(() => table.innerText()).toContain("2023-01-15");
    expect(await table.innerText()).toMatch(/113\.3 %/);
    expect(await page.locator(".occupancy-chart svg circle").count()).toBe(2);
    await screenshot(page, "73-occupancy-place-added");
  }, 60_000);

  it("fits a 360 px phone: the ranked table and the place's chart", async () => {
    const { page } = phone;
    await signIn(page, server.url);
    await page.goto(`${server.url}/monitoring/occupancy`);
    const first = page.locator(".occupancy-table tbody tr").first();
    await first.waitFor();
    // Muhanga's latest figure is now the 2023 one (113.3 %): Gicumbi's 161.8 % leads; as of 2021, Muhanga does.
    await expect.poll(() => first.locator("th").innerText()).toBe("Gicumbi Correctional Facility");
    await page.getByLabel("As of").fill("2021-12-31");
    await expect.poll(() => first.locator("th").innerText()).toBe("Muhanga Correctional Facility");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "74-occupancy-national-360");
    await first.getByRole("link").click();
    await page.locator(".occupancy-chart svg").waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "75-occupancy-place-360");
  }, 60_000);

  it("registers a police station's cells, which then stand in the national table without a figure yet", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/occupancy`);
    await page.getByText("Add a place of detention").click();
    await page.getByLabel("Name").fill("Muhoza Police Station");
    await page.getByRole("button", { name: "Add the place" }).click();
    await page.locator(".field-invalid").filter({ hasText: "District" }).waitFor();
    await page.getByLabel("District").selectOption({ label: "Musanze" });
    await page.getByLabel("Capacity").fill("40");
    await page.getByRole("button", { name: "Add the place" }).click();
    await page.getByRole("heading", { name: "Muhoza Police Station" }).waitFor();
    expect(await page.locator(".occupancy-place-page").innerText()).toContain(
      "Musanze · RNP (police) · Police station",
    );
    await page.getByRole("link", { name: "All places of detention" }).click();
    const row = page.locator(".occupancy-table tbody tr", { hasText: "Muhoza Police Station" });
    await row.waitFor();
    expect(await row.innerText()).toContain("No figure yet");
  }, 60_000);
});
