// Reminders and digests through a real SMTP server: before the due date, on it, weekly while overdue, once each
// (a second run the same day sends nothing), in the recipient's language, switchable per body.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  contextAs,
  createOrganisationFixture,
  createUserFixture,
  systemActor,
} from "../../../tests/factories";
import { startSmtpServer, type TestSmtpServer } from "../../../tests/smtp";
import type { DatabaseHandle } from "../../db/client";
import { userTable } from "../access/access.table";
import { createMailer, type Mailer } from "../mail";
import { listBodies, loadReportingBodies, updateBody } from "./bodies.service";
import { createObligationsInBulk } from "./obligations.service";
import { sendReportingNotices } from "./reminders.service";
import type { ReportingBody } from "./reporting.schema";
import { createSubmission, submitSubmission, updateSubmission } from "./submissions.service";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let mailer: Mailer;
let jadf: ReportingBody;
const emails = { a: "", b: "", officer: "" };

const SITE = "https://ubufatanye.test";
const run = async (today: string) => {
  const report = await sendReportingNotices(handle.db, { today, siteUrl: SITE });
  await mailer.deliverPending();
  return report;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  mailer = createMailer({ db: handle.db, smtpUrl: smtp.url, from: "Ubufatanye <no-reply@ubufatanye.test>" });
  await loadReportingBodies(handle.db);
  const ctx = contextAs(handle, systemActor);
  jadf = (await listBodies(ctx, { kind: "jadf" })).find((b) => b.districtName === "Musanze") as ReportingBody;
  const a = await createOrganisationFixture(handle, { name: "On Time CSO" });
  const b = await createOrganisationFixture(handle, { name: "Late CSO" });
  const userA = await createUserFixture(handle, {
    grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: a.id }],
    organisationIds: [a.id],
  });
  const userB = await createUserFixture(handle, {
    grants: [{ role: "partner_editor", scopeType: "organisation", scopeId: b.id }],
    organisationIds: [b.id],
  });
  const officer = await createUserFixture(handle, {
    grants: [{ role: "district_officer", scopeType: "district", scopeId: jadf.districtId }],
  });
  await handle.db.update(userTable).set({ locale: "fr" }).where(eq(userTable.id, userB.user.id));
  await handle.db.update(userTable).set({ locale: "rw" }).where(eq(userTable.id, officer.user.id));
  emails.a = userA.user.email;
  emails.b = userB.user.email;
  emails.officer = officer.user.email;
  await createObligationsInBulk(
    ctx,
    [a.id, b.id].map((organisationId) => ({
      organisationId,
      bodyId: jadf.id,
      periodType: "quarter" as const,
      dueDays: 15,
      startPeriod: "2026-Q4",
    })),
  );
  // A reports its 2026-Q4 report now (before the due date, 2027-01-15).
  const draft = await createSubmission(userA.context, { organisationId: a.id, period: "2026-Q4" });
  const filled = await updateSubmission(userA.context, draft.id, draft.version, {
    content: {
      narrative: "Clinics held.",
      activities: [],
      hindrances: [],
      challenges: "None.",
      plans: "More clinics.",
      nothingToReport: ["activities", "hindrances"],
    },
  });
  await submitSubmission(userA.context, filled.id, filled.version);
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

describe("reporting reminders", () => {
  it("reminds the late organisation's staff 7 days before the due date, in their language, once", async () => {
    expect(await run("2027-01-07")).toEqual({ reminders: 0, digests: 0, emails: 0 });
    expect(await run("2027-01-08")).toEqual({ reminders: 1, digests: 0, emails: 1 });
    const mail = await smtp.waitFor(emails.b);
    expect(mail.subject).toBe("Rapport 2026-Q4 à JADF Musanze : échéance dans 7 jours");
    expect(mail.text).toContain("Late CSO");
    expect(mail.text).toContain(`${SITE}/reports`);
    expect(smtp.messagesTo(emails.a)).toHaveLength(0);
    // The same day again, or a day later: already sent.
    expect(await run("2027-01-08")).toEqual({ reminders: 0, digests: 0, emails: 0 });
    expect(await run("2027-01-09")).toEqual({ reminders: 0, digests: 0, emails: 0 });
  });

  it("reminds on the due date, then weekly while overdue, and sends the body a weekly digest of what is late", async () => {
    expect((await run("2027-01-15")).reminders).toBe(1);
    expect((await smtp.waitFor(emails.b)).subject).toBe(
      "Rapport 2026-Q4 à JADF Musanze : échéance aujourd'hui",
    );

    expect(await run("2027-01-16")).toEqual({ reminders: 1, digests: 1, emails: 2 });
    expect((await smtp.waitFor(emails.b)).subject).toBe(
      "En retard : rapport 2026-Q4 à JADF Musanze (1 jour de retard)",
    );
    const digest = await smtp.waitFor(emails.officer);
    expect(digest.subject).toBe("JADF Musanze: raporo 1 yatinze muri iki cyumweru");
    expect(digest.text).toContain("Late CSO — 2026-Q4: 1");
    expect(digest.text).not.toContain("On Time CSO");

    // Same week: nothing new. Next week: the overdue reminder again and the digest again.
    expect(await run("2027-01-17")).toEqual({ reminders: 0, digests: 0, emails: 0 });
    expect(await run("2027-01-23")).toEqual({ reminders: 1, digests: 1, emails: 2 });
    expect(smtp.messagesTo(emails.b)).toHaveLength(4);
    // Counted in the recipient's language: one day, then days.
    expect((await smtp.waitFor(emails.b)).subject).toBe(
      "En retard : rapport 2026-Q4 à JADF Musanze (8 jours de retard)",
    );
  });

  it("sends nothing for a body whose reminders and digest are switched off", async () => {
    const ctx = contextAs(handle, systemActor);
    await updateBody(ctx, jadf.id, jadf.version, { remindersEnabled: false, digestEnabled: false });
    expect(await run("2027-01-30")).toEqual({ reminders: 0, digests: 0, emails: 0 });
    expect(smtp.messagesTo(emails.a)).toHaveLength(0);
  });
});
