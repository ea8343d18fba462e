// Reminders to reporting organisations (N days before the due date, on it, weekly while overdue) and a weekly
// digest to each body of what is late; each notice once (its key claimed in the transaction that queues the
// email), in the recipient's language, switchable per body. Run daily by the job queue, or by the CLI.
import type { Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  inTransaction,
  type ServiceContext,
  type SystemActor,
  todayOf,
} from "../../kernel";
import { catalogMessage, type MailLocale, type NewOutboxMessage, queueMessages } from "../mail";
import { selectBodies } from "./bodies.store";
import { lastEndedPeriods, PERIOD_TYPES, periodOfDate } from "./periods";
import { isoWeekOf, type Reminder, reminderFor } from "./reminders";
import { claimNotices, type Recipient, selectBodyStaff, selectReportingStaff } from "./reminders.store";
import type { ReportingBody } from "./reporting.schema";
import { selectOrganisationNames } from "./submissions.store";
import { outcomeOf } from "./timeliness";
import { selectExpectedReports } from "./timeliness.store";

/** How many ended periods of each type are still chased (a year of quarters). */
const PERIODS_CHASED = 4;

export type NoticeReport = { reminders: number; digests: number; emails: number };

const localeOf = (value: string): MailLocale => (value === "fr" || value === "rw" ? value : "en");

/** Every period a reminder can concern today: the current one and the last few ended ones, of each type. */
export function periodsToChase(today: string): string[] {
  return PERIOD_TYPES.flatMap((type) => [
    ...lastEndedPeriods(type, today, PERIODS_CHASED),
    periodOfDate(type, today),
  ]);
}

export async function sendReportingNotices(
  db: Executor,
  options: { today: string; siteUrl: string },
): Promise<NoticeReport> {
  const actor: SystemActor = { kind: "system", label: "reporting reminders" };
  const bodies = new Map((await selectBodies(db)).filter((b) => b.active).map((b) => [b.id, b]));
  const rows = await selectExpectedReports(db, periodsToChase(options.today));
  const due: { row: (typeof rows)[number]; reminder: Reminder; body: ReportingBody }[] = [];
  const lateByBody = new Map<string, { organisationId: string; period: string; daysLate: number }[]>();
  for (const row of rows) {
    const body = bodies.get(row.bodyId);
    if (!body) continue;
    const outcome = outcomeOf(row, options.today);
    if (outcome.state === "missing") {
      const list = lateByBody.get(body.id) ?? [];
      list.push({ organisationId: row.organisationId, period: row.period, daysLate: outcome.daysLate });
      lateByBody.set(body.id, list);
    }
    if (!body.remindersEnabled) continue;
    const reminder = reminderFor(row, outcome, options.today, body.reminderDaysBefore);
    if (reminder) due.push({ row, reminder, body });
  }
  const organisationIds = [
    ...new Set([
      ...due.map((d) => d.row.organisationId),
      ...[...lateByBody.values()].flat().map((l) => l.organisationId),
    ]),
  ];
  const [staff, names] = await Promise.all([
    selectReportingStaff(db, [...new Set(due.map((d) => d.row.organisationId))]),
    selectOrganisationNames(db, organisationIds),
  ]);
  const link = `${options.siteUrl.replace(/\/$/, "")}/reports`;
  const report: NoticeReport = { reminders: 0, digests: 0, emails: 0 };

  await inTransaction({ db, actor }, async (tx) => {
    // Claimed and queued in batches: one by one, the first run of a day took 13 s at 7,000 obligations.
    const withRecipients = due.filter((d) => (staff.get(d.row.organisationId) ?? []).length > 0);
    const claimed = await claimNotices(
      tx.db,
      withRecipients.map(({ row, reminder, body }) => ({
        key: reminder.key,
        kind: reminder.kind,
        bodyId: body.id,
        obligationId: row.obligationId,
        period: row.period,
        recipients: (staff.get(row.organisationId) ?? []).length,
      })),
    );
    const messages: NewOutboxMessage[] = [];
    for (const { row, reminder, body } of withRecipients) {
      if (!claimed.has(reminder.key)) continue;
      report.reminders++;
      for (const r of staff.get(row.organisationId) ?? []) {
        const values = {
          organisation: names.get(row.organisationId) ?? "",
          body: body.organisationName,
          period: row.period,
          link,
        };
        messages.push(reminderMessage(r, reminder, values));
      }
    }
    const week = isoWeekOf(options.today);
    for (const [bodyId, late] of lateByBody) {
      const body = bodies.get(bodyId);
      if (!body?.digestEnabled || late.length === 0) continue;
      const recipients = await selectBodyStaff(tx.db, body);
      if (recipients.length === 0) continue;
      const key = `digest:${bodyId}:${week}`;
      const claimed = await claimNotices(tx.db, [
        { key, kind: "digest", bodyId, obligationId: null, period: null, recipients: recipients.length },
      ]);
      if (!claimed.has(key)) continue;
      report.digests++;
      const lines = late
        .sort((a, b) => b.daysLate - a.daysLate)
        .map((l) => ({
          organisation: names.get(l.organisationId) ?? "",
          period: l.period,
          days: l.daysLate,
        }));
      for (const r of recipients)
        messages.push(digestMessage(r, body.organisationName, lines, `${link}/timeliness`));
    }
    await queueMessages(tx.db, messages);
    report.emails = messages.length;
  });
  return report;
}

function reminderMessage(
  to: Recipient,
  reminder: Reminder,
  values: { organisation: string; body: string; period: string; link: string },
): NewOutboxMessage {
  const key =
    reminder.kind === "before_due"
      ? "reportingReminder.beforeDue"
      : reminder.kind === "due"
        ? "reportingReminder.due"
        : "reportingReminder.overdue";
  const days = reminder.kind === "overdue" ? reminder.daysLate : reminder.daysLeft;
  // `count` picks the catalog's plural form: "1 day", "8 days".
  return catalogMessage("reporting_reminder", key, to.email, localeOf(to.locale), {
    ...values,
    days,
    count: days,
    site: values.link.replace(/\/reports$/, ""),
  });
}

function digestMessage(
  to: Recipient,
  body: string,
  lines: { organisation: string; period: string; days: number }[],
  link: string,
): NewOutboxMessage {
  const locale = localeOf(to.locale);
  const list = lines.map((l) => `- ${l.organisation} — ${l.period}: ${l.days}`).join("\n");
  return catalogMessage("reporting_digest", "reportingDigest", to.email, locale, {
    body,
    count: lines.length,
    list,
    link,
    site: link.replace(/\/reports\/timeliness$/, ""),
  });
}

/**
 * The day's reminders and digests now, as the daily job would send them (each notice once), for those who set
 * reminders everywhere: administrators and coordinators. On the embedded database the CLI cannot open the data
 * folder while the server runs; this is how they send them then.
 */
export async function sendReportingNoticesNow(ctx: ServiceContext, siteUrl: string): Promise<NoticeReport> {
  assertAllowedOnResource(ctx.actor, "reporting_body", "update");
  return sendReportingNotices(ctx.db, { today: todayOf(ctx), siteUrl });
}
