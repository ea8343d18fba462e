// A district officer's quarterly meeting in the browser: from Nyarugenge's district page to the meetings, a JRLOS
// committee meeting planned with its agenda generated (the facilities without legal aid among it), an item
// reworded, an action item set, and the agenda downloaded as Word in Kinyarwanda — at 360 px too.
import { readFileSync } from "node:fs";
import mammoth from "mammoth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  browserAvailable,
  type RunningServer,
  screenshot,
  startWithExampleData,
} from "./harness";

const run = browserAvailable();

describe.skipIf(!run)("the district meeting in the browser", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startWithExampleData());
  }, 180_000);
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(
        browser.page,
        `failed-meetings-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`,
      );
      console.error(server.output().slice(-3000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("plans the meeting from the district page, edits its agenda, sets an action item, downloads it in Kinyarwanda", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/coordination/districts/RW-D11`);
    await page.getByRole("heading", { name: "Nyarugenge district" }).waitFor();
    await page.getByRole("link", { name: "Meetings", exact: true }).click();
    await page.getByRole("heading", { name: "Meetings of Nyarugenge" }).waitFor();
    await page.getByText("No meeting yet.").waitFor();
    await page.getByLabel("Quarter").last().fill("2026-Q3");
    await page.getByRole("button", { name: "Plan the meeting and generate its agenda" }).click();
    await page.getByRole("heading", { name: "Nyarugenge District JRLOS Secretariat · 2026-Q3" }).waitFor();

    const wordings = () =>
      page
        .locator(".agenda-item textarea")
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    const generated = await wordings();
    expect(generated).toContain("Kigali Central Prison: no legal-aid partner");
    const index = generated.indexOf("Kigali Central Prison: no legal-aid partner");
    await page.locator(".agenda-item textarea").nth(index).fill("Kigali Central Prison: ask LAF to cover it");
    await page.getByRole("button", { name: "Add an item" }).click();
    await page.locator(".agenda-item textarea").last().fill("Date of the next meeting");
    await page.locator(".agenda-editor").getByRole("button", { name: "Save", exact: true }).click();
    await page.reload();
    await page.getByRole("heading", { name: "Nyarugenge District JRLOS Secretariat · 2026-Q3" }).waitFor();
    const saved = await wordings();
    expect(saved).toContain("Kigali Central Prison: ask LAF to cover it");
    expect(saved.at(-1)).toBe("Date of the next meeting");

    await page.getByLabel("Owner organisation").fill("Prison Fellowship");
    await page.getByRole("button", { name: "Prison Fellowship Rwanda" }).click();
    await page.getByLabel("What is to be done").fill("Visit Kigali Central Prison with a paralegal");
    await page.getByLabel("Due date").fill("2026-10-31");
    await page.getByRole("button", { name: "Add the action item" }).click();
    await page.getByText("Visit Kigali Central Prison with a paralegal").waitFor();

    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, "70-meeting-agenda-360");
    await page.getByLabel("Language of the agenda").selectOption("rw");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the agenda (Word)" }).click(),
    ]);
    const path = await download.path();
    const text = (await mammoth.extractRawText({ buffer: readFileSync(path) })).value;
    expect(text).toContain(
      "Ingingo z'ibyigwa mu nama ya Komite ihuza ibikorwa bya JRLOS, Akarere ka Nyarugenge, 2026-Q3",
    );
    expect(text).toContain("Ahafungirwa abantu hatagira umufatanyabikorwa mu bufasha mu by'amategeko");
    expect(text).toContain("Kigali Central Prison: ask LAF to cover it");
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
