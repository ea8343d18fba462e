// The NPM's roadmap in the browser: a monitor of the National Commission for Human Rights opens the roadmap loaded
// with the seed-002 example items, sees the three areas with their progress written out and the overdue items
// marked in words, adds an item (a wrong percentage refused first), moves it and removes another; an administrator
// reads the plan without the buttons — at 360 px too.
import type { APIResponse, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { roadmapExampleItems } from "../../src/modules/monitoring/monitoring-plan-demo";
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
const MONITOR = {
  name: "Emmanuel Nsengiyumva",
  email: "emmanuel@nchr.example",
  password: "Gukumira iyicarubozo 2026",
};

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

const area = (page: Page, name: string) =>
  page.locator("section.roadmap-area", { has: page.getByRole("heading", { name, exact: true }) });

describe.skipIf(!run)("the monitoring body's roadmap in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let monitor: Browser;

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser(undefined, { TRUST_PROXY: "1" }));
    await admin.context.setExtraHTTPHeaders({ "x-forwarded-for": "10.18.0.1" });
    await signUpFirstAdministrator(admin.page, server.url);
    const headers = { origin: server.url, "content-type": "application/json" };
    const nchr = await json<{ id: string }>(
      admin.page.request.post(`${server.url}/api/organisations`, {
        headers,
        data: { name: "National Commission for Human Rights", acronym: "NCHR", kind: "government" },
      }),
      201,
    );
    await json(
      admin.page.request.post(`${server.url}/api/users`, {
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
    monitor = await launchBrowser();
    await monitor.context.setExtraHTTPHeaders({ "x-forwarded-for": "10.18.0.2" });
    await signIn(monitor.page, server.url, MONITOR);
    // The example roadmap, as the example-data loader will create it.
    for (const item of roadmapExampleItems())
      await json(
        monitor.page.request.post(`${server.url}/api/monitoring-plan-items`, {
          headers,
          data: { monitoringOrganisationId: nchr.id, ...item },
        }),
        201,
      );
  }, 240_000);
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(monitor.page, `failed-roadmap-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
      console.error(server.output().slice(-3000));
    }
  });
  afterAll(async () => {
    await monitor?.close();
    await admin?.close();
    await server?.stop();
  });

  it("shows the plan: three areas with their progress in figures, overdue items said in words", async () => {
    const { page } = monitor;
    await page.goto(`${server.url}/monitoring/roadmap`);
    await page.getByRole("heading", { name: "Roadmap", level: 1 }).waitFor();
    for (const name of ["Internal organisation", "NPM work", "Communication and cooperation"])
      await page.getByRole("heading", { name, level: 3 }).waitFor();
    // Internal organisation: done 100, 60, done 100, 0 → 65 %; overall over the 11 items.
    const internal = area(page, "Internal organisation");
    expect(await internal.locator(".roadmap-progress span").textContent()).toBe("65 %");
    expect(await internal.getByRole("progressbar").getAttribute("aria-label")).toBe(
      "Progress of Internal organisation",
    );
    expect(await internal.locator(".roadmap-count").textContent()).toBe("2 of 4 items done");
    // Every due date of the 2018–2020 roadmap has passed: the items not done are overdue, said in words.
    const overdue = internal.locator(".roadmap-item-overdue");
    expect(await overdue.count()).toBe(2);
    expect(await overdue.first().locator(".roadmap-overdue").textContent()).toContain("Overdue");
    await page.locator(".roadmap-overall").getByText("8 items overdue").waitFor();
    await screenshot(page, "roadmap-plan");
  });

  it("adds an item after refusing a progress over 100, moves it up, and removes another", async () => {
    const { page } = monitor;
    const cooperation = area(page, "Communication and cooperation");
    await cooperation.getByRole("button", { name: "Add an item to Communication and cooperation" }).click();
    const form = cooperation.locator("form.roadmap-form");
    await form.getByLabel("What is to be done").fill("Joint visit protocol with the Rwanda Bar Association");
    await form.getByLabel("Who leads it").fill("Head of NPM unit");
    await form.getByLabel("Due date").fill("30");
    await form.getByLabel("Month").selectOption({ label: "June" });
    await form.getByLabel("Year").fill("2099");
    await form.getByLabel("Status").selectOption({ label: "In progress" });
    await form.getByLabel("Progress (%)").fill("150");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Give the progress as a whole number from 0 to 100.").waitFor();
    await form.getByLabel("Progress (%)").fill("30");
    await form.getByRole("button", { name: "Save" }).click();
    const added = cooperation.locator(".roadmap-item", { hasText: "Joint visit protocol" });
    await added.waitFor();
    expect(await added.textContent()).toContain("30 %");
    expect(await added.textContent()).toContain("30 June 2099");
    expect(await added.locator(".roadmap-overdue").count()).toBe(0);
    // Last of its area; one step up puts it before the cooperation with APT.
    const titles = () => cooperation.locator(".roadmap-item-title").allTextContents();
    expect((await titles()).at(-1)).toBe("Joint visit protocol with the Rwanda Bar Association");
    await added.getByRole("button", { name: /^Move up/ }).click();
    await expect
      .poll(async () => (await titles()).at(-2))
      .toBe("Joint visit protocol with the Rwanda Bar Association");
    page.once("dialog", (dialog) => void dialog.accept());
    await cooperation
      .locator(".roadmap-item", { hasText: "Cooperation with APT" })
      .getByRole("button", { name: /^Remove/ })
      .click();
    await expect
      .poll(async () => (await titles()).some((t) => t.startsWith("Cooperation with APT")))
      .toBe(false);
    expect(await titles()).toHaveLength(3);
  });

  it("reads on a phone at 360 px without sideways scrolling", async () => {
    const { page } = monitor;
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/monitoring/roadmap`);
    await page.getByRole("heading", { name: "NPM work", level: 3 }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "roadmap-plan-360");
  });

  it("shows an administrator the plan without the buttons to change it", async () => {
    const { page } = admin;
    await page.goto(`${server.url}/monitoring/roadmap`);
    await page.getByRole("heading", { name: "NPM work", level: 3 }).waitFor();
    expect(await page.getByRole("button", { name: /^Add an item/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Move up/ }).count()).toBe(0);
  });
});
