// The public portal as a visitor on a phone finds it (issue 21, "Done when"): the administrator publishes the RCS's
// agreements and 3W on the settings page; signed out, at 360 px, the visitor opens /public, sees the published
// agreements and the 3W map, downloads the HXL file, and cannot reach what is not published. Each page's bytes on the
// wire (gzip, headers included) and its heading time on DevTools' Fast 3G are measured (decision 031: ≤ 60 KB, < 3 s).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };
const PAGE_BUDGET_KB = 60;
const HEADING_TARGET_S = 3;
const FAST_3G = { latency: 562.5, download: (1.6 * 1024 * 1024 * 0.9) / 8, upload: (750 * 1024 * 0.9) / 8 };

/** One page in a fresh tab on Fast 3G, cache bypassed: its bytes on the wire and when its heading showed. */
async function measure(browser: Browser, url: string): Promise<{ kb: number; seconds: number }> {
  const page: Page = await browser.context.newPage();
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  try {
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.setBypassServiceWorker", { bypass: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: FAST_3G.latency,
      downloadThroughput: FAST_3G.download,
      uploadThroughput: FAST_3G.upload,
    });
    let bytes = 0;
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.getByRole("heading", { level: 1 }).waitFor({ state: "visible", timeout: 30_000 });
    const seconds = (performance.now() - started) / 1000;
    await page.waitForLoadState("load");
    return { kb: bytes / 1024, seconds };
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
  }
}

describe.skipIf(!run)("the public portal on a phone", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData(PHONE));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("publishes the RCS's agreements and 3W, and a signed-out visitor reads them, downloads the HXL and reaches nothing else", async () => {
    const page = browser.page;
    // The administrator publishes, on the settings page.
    await page.goto(`${server.url}/admin/public-portal`);
    await page.getByRole("heading", { level: 1, name: "Public portal" }).waitFor();
    await expectAccessible(page, "the public portal's settings at 360 px");
    await page.getByRole("combobox", { name: "Add an institution" }).fill("Rwanda Correctional");
    await page
      .getByRole("option", { name: /^Rwanda Correctional Service/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The public pages show it within five minutes.").waitFor();

    // Signed out from here on.
    await browser.context.clearCookies();
    await page.goto(`${server.url}/public`);
    await page.getByRole("heading", { level: 1, name: "Ubufatanye public register" }).waitFor();
    expect(await page.getByText("Licence: CC BY 4.0").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Agreements" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Agreements" }).waitFor();
    const agreements = await page.locator("article h2").count();
    expect(agreements).toBeGreaterThan(10);
    await page.getByRole("link", { name: "Who does what where" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Who does what where" }).waitFor();
    const map = page.getByRole("img", { name: "Organisations per district" });
    expect(await map.isVisible()).toBe(true);
    expect(await page.locator("svg.map path").count()).toBe(30);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the public 3W at 360 px");
    await screenshot(page, "public-portal-3w-360");
    // What the phone shows first, without scrolling.
    await page.screenshot({ path: join(SCREENSHOT_DIR, "public-portal-3w-360-first-screen.png") });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "HXL (CSV with hashtags)" }).click(),
    ]);
    const path = await download.path();
    const hxl = readFileSync(path, "utf8");
    expect(download.suggestedFilename()).toBe("3w.hxl.csv");
    expect(hxl).toContain("Licence: CC BY 4.0");
    expect(hxl).toContain("#org +name");
    expect(hxl.split("\n").length).toBeGreaterThan(5);

    // What is not published is not reachable: the sections nobody publishes, the settings, the register itself.
    for (const closed of ["/public/recommendations", "/public/programmes", "/public/incidents"]) {
      const res = await page.goto(`${server.url}${closed}`);
      expect(res?.status(), closed).toBe(404);
    }
    for (const api of [
      "/api/public-portal",
      "/api/agreements",
      "/api/organisations",
      "/api/public/incident-statistics",
    ]) {
      const res = await page.request.get(`${server.url}${api}`);
      expect([401, 404], api).toContain(res.status());
    }

    // Each page on Fast 3G, cache bypassed: bytes on the wire and heading time.
    const lines: string[] = [];
    for (const p of ["/public", "/public/agreements", "/public/3w"]) {
      const { kb, seconds } = await measure(browser, `${server.url}${p}?lang=rw`);
      lines.push(`${p}: ${kb.toFixed(1)} KB on the wire, heading after ${seconds.toFixed(2)} s on Fast 3G`);
      expect(kb, p).toBeLessThanOrEqual(PAGE_BUDGET_KB);
      expect(seconds, p).toBeLessThan(HEADING_TARGET_S);
    }
    console.log(`Public portal (Kinyarwanda, 360 px):\n  ${lines.join("\n  ")}`);
  });
});
