// A district officer's quarterly meeting in the browser: from Nyarugenge's district page to the meetings, a JRLOS
// committee meeting planned with its agenda generated (the facilities without legal aid among it), an item
// reworded, an action item set, and the agenda downloaded as Word in Kinyarwanda — at 360 px too.
import { readFileSync } from "node:fs";
import mammoth from "mammoth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe";
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
    // Prison Fellowship Rwanda owes Nyarugenge's JRLOS secretariat a quarterly report, due 15 days after the quarter:
    // its 2026-Q3 report (due 2026-10-15) is missing.
    const api = page.context().request;
    const orgs = (await (
      await api.get(`${server.url}/api/organisations?q=Prison%20Fellowship&limit=5`)
    ).json()) as {
      items: { id: string; name: string }[];
    };
    const pfr = orgs.items.find((o) => o.name === "Prison Fellowship Rwanda");
    const bodies = (await (
      await api.get(`${server.url}/api/reporting-bodies?kind=jrlos_secretariat`)
    ).json()) as {
      id: string;
      districtName: string;
    }[];
    const body = bodies.find((b) => b.districtName === "Nyarugenge");
    const obliged = await api.post(`${server.url}/api/reporting-obligations`, {
      data: {
        organisationId: pfr?.id,
        bodyId: body?.id,
        periodType: "quarter",
        dueDays: 15,
        startPeriod: "2026-Q1",
      },
    });
    expect(obliged.status(), await obliged.text()).toBe(201);

    await page.goto(`${server.url}/coordination/districts/RW-D11`);
    await page.getByRole("heading", { name: "Nyarugenge district" }).waitFor();
    // The administrator's second-factor deadline, written as the app writes dates ("7 December 2026, 14:24").
    expect(await page.locator(".second-factor-banner").textContent()).toMatch(
      /set it up before \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d\./,
    );
    await page.getByRole("link", { name: "Meetings", exact: true }).click();
    await page.getByRole("heading", { name: "Meetings of Nyarugenge" }).waitFor();
    await page.getByText("No meeting yet.").waitFor();
    await page.getByLabel("Quarter").last().fill("2026-Q3");
    await page.getByRole("button", { name: "Plan the meeting and generate its agenda" }).click();
    await page.getByRole("heading", { name: "Nyarugenge District JRLOS Secretariat · 2026-Q3" }).waitFor();
    await expectAccessible(page, "a meeting's page");

    const wordings = () =>
      page
        .locator(".agenda-item textarea")
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    const generated = await wordings();
    const missing = generated.findIndex((w) =>
      w.startsWith(
        "Prison Fellowship Rwanda: report for 2026-Q3 to Nyarugenge District JRLOS Secretariat is missing",
      ),
    );
    expect(missing, generated.join("\n")).toBeGreaterThanOrEqual(0);
    await page
      .locator(".agenda-item textarea")
      .nth(missing)
      .fill("Prison Fellowship Rwanda: Q3 report missing, call them");
    await page.getByRole("button", { name: "Add an item" }).click();
    await page.locator(".agenda-item textarea").last().fill("Date of the next meeting");
    await page.locator(".agenda-editor").getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Generate the agenda again").waitFor();
    await page.waitForLoadState("networkidle");
    await page.reload();
    await page.getByRole("heading", { name: "Nyarugenge District JRLOS Secretariat · 2026-Q3" }).waitFor();
    const saved = await wordings();
    expect(saved).toContain("Prison Fellowship Rwanda: Q3 report missing, call them");
    expect(saved.at(-1)).toBe("Date of the next meeting");

    await page.getByLabel("Owner organisation").fill("Prison Fellowship");
    await page.getByRole("button", { name: "Prison Fellowship Rwanda" }).click();
    await page.getByLabel("What is to be done").fill("Send the Q3 report to the secretariat");
    // The due date typed as the app writes dates (day, month by name, year), and shown that way.
    const actionForm = page.locator("form", {
      has: page.getByRole("button", { name: "Add the action item" }),
    });
    await actionForm.getByLabel("Due date").fill("31");
    await actionForm.getByLabel("Month").selectOption({ label: "December" });
    await actionForm.getByLabel("Year").fill("2026");
    await page.getByRole("button", { name: "Add the action item" }).click();
    const item = page.locator(".action-item", { hasText: "Send the Q3 report to the secretariat" });
    await item.waitFor();
    expect(await item.textContent()).toContain("31 December 2026");
    expect(await page.locator(".action-item select").inputValue()).toBe("open");

    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, "70-meeting-agenda-360");
    await page.getByLabel("Language of the agenda").selectOption("rw");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the agenda (Word)" }).click(),
    ]);
    const text = (await mammoth.extractRawText({ buffer: readFileSync(await download.path()) })).value;
    expect(text).toContain(
      "Ingingo z'ibyigwa mu nama ya Komite ihuza ibikorwa bya JRLOS, Akarere ka Nyarugenge, 2026-Q3",
    );
    expect(text).toContain("Raporo zatinze n'izitaratanzwe");
    expect(text).toContain("Prison Fellowship Rwanda: Q3 report missing, call them");
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
