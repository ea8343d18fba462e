// A monitor of the National Commission for Human Rights in the browser: plans an unannounced visit to Nyarugenge
// Correctional Facility, marks it conducted, records findings on overcrowding and on access to a lawyer (children),
// uploads evidence and downloads the Word report; a partner editor of another organisation gets 404 on the
// unpublished visit — at 360 px too.
import { readFileSync } from "node:fs";
import mammoth from "mammoth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
const MONITOR = {
  name: "Claudine Mukamana",
  email: "monitor@nchr.example",
  password: "Igenzura rya gereza 2026",
};
const RCS_EDITOR = {
  name: "Eric Habimana",
  email: "editor@rcs.example",
  password: "Umwanditsi wa RCS 2026 ok",
};
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082",
  "hex",
);

let addresses = 0;
async function ownAddress<B extends Browser>(browser: B): Promise<B> {
  addresses += 1;
  await browser.context.setExtraHTTPHeaders({ "x-forwarded-for": `10.18.0.${addresses}` });
  return browser;
}

describe.skipIf(!run)("monitoring visits in the browser", () => {
  let server: RunningServer;
  let admin: Browser;
  let monitor: Browser;
  let editor: Browser;
  let visitUrl = "";

  beforeAll(async () => {
    ({ server, browser: admin } = await startServerAndBrowser(undefined, { TRUST_PROXY: "1" }));
    await ownAddress(admin);
    await signUpFirstAdministrator(admin.page, server.url);
    const request = admin.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    const post = async (path: string, data: unknown) => {
      const res = await request.post(`${server.url}${path}`, { headers, data });
      const text = await res.text();
      expect(res.status(), text).toBe(201);
      return JSON.parse(text) as { id: string };
    };
    const nchr = await post("/api/organisations", {
      name: "National Commission for Human Rights",
      kind: "government",
    });
    const rcs = await post("/api/organisations", { name: "Rwanda Correctional Service", kind: "government" });
    await post("/api/users", {
      ...MONITOR,
      locale: "en",
      grants: [{ role: "monitor", scopeType: "organisation", scopeId: nchr.id }],
      organisationIds: [nchr.id],
    });
    await post("/api/users", {
      ...RCS_EDITOR,
      locale: "en",
      grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: rcs.id }],
      organisationIds: [rcs.id],
    });
    [monitor, editor] = await Promise.all([
      launchBrowser().then(ownAddress),
      launchBrowser().then(ownAddress),
    ]);
    await signIn(monitor.page, server.url, MONITOR);
    await signIn(editor.page, server.url, RCS_EDITOR);
  }, 240_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        monitor.page,
        `failed-monitoring-visits-${context.task.name.slice(0, 30).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });
  afterAll(async () => {
    await Promise.all([admin?.close(), monitor?.close(), editor?.close()]);
    await server?.stop();
  });

  it("plans an unannounced visit, conducts it, records findings with evidence, downloads the Word report", async () => {
    const { page } = monitor;
    // Past the top bar's main destinations: under "More".
    await page.getByRole("button", { name: "More" }).click();
    await page.getByRole("link", { name: "Detention monitoring" }).click();
    await page.getByRole("heading", { name: "Monitoring visits" }).waitFor();
    await page.getByText("No visit matches.").waitFor();
    await page.getByRole("link", { name: "Plan a visit" }).click();
    await page.getByRole("heading", { name: "Plan a visit" }).waitFor();
    await page.getByLabel("Place of detention").selectOption({ label: "Nyarugenge Correctional Facility" });
    expect(await page.getByLabel("The facility is told of the visit in advance").isChecked()).toBe(false);
    await page.getByLabel("First day").fill("12");
    await page.locator(".date-input-month").first().selectOption({ label: "March" });
    await page.locator(".date-input-year").first().fill("2026");
    await page.getByRole("button", { name: "Add a team member" }).click();
    await page.locator(".visit-team").getByLabel("Name").fill("Claudine Mukamana");
    await page.getByRole("button", { name: "Add a category" }).click();
    await page.locator(".visit-interviews").getByLabel("Number").fill("24");
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, "80-monitoring-visit-plan-360");
    await page.getByRole("button", { name: "Plan the visit" }).click();
    await page.getByRole("heading", { name: /Nyarugenge Correctional Facility · VIS-2026-\d+/ }).waitFor();
    visitUrl = page.url();
    expect(await page.locator(".facts").textContent()).toContain("Regular · Unannounced");
    expect(await page.locator(".facts").textContent()).toContain("Detainees: 24");

    await page.getByRole("button", { name: "Mark conducted" }).click();
    await page.getByRole("heading", { name: "Add a finding" }).waitFor();
    const addForm = page.locator(".finding-form").last();
    await addForm.getByLabel("Theme").selectOption({ label: "Overcrowding" });
    await addForm.getByLabel("Severity").selectOption({ label: "Critical" });
    await addForm.getByLabel("What was found").fill("Block C holds 310 men for 100 places.");
    await addForm.getByRole("button", { name: "Save the finding" }).click();
    await page.locator(".finding", { hasText: "Block C holds 310 men" }).waitFor();
    await addForm.getByLabel("Theme").selectOption({ label: "Access to a lawyer" });
    await addForm.getByLabel("Children").check();
    await addForm.getByLabel("Severity").selectOption({ label: "High" });
    await addForm.getByLabel("What was found").fill("Minors in pre-trial detention had not met a lawyer.");
    await addForm.getByRole("button", { name: "Save the finding" }).click();
    const lawyer = page.locator(".finding", { hasText: "Minors in pre-trial detention" });
    await lawyer.waitFor();
    expect(await lawyer.textContent()).toContain("Children");

    // A monitor without the incident permission of the NCHR is not offered to open a case as an incident.
    expect(await page.getByRole("button", { name: "Open as a confidential incident" }).count()).toBe(0);
    const crowded = page.locator(".finding", { hasText: "Block C holds 310 men" });
    await crowded
      .getByLabel("Add evidence")
      .setInputFiles({ name: "block-c.png", mimeType: "image/png", buffer: PNG });
    await crowded.getByRole("link", { name: "block-c.png" }).waitFor();
    await screenshot(page, "81-monitoring-visit-findings-360");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "82-monitoring-visit-findings");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Report (Word)" }).click(),
    ]);
    const text = (await mammoth.extractRawText({ buffer: readFileSync(await download.path()) })).value;
    expect(text).toContain("Monitoring visit report: Nyarugenge Correctional Facility");
    expect(text).toContain("Block C holds 310 men for 100 places.");
    expect(text).toContain("Minors in pre-trial detention had not met a lawyer.");
    expect(text).toContain("Unannounced");
  });

  it("answers a partner editor of another organisation that the unpublished visit does not exist", async () => {
    const { page } = editor;
    const id = visitUrl.split("/").at(-1);
    const res = await page.request.get(`${server.url}/api/monitoring-visits/${id}`);
    expect(res.status()).toBe(404);
    await page.goto(visitUrl);
    await page.getByText("This visit does not exist or is not yours to read.").waitFor();
    expect(await page.getByText("Block C holds").count()).toBe(0);
    await screenshot(page, "83-monitoring-visit-not-found");
  });

  it("publishes the report; the partner editor then reads the visit and its findings, and cannot change them", async () => {
    const { page } = monitor;
    await page.goto(visitUrl);
    const publish = page.locator("form", { has: page.getByRole("button", { name: "Publish", exact: true }) });
    await publish.getByLabel("Publication date").fill("1");
    await publish.getByLabel("Month").selectOption({ label: "April" });
    await publish.getByLabel("Year").fill("2026");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Report published on 2026-04-01.").waitFor();
    expect(await page.getByRole("button", { name: "Publish", exact: true }).count()).toBe(0);

    await editor.page.goto(visitUrl);
    await editor.page.getByText("Block C holds 310 men for 100 places.").waitFor();
    expect(await editor.page.getByRole("button", { name: "Edit" }).count()).toBe(0);
    expect(await editor.page.getByRole("link", { name: "block-c.png" }).count()).toBe(1);
    await editor.page.setViewportSize({ width: 360, height: 780 });
    await screenshot(editor.page, "84-monitoring-visit-published-360");
  });
});
