// Periodic reporting in the browser: a Musanze district officer sets quarterly obligations for the CSOs the 3W shows
// in Musanze; a CSO officer on a 360 px phone, in Kinyarwanda, drafts the report (refused while a section is missing)
// and submits it to both bodies; the officer returns it for the JADF with a comment and accepts it for the
// secretariat; the CSO sees the comment beside the section and resubmits; the officer accepts; the versions compare.
// Haguruka, which never reports, gets the overdue email in French, caught by the local SMTP server.
import type { APIResponse, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSmtpServer, type TestSmtpServer } from "../smtp";
import {
  browserAvailable,
  launchBrowser,
  type RunningServer,
  screenshot,
  signUpFirstAdministrator,
  startServerAndBrowser,
} from "./harness";

const run = browserAvailable();
const PHONE = { width: 360, height: 740 };
const OFFICER = { email: "officer@musanze.example", password: "Akarere ka Musanze 2026" };
const CSO = { email: "claudine@legalaid.example", password: "Ubutabera ku bose 2026" };
const LATE_CSO = { email: "jeanne@haguruka.example", password: "Haguruka Musanze 2026" };

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

async function json<T>(response: Promise<APIResponse>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

async function signIn(page: Page, url: string, who: { email: string; password: string }) {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.locator(".stats").waitFor();
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!run)("periodic reporting: obligations, a report to two bodies, review per body", () => {
  let server: RunningServer;
  let smtp: TestSmtpServer;
  let admin: Browser;
  let officer: Browser;
  let cso: Browser;
  let reportUrl = "";
  let step = "setup";

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ({ server, browser: admin } = await startServerAndBrowser(undefined, { SMTP_URL: smtp.url }));
    await signUpFirstAdministrator(admin.page, server.url);
    // The 3W: an active legal-aid agreement between two CSOs with Musanze as its area; then the two accounts.
    const request = admin.page.request;
    const headers = { origin: server.url, "content-type": "application/json" };
    const districts = await json<{ items: { id: string; name: string }[] }>(
      request.get(`${server.url}/api/places?kind=district&q=Musanze&limit=5`),
    );
    const musanze = districts.items.find((d) => d.name === "Musanze");
    expect(musanze).toBeDefined();
    const musanzeId = musanze?.id ?? "";
    const organisation = (name: string) =>
      json<{ id: string }>(
        request.post(`${server.url}/api/organisations`, { headers, data: { name, kind: "local_cso" } }),
        201,
      );
    const legalAid = await organisation("Legal Aid Musanze");
    const haguruka = await organisation("Haguruka Musanze");
    await json(
      request.post(`${server.url}/api/agreements`, {
        headers,
        data: {
          title: "Legal aid clinics in Musanze",
          kind: "mou",
          status: "active",
          validFrom: "2025-01-01",
          validUntil: "2028-12-31",
          parties: [
            { organisationId: legalAid.id, role: "signatory" },
            { organisationId: haguruka.id, role: "signatory" },
          ],
          themes: ["legal_aid"],
          areas: [{ placeId: musanzeId }],
        },
      }),
      201,
    );
    await json(
      request.post(`${server.url}/api/users`, {
        headers,
        data: {
          name: "Eric Niyonzima",
          ...OFFICER,
          locale: "en",
          grants: [{ role: "district_officer", scopeType: "district", scopeId: musanzeId }],
        },
      }),
      201,
    );
    await json(
      request.post(`${server.url}/api/users`, {
        headers,
        data: {
          name: "Claudine Mukamana",
          ...CSO,
          locale: "rw",
          grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: legalAid.id }],
          organisationIds: [legalAid.id],
        },
      }),
      201,
    );
    await json(
      request.post(`${server.url}/api/users`, {
        headers,
        data: {
          name: "Jeanne Uwase",
          ...LATE_CSO,
          locale: "fr",
          grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: haguruka.id }],
          organisationIds: [haguruka.id],
        },
      }),
      201,
    );
    officer = await launchBrowser();
    cso = await launchBrowser(PHONE);
    await signIn(officer.page, server.url, OFFICER);
    await signIn(cso.page, server.url, CSO);
  }, 240_000);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") {
      await screenshot(officer.page, `failed-reporting-officer-${step}`).catch(() => undefined);
      await screenshot(cso.page, `failed-reporting-cso-${step}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await cso?.close();
    await officer?.close();
    await admin?.close();
    await server?.stop();
    await smtp?.close();
  });

  it("the district officer sets quarterly obligations for the CSOs working in Musanze, from the 3W", async () => {
    step = "obligations";
    const { page } = officer;
    await page.getByRole("link", { name: "Reports" }).first().click();
    await page.getByRole("link", { name: "Reporting obligations" }).click();
    const plan = page.getByRole("region", { name: "Set obligations for a district" });
    await plan.getByLabel(/^District/).selectOption({ label: "Musanze" });
    await plan.getByLabel("How often").selectOption("quarter");
    await plan.getByLabel("Due days").fill("15");
    await plan.getByLabel("First period").fill("2026-Q1");
    await plan.getByRole("button", { name: "Show who would report" }).click();
    const table = plan.getByRole("table", { name: "Obligations to set" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(4);
    expect(await table.locator("tbody").textContent()).toContain("Legal Aid Musanze");
    expect(await table.locator("tbody").textContent()).toContain("JADF Musanze");
    expect(await table.locator("tbody").textContent()).toContain("Musanze District JRLOS Secretariat");
    // A row unticked is not saved; ticked again, it is.
    const row = plan.getByLabel("Haguruka Musanze → JADF Musanze");
    await row.uncheck();
    await plan.getByRole("button", { name: "Save 3 obligations" }).waitFor();
    await row.check();
    await screenshot(page, "reporting-01-district-plan");
    await plan.getByRole("button", { name: "Save 4 obligations" }).click();
    await page.getByText("4 obligations set.").waitFor();
    await expect.poll(() => page.locator(".cards .card").count()).toBeGreaterThanOrEqual(4);
    // Planned again: all four are shown as already set and none can be saved twice.
    await plan.getByRole("button", { name: "Show who would report" }).click();
    await expect.poll(() => table.getByText("already set").count()).toBe(4);
    expect(await plan.getByRole("button", { name: /^Save 0 obligations/ }).isDisabled()).toBe(true);
    // The district's bodies, with their switches (PATCH with If-Match): the officer turns on the JADF's digest.
    await page.locator("search.filters select").first().selectOption({ label: "Musanze" });
    const bodies = page.getByRole("region", { name: "Reporting bodies of the district" });
    const digest = bodies
      .getByRole("listitem")
      .filter({ hasText: "JADF Musanze" })
      .getByLabel("Weekly digest");
    const before = await digest.isChecked();
    await digest.setChecked(!before);
    await expect.poll(() => digest.isEnabled()).toBe(true);
    expect(await digest.isChecked()).toBe(!before);
    expect(await bodies.locator(".alert-error").count()).toBe(0);
    await page.reload();
    await expect.poll(() => digest.isChecked()).toBe(!before);
    await screenshot(page, "reporting-02-obligations");
    // Ending an obligation needs a reason; it then shows its last period.
    const card = page.locator(".cards .card").filter({ hasText: "Haguruka Musanze → JADF Musanze" });
    await card.getByRole("button", { name: "End the obligation" }).click();
    const end = card.getByRole("form", { name: "End the obligation" });
    await end.getByLabel("Last period to report").fill("2026-Q3");
    await end.getByRole("button", { name: "End the obligation" }).click();
    await end.locator(".field-error").waitFor();
    await end.getByLabel(/^Reason/).fill("Haguruka closed its Musanze office.");
    await end.getByRole("button", { name: "End the obligation" }).click();
    await card.getByText("2026-Q1 – 2026-Q3").waitFor();
    await card.getByText("Haguruka closed its Musanze office.").waitFor();
  });

  it("the CSO officer, on a phone in Kinyarwanda, drafts the report and is told which section is missing", async () => {
    step = "draft";
    const { page } = cso;
    await page.goto(`${server.url}/reports`);
    const start = page.getByRole("form", { name: "Tangira raporo" });
    await start
      .getByLabel("Raporo", { exact: true })
      .locator("option")
      .first()
      .waitFor({ state: "attached" });
    expect(await start.getByLabel("Raporo", { exact: true }).textContent()).toContain("buri gihembwe");
    await screenshot(page, "reporting-03-phone-start");
    await start.getByRole("button", { name: "Tangira iyi raporo" }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportUrl = page.url().replace(server.url, "");
    // Both bodies, each with its due date.
    await page.getByTestId("addressee-JADF Musanze").waitFor();
    await page.getByTestId("addressee-Musanze District JRLOS Secretariat").waitFor();
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toContain("Umushinga");
    // The due day as the app writes dates in Kinyarwanda (not 2026-10-15).
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toMatch(
      /\d{1,2} (Mutarama|Gashyantare|Werurwe|Mata|Gicurasi|Kamena|Nyakanga|Kanama|Nzeri|Ukwakira|Ugushyingo|Ukuboza) \d{4}/,
    );

    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    await form
      .getByLabel("Ibyo umuryango wawe wakoze muri iki gihe")
      .fill("Twatanze ubufasha mu by'amategeko mu mirenge ine.");
    await form.getByRole("button", { name: "Ongeraho igikorwa" }).click();
    const activity = form.getByRole("group", { name: "Igikorwa cya 1" });
    await activity.getByLabel(/^Icyakozwe/).fill("Ivuriro ry'ubufasha mu by'amategeko");
    await activity.getByLabel(/^Ahantu/).selectOption({ label: "Muhoza" });
    await activity.getByLabel("Abagore", { exact: true }).fill("70");
    await activity.getByLabel("Abagabo", { exact: true }).fill("50");
    // The date as the app writes dates in Kinyarwanda (day, month by name, year), not the browser's mm/dd/yyyy.
    const { period } = await json<{ period: string }>(
      page.request.get(`${server.url}/api${reportUrl.replace("/reports/", "/submissions/")}`),
    );
    const firstMonth = (Number(period.slice(-1)) - 1) * 3 + 1;
    const activityDate = `${period.slice(0, 4)}-${String(firstMonth).padStart(2, "0")}-12`;
    expect(await form.locator('input[type="date"]').count()).toBe(0);
    await activity.getByLabel(/^Itariki/).fill("12");
    expect(await activity.getByLabel("Ukwezi").textContent()).toContain("Mutarama");
    await activity.getByLabel("Ukwezi").selectOption(String(firstMonth));
    await activity.getByLabel("Umwaka").fill(period.slice(0, 4));
    await form.getByRole("button", { name: "Ongeraho inzitizi cyangwa impungenge" }).click();
    const hindrance = form.getByRole("group", { name: "Ikibazo cya 1" });
    await form.getByText(/^Ntihandikwe amazina/).waitFor();
    await hindrance
      .getByLabel(/^Ibyabaye/)
      .fill("Abafunzwe bamara igihe kirenze icyemewe n'amategeko batagezwa imbere y'umucamanza.");
    await hindrance.getByLabel(/^Ahantu/).selectOption({ label: "Muhoza" });
    await hindrance.getByLabel("MAJ (Inzu y'ubufasha mu by'amategeko)").check();
    await form
      .getByLabel("Ibyo muteganya mu gihe gikurikira")
      .fill("Amavuriro abiri yiyongera mu gihembwe gitaha.");
    // "Challenges" left empty: submitting is refused at that section, and nothing is sent.
    await form.getByRole("button", { name: /^Ohereza kuri/ }).click();
    const challenges = form.getByRole("region", { name: "Imbogamizi" });
    await challenges.getByText("Iki gice kigomba kuzuzwa mbere yo kohereza.").waitFor();
    // The refusal moves the focus (and scrolls the page) to the form's failure message: a button pressed before that
    // settled was missed on a loaded run.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.matches("[data-form-failure]") ?? false))
      .toBe(true);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "reporting-04-phone-missing-section");
    // Saved as a draft, it keeps what was typed.
    await form.getByRole("button", { name: "Bika umushinga" }).click();
    await page.getByText("Umushinga wabitswe.").waitFor();
    await page.reload();
    await expect
      .poll(() =>
        form
          .getByRole("group", { name: "Igikorwa cya 1" })
          .getByLabel(/^Abantu bagezweho/)
          .inputValue(),
      )
      .toBe("120");
    const saved = await json<{ content: { activities: { date?: string }[] } }>(
      page.request.get(`${server.url}/api${reportUrl.replace("/reports/", "/submissions/")}`),
    );
    expect(saved.content.activities[0]?.date).toBe(activityDate);
  });

  it("submits the report to both bodies", async () => {
    step = "submit";
    const { page } = cso;
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    await form.getByLabel("Ibyagoye akazi").fill("Ingendo mu gihe cy'imvura.");
    const submit = form.getByRole("button", { name: /^Ohereza kuri/ });
    expect(await submit.textContent()).toContain("JADF Musanze");
    expect(await submit.textContent()).toContain("Musanze District JRLOS Secretariat");
    // The draft is saved, then the submit itself fails once (the server's fault): trying again just submits, from
    // the version just saved, with no "changed elsewhere" comparison.
    await page.route(
      "**/api/submissions/*/submit",
      (route) =>
        route.fulfill({
          status: 503,
          contentType: "application/problem+json",
          body: JSON.stringify({ type: "about:blank", title: "Unavailable", status: 503 }),
        }),
      { times: 1 },
    );
    await submit.click();
    await page.getByText(/^Habaye ikibazo kuri seriveri/).waitFor();
    await submit.click();
    await page.getByText("Raporo yoherejwe.").waitFor();
    expect(await page.getByRole("region", { name: "Ibye cyangwa ibyawe" }).count()).toBe(0);
    expect(await page.getByTestId("report-status").textContent()).toBe("Yoherejwe");
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toContain("Yoherejwe");
    // Under review, the report reads but does not edit.
    expect(await page.getByRole("form", { name: "Ibice bya raporo" }).count()).toBe(0);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "reporting-05-phone-submitted");
  });

  it("the officer returns it for the JADF with a comment and accepts it for the secretariat", async () => {
    step = "review";
    const { page } = officer;
    await page.goto(`${server.url}/reports`);
    await page.getByRole("link", { name: /Legal Aid Musanze/ }).click();
    const jadf = page.getByRole("region", { name: "Review for JADF Musanze" });
    const jrlos = page.getByRole("region", { name: "Review for Musanze District JRLOS Secretariat" });
    await jadf.getByLabel("Comment on: Narrative").fill("Give the number of clinics in each sector.");
    await screenshot(page, "reporting-06-review");
    await jadf.getByRole("button", { name: "Return with comments" }).click();
    await page.getByText("The report was returned to the organisation with your comments.").waitFor();
    await jrlos.getByRole("button", { name: "Accept" }).click();
    await page.getByText("The report was accepted.").waitFor();
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toContain("Returned");
    expect(await page.getByTestId("addressee-Musanze District JRLOS Secretariat").textContent()).toContain(
      "Accepted",
    );
    expect(await page.getByTestId("report-status").textContent()).toBe("Returned");
  });

  it("the CSO sees the comment beside the section and resubmits; only the JADF gets it again", async () => {
    step = "resubmit";
    const { page } = cso;
    await page.goto(`${server.url}${reportUrl}`);
    const form = page.getByRole("form", { name: "Ibice bya raporo" });
    const narrative = form.getByRole("region", { name: "Inkuru y'ibyakozwe" });
    await narrative.getByText("Give the number of clinics in each sector.").waitFor();
    expect(await narrative.locator(".review-comments").textContent()).toContain("JADF Musanze");
    await screenshot(page, "reporting-07-phone-returned");
    await form
      .getByLabel("Ibyo umuryango wawe wakoze muri iki gihe")
      .fill(
        "Twatanze ubufasha mu by'amategeko mu mirenge ine: amavuriro abiri i Muhoza, rimwe i Cyuve, rimwe i Kinigi.",
      );
    await form.getByRole("button", { name: "Ohereza kuri JADF Musanze" }).click();
    await page.getByText("Raporo yoherejwe.").waitFor();
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toContain("Yongeye koherezwa");
    expect(await page.getByTestId("addressee-Musanze District JRLOS Secretariat").textContent()).toContain(
      "Yemejwe",
    );
    expect(await sideways(page)).toBeLessThanOrEqual(0);
  });

  it("the officer accepts it; the versions show what changed; the report is read-only for the CSO", async () => {
    step = "accept";
    const { page } = officer;
    await page.reload();
    const jadf = page.getByRole("region", { name: "Review for JADF Musanze" });
    await jadf.getByRole("button", { name: "Accept" }).click();
    await page.getByText("The report was accepted.").waitFor();
    expect(await page.getByTestId("report-status").textContent()).toBe("Accepted");
    const change = page.getByTestId("change-narrative");
    await change.waitFor();
    expect(await change.textContent()).toContain("amavuriro abiri i Muhoza");
    expect(await page.getByTestId("change-activities").count()).toBe(0);
    // The JADF's comment was answered: it no longer stands beside the section, it is kept as history.
    expect(await page.locator(".review-comments").count()).toBe(0);
    expect(await page.locator(".review-comments-history").textContent()).toContain(
      "Give the number of clinics in each sector.",
    );
    await screenshot(page, "reporting-08-accepted-versions");
    // The report downloads as Word or PDF in the reader's language.
    expect(await page.getByRole("link", { name: "Word (.docx)" }).getAttribute("href")).toMatch(
      /\/export\.docx\?lang=en$/,
    );

    const phone = cso.page;
    await phone.reload();
    await phone
      .getByText("Iyi raporo yaremejwe: ntishobora guhindurwa. Uyisuzuma ashobora kongera kuyifungura.")
      .waitFor();
    expect(await phone.getByRole("form", { name: "Ibice bya raporo" }).count()).toBe(0);
    expect(await phone.getByTestId("report-status").textContent()).toBe("Yemejwe");
    expect(await phone.getByRole("link", { name: "PDF" }).getAttribute("href")).toMatch(
      /\/export\.pdf\?lang=rw$/,
    );
    expect(await sideways(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, "reporting-09-phone-accepted");
  });

  it("a reviewer reopens an accepted report only with a reason; it goes back to the organisation", async () => {
    step = "reopen";
    const { page } = officer;
    const jadf = page.getByRole("region", { name: "Review for JADF Musanze" });
    await jadf.getByRole("button", { name: "Reopen" }).click();
    await jadf.locator(".field-error").waitFor();
    expect(await page.getByTestId("report-status").textContent()).toBe("Accepted");
    await jadf.getByLabel("Why reopen it").fill("The sector figures do not match the JADF action plan.");
    await jadf.getByRole("button", { name: "Reopen" }).click();
    await page.getByText("The report was reopened and returned to the organisation.").waitFor();
    expect(await page.getByTestId("addressee-JADF Musanze").textContent()).toContain("Returned");
    expect(await page.getByTestId("addressee-Musanze District JRLOS Secretariat").textContent()).toContain(
      "Accepted",
    );
    await cso.page.reload();
    await cso.page.getByRole("button", { name: "Ohereza kuri JADF Musanze" }).waitFor();
  });

  it("Haguruka, which has not reported, gets the overdue email in French", async () => {
    step = "overdue-email";
    // The reminders the server sends each morning at 07:00, sent now by the administrator.
    const sent = await json<{ reminders: number; emails: number }>(
      admin.page.request.post(`${server.url}/api/reporting/reminders`, { headers: { origin: server.url } }),
    );
    expect(sent.reminders).toBeGreaterThan(0);
    const overdue = () => smtp.messagesTo(LATE_CSO.email).find((m) => m.subject?.startsWith("En retard"));
    await expect.poll(overdue, { timeout: 10_000 }).toBeDefined();
    const mail = overdue() as NonNullable<ReturnType<typeof overdue>>;
    expect(mail.subject).toMatch(/^En retard : rapport 2026-Q\d à .*Musanze.* \(\d+ jours? de retard\)$/);
    expect(mail.text).toContain("Haguruka Musanze");
    expect(mail.text).toContain(`${server.url}/reports`);
  });
});
