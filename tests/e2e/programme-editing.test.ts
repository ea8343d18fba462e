// An M&E officer corrects a programme after the fact (issue 6): edits the programme (a stale edit is refused), adds an
// indicator from the sector library, edits its targets per period, edits and deletes an event (people reached
// follows), deletes a result, an indicator and logframe items with confirmations; the same forms on a 360 px phone.
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  SCREENSHOT_DIR,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const PROGRAMME = "Rwanda Counter Human Trafficking Joint Programme";
/** One part of a long page, readable in the screenshot. */
const screenshotOf = (locator: Locator, name: string) =>
  locator.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

describe.skipIf(!run)("editing a programme, its indicators, results and events", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let programmeUrl = "";
  /** Every confirmation asked, accepted. */
  const dialogs: string[] = [];

  const reachedOnDashboard = async (page: Page) => {
    await page.goto(`${programmeUrl}/dashboard`);
    await page.getByTestId("people-reached").waitFor();
    await expect.poll(() => page.getByTestId("people-reached").textContent()).not.toBe("");
    return page.getByTestId("people-reached").textContent();
  };

  beforeAll(async () => {
    ({ server, browser } = await startServerAndBrowser());
    browser.page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("edits every field of the programme and keeps what it does not show (the country)", async () => {
    const { page } = browser;
    await signUpFirstAdministrator(page, server.url);
    await page.getByRole("link", { name: "Programmes" }).first().click();
    await page.getByRole("button", { name: "Load the example programme" }).click();
    await page.getByRole("heading", { name: PROGRAMME }).waitFor({ timeout: 60_000 });
    programmeUrl = page.url();
    // An agreement to link, registered the way any client does.
    await page.evaluate(async () => {
      const orgs = (await (await fetch("/api/organisations?limit=10")).json()) as {
        items: { id: string; name: string }[];
      };
      const res = await fetch("/api/agreements", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          title: "MoU on counter trafficking",
          kind: "mou",
          parties: orgs.items.slice(0, 2).map((o) => ({ organisationId: o.id, role: "signatory" })),
        }),
      });
      if (!res.ok) throw new Error(`agreement: ${res.status} ${await res.text()}`);
    });

    await page.getByRole("link", { name: "Edit the programme" }).click();
    const title = page.getByLabel(/^Title\b/);
    await expect.poll(() => title.inputValue()).toBe(PROGRAMME);
    await title.fill(`${PROGRAMME} (revised)`);
    await page.getByLabel("Status").selectOption("ongoing");
    await page.getByLabel(/^End\b/).fill("2012-12-31");
    await page.getByTestId("donor-row").first().getByLabel("Funding amount").fill("350000");
    await page.getByRole("button", { name: "Add a donor" }).click();
    const second = page.getByTestId("donor-row").nth(1);
    await second
      .getByLabel("Donor", { exact: true })
      .selectOption({ label: "International Organization for Migration Rwanda" });
    await second.getByLabel("Funding amount").fill("120000");
    await second.getByLabel("Currency").fill("rwf");
    await page.getByLabel("Districts").selectOption([{ label: "Kirehe" }, { label: "Ngoma" }]);
    await page.getByLabel("Legal aid", { exact: true }).check();
    await page.getByLabel("Find an agreement by its title").fill("counter");
    await page.getByRole("option", { name: "MoU on counter trafficking" }).click();
    await page.getByLabel(/^Description\b/).fill("Prevention, protection and prosecution, 2011–2012.");
    await screenshot(page, "70-programme-edit-form");
    await page.getByRole("button", { name: "Save" }).click();

    await page.getByRole("heading", { name: `${PROGRAMME} (revised)` }).waitFor();
    const facts = page.locator(".facts");
    await expect.poll(() => facts.textContent()).toContain("Ongoing");
    const text = (await facts.textContent()) ?? "";
    expect(text).toContain("(350,000 USD)");
    expect(text).toContain("International Organization for Migration Rwanda (120,000 RWF)");
    expect(text).toContain("31");
    // The country ("Rwanda") was not a district: it is kept; Muhanga was unselected.
    expect(text).toContain("Kirehe, Ngoma, Rwanda");
    expect(text).toContain("MoU on counter trafficking");
    await expect.poll(() => facts.textContent()).toContain("Legal aid");
    expect(await page.locator(".prose").textContent()).toBe(
      "Prevention, protection and prosecution, 2011–2012.",
    );
    await screenshot(page, "71-programme-edited");
  });

  it("refuses a stale edit and shows what the other person changed", async () => {
    const { page } = browser;
    await page.getByRole("link", { name: "Edit the programme" }).click();
    await expect.poll(() => page.getByLabel(/^Title\b/).inputValue()).toContain("(revised)");
    // A colleague saves first.
    await page.evaluate(async (url) => {
      const id = url.split("/").at(-1);
      const res = await fetch(`/api/programmes/${id}`);
      const etag = res.headers.get("etag") ?? "";
      const patched = await fetch(`/api/programmes/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": etag },
        body: JSON.stringify({ status: "completed" }),
      });
      if (!patched.ok) throw new Error(`patch: ${patched.status}`);
    }, programmeUrl);
    await page.getByLabel(/^Title\b/).fill("My late title");
    await page.getByRole("button", { name: "Save" }).click();
    await page
      .getByText("Someone else changed this programme since you opened it.", { exact: false })
      .waitFor();
    const others = page.getByRole("region", { name: "Changed by someone else since you opened the form" });
    await others.waitFor();
    // What the colleague changed, in words: the status went from Ongoing to Completed.
    expect(await others.getByRole("row", { name: /Status/ }).textContent()).toBe("StatusOngoingCompleted");
    expect(page.url()).toContain("/edit");
    await screenshot(page, "72-programme-stale-edit");
    await page.goto(programmeUrl);
    await page.getByRole("heading", { name: `${PROGRAMME} (revised)` }).waitFor();
    expect(await page.locator(".facts").textContent()).toContain("Completed");
  });

  it("adds an indicator from the sector library and edits its targets per period", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Add an indicator" }).click();
    const form = page.getByRole("form", { name: "Add an indicator" });
    await form.getByLabel("From the sector library").selectOption({ label: "Number of people trained" });
    expect(await form.getByLabel(/^Indicator\b/).inputValue()).toBe("Number of people trained");
    expect(await form.getByLabel("Unit").inputValue()).toBe("people");
    expect(await form.getByLabel("Sex").isChecked()).toBe(true);
    const first = form.getByTestId("target-row").first();
    expect(await first.getByLabel("Period from").inputValue()).toBe("2011-11-01");
    await first.getByLabel("Target", { exact: true }).fill("300");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    const row = page.getByTestId("indicator-row").filter({ hasText: "Number of people trained" });
    await row.waitFor();
    expect(await row.locator("td").nth(1).textContent()).toBe("300");

    await page.getByRole("button", { name: "Edit “Number of people trained”" }).click();
    const edit = page.getByRole("form", { name: "Edit the indicator" });
    await edit.getByLabel(/^Indicator\b/).fill("People trained on trafficking");
    await edit.getByLabel("Baseline", { exact: true }).fill("12");
    const rows = edit.getByTestId("target-row");
    await rows.first().getByLabel("Period to").fill("2012-03-31");
    await rows.first().getByLabel("Target", { exact: true }).fill("100");
    await edit.getByRole("button", { name: "Add a period" }).click();
    await rows.nth(1).getByLabel("Period from").fill("2012-04-01");
    await rows.nth(1).getByLabel("Period to").fill("2012-12-31");
    await rows.nth(1).getByLabel("Target", { exact: true }).fill("250");
    await edit.getByRole("button", { name: "Add a period" }).click();
    await rows.nth(2).getByLabel("Period from").fill("2013-01-01");
    await rows.nth(2).getByLabel("Period to").fill("2013-06-30");
    await rows.nth(2).getByLabel("Target", { exact: true }).fill("50");
    await edit.getByRole("button", { name: "Save" }).click();
    // A period outside the programme is refused under its own row; nothing is saved.
    await rows.nth(2).locator(".field-error").waitFor();
    expect(await rows.nth(2).locator(".field-error").textContent()).toBe(
      "The period is outside the programme (2011-11-01 to 2012-12-31).",
    );
    await screenshotOf(edit, "73-indicator-target-outside");
    expect(await row.locator("td").nth(1).textContent()).toBe("300");
    await rows.nth(2).getByRole("button", { name: "Remove this period" }).click();
    await edit.getByRole("button", { name: "Save" }).click();
    const edited = page.getByTestId("indicator-row").filter({ hasText: "People trained on trafficking" });
    await edited.waitFor();
    expect(await edited.locator("td").nth(0).textContent()).toBe("12");
    expect(await edited.locator("td").nth(1).textContent()).toBe("350");
  });

  it("refuses a target on a text indicator, naming the field", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Add an indicator" }).click();
    const form = page.getByRole("form", { name: "Add an indicator" });
    await form.getByLabel(/^Indicator\b/).fill("Referral guidelines adopted");
    await form.getByLabel("Unit").selectOption("text");
    await form.getByTestId("target-row").first().getByLabel("Target", { exact: true }).fill("1");
    await form.getByRole("button", { name: "Add", exact: true }).click();
    await form.getByText("A text indicator has no numeric targets.").waitFor();
    expect(
      await page.getByTestId("indicator-row").filter({ hasText: "Referral guidelines adopted" }).count(),
    ).toBe(0);
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  it("edits an event's participants by category and sex; the table and the dashboard follow", async () => {
    const { page } = browser;
    expect(await reachedOnDashboard(page)).toBe("1,542");
    await page.goto(programmeUrl);
    // The report gives this talk no date: the page says so rather than showing the programme's start.
    const rusumo = page.getByTestId("event-entry").filter({ hasText: "Rusumo" });
    await rusumo.getByText("Date not reported").waitFor();
    await page.getByRole("button", { name: "Edit “Presentations in two schools in Rusumo”" }).click();
    const form = page.getByRole("form", { name: "Edit the event" });
    expect(await form.getByLabel(/The report gives no date/).isChecked()).toBe(true);
    expect(await form.getByLabel("What took place").inputValue()).toBe(
      "Presentations in two schools in Rusumo",
    );
    await form.getByLabel("Sex").first().selectOption("female");
    await form.getByLabel("Number", { exact: true }).first().fill("520");
    await form.getByRole("button", { name: "Add a row" }).click();
    await form.getByLabel("Category").nth(1).selectOption("students");
    await form.getByLabel("Sex").nth(1).selectOption("male");
    await form.getByLabel("Number", { exact: true }).nth(1).fill("480");
    await form.getByLabel("Last day (if it lasted several days)").fill("2011-11-02");
    await form
      .getByLabel("Organisers")
      .selectOption([{ label: "International Organization for Migration Rwanda" }]);
    expect(await form.getByText("1000 participants").count()).toBe(1);
    await screenshotOf(form, "74-event-edit");
    await form.getByRole("button", { name: "Save" }).click();
    const table = page.getByTestId("people-reached-table");
    await expect
      .poll(() => table.getByRole("row", { name: /School presentations/ }).textContent())
      .toContain("1,000 students");
    expect(await reachedOnDashboard(page)).toBe("1,639");
    await page.goto(programmeUrl);
    await rusumo.getByText("Date not reported").waitFor();
  });

  it("deletes the event with a confirmation; people reached goes down", async () => {
    const { page } = browser;
    await page.goto(programmeUrl);
    await page.getByRole("button", { name: "Delete “Presentations in two schools in Rusumo”" }).click();
    await page.getByTestId("event-entry").filter({ hasText: "Rusumo" }).waitFor({ state: "detached" });
    expect(dialogs.at(-1)).toBe(
      "Delete the event “Presentations in two schools in Rusumo”? Its 1000 participants will no longer count as people reached, and the results it gave go with it.",
    );
    const table = page.getByTestId("people-reached-table");
    await expect
      .poll(() => table.getByRole("row", { name: /School presentations/ }).textContent())
      .toContain("—");
    expect(await reachedOnDashboard(page)).toBe("639");
  });

  it("deletes a reported result, then the indicator, each with a confirmation", async () => {
    const { page } = browser;
    await page.goto(programmeUrl);
    await page.getByRole("button", { name: "Report a result" }).click();
    const report = page.locator("form", { has: page.getByRole("heading", { name: "Report a result" }) });
    await report.getByLabel("Indicator").selectOption({ label: "People trained on trafficking" });
    await report.getByLabel("Period from").fill("2012-01-01");
    await report.getByLabel("Period to").fill("2012-03-31");
    await report.getByLabel("Value", { exact: true }).fill("25");
    await report.getByRole("button", { name: "Add", exact: true }).click();
    const row = page.getByTestId("indicator-row").filter({ hasText: "People trained on trafficking" });
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("25");

    await page.getByRole("button", { name: "Results of “People trained on trafficking”" }).click();
    const results = page.getByRole("region", { name: "Results of “People trained on trafficking”" });
    await results.getByTestId("result-entry").waitFor();
    expect(await results.getByTestId("result-entry").count()).toBe(1);
    await screenshotOf(
      page.locator("section", { has: page.getByTestId("indicator-row").first() }),
      "75-indicator-results",
    );
    await results.getByRole("button", { name: "Delete" }).click();
    await results.getByText("no result yet").waitFor();
    expect(dialogs.at(-1)).toMatch(/^Delete the result 25 for /);
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("no result yet");

    await page.getByRole("button", { name: "Delete “People trained on trafficking”" }).click();
    await row.waitFor({ state: "detached" });
    expect(dialogs.at(-1)).toBe("Delete the indicator “People trained on trafficking”? It has no results.");
  });

  it("refuses to delete logframe items that still hold data, and deletes an empty one", async () => {
    const { page } = browser;
    const radio = page.locator(".logframe-item", { hasText: "Radio talk shows" });
    await radio.getByRole("button", { name: "Delete “Radio talk shows”" }).click();
    await radio.getByRole("alert").waitFor();
    expect(await radio.getByRole("alert").textContent()).toBe(
      "This activity was not deleted: 1 event was recorded for it. Delete it or link it to another activity first.",
    );
    const objective = page.locator(".logframe-item.level-objective");
    await objective.getByRole("button", { name: /^Delete “To contribute/ }).click();
    await objective.getByRole("alert").waitFor();
    const refused = (await objective.getByRole("alert").textContent()) ?? "";
    expect(refused).toContain("This objective was not deleted: 4 items sit under it.");
    expect(refused).toContain(
      "results are reported on “Number of people reached by trainings and awareness activities”",
    );
    await screenshotOf(page.locator(".logframe"), "76-logframe-delete-refused");

    await page.getByRole("button", { name: "Add an outcome" }).click();
    const add = page.locator("form.inline-form", { has: page.getByLabel("outcome", { exact: true }) });
    await add.getByLabel("outcome", { exact: true }).fill("A temporary outcome");
    await add.getByRole("button", { name: "Add", exact: true }).click();
    const temporary = page.locator(".logframe-item", { hasText: "A temporary outcome" });
    await temporary.waitFor();
    await temporary.getByRole("button", { name: "Delete “A temporary outcome”" }).click();
    await temporary.waitFor({ state: "detached" });
    expect(dialogs.at(-1)).toBe("Delete the outcome “A temporary outcome”?");
    expect(await page.locator(".logframe-item").filter({ hasText: "Radio talk shows" }).count()).toBe(1);
  });

  it("works on a 360 px phone: the programme page with its editing controls and the forms", async () => {
    const phone = await launchBrowser({ width: 360, height: 740 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/sign-in`);
      await page.locator('input[type="email"]').fill("aline@rcs.example");
      await page.locator('input[type="password"]').fill("Amahoro 2026 kuri bose");
      await page.locator('button[type="submit"]').click();
      await page.locator(".stats").waitFor();
      /** How far the page scrolls sideways, and (to say why) the elements that stick out. */
      const overflow = async () => {
        const { by, culprits } = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out = [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .slice(0, 4)
            .map((e) => `${e.tagName}.${e.className}:${Math.round(e.getBoundingClientRect().right)}`);
          return { by: document.documentElement.scrollWidth - width, culprits: out };
        });
        expect(by, culprits.join(" ")).toBeLessThanOrEqual(0);
        return by;
      };
      await page.goto(programmeUrl);
      await page.getByTestId("people-reached-table").waitFor();
      await page.getByRole("button", { name: "Edit “Number of awareness events held”" }).click();
      await page.getByRole("form", { name: "Edit the indicator" }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshotOf(page.getByRole("form", { name: "Edit the indicator" }), "77-indicator-edit-phone");
      await page.getByRole("button", { name: "Edit “Ba Maso (Be Alert) campaign", exact: false }).click();
      await page.getByRole("form", { name: "Edit the event" }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.goto(`${programmeUrl}/edit`);
      await expect.poll(() => page.getByLabel(/^Title\b/).inputValue()).toContain("(revised)");
      expect(await overflow()).toBeLessThanOrEqual(0);
      await screenshot(page, "78-programme-edit-phone");
    } finally {
      await phone.close();
    }
  });
});
