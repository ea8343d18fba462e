// Tables of the reporting module: bodies that receive reports, obligations to report, submissions, their
// addressees (one review per body) and the versions each submit keeps.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { storedFileColumns } from "../../kernel/files/stored-file.table";
import { versionColumns } from "../../kernel/versioned.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";

/** A body that receives reports: each district's JRLOS secretariat and JADF, or one an administrator adds. */
export const reportingBodyTable = pgTable(
  "reporting_body",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    /** jrlos_secretariat | jadf | other */
    kind: text("kind").notNull(),
    districtId: uuid("district_id").references(() => placeTable.id, { onDelete: "restrict" }),
    remindersEnabled: boolean("reminders_enabled").notNull().default(true),
    digestEnabled: boolean("digest_enabled").notNull().default(true),
    /** Days before the due date the first reminder goes out. */
    reminderDaysBefore: integer("reminder_days_before").notNull().default(7),
    active: boolean("active").notNull().default(true),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("reporting_body_organisation_idx").on(t.organisationId),
    // One JRLOS secretariat and one JADF per district.
    uniqueIndex("reporting_body_district_kind_idx")
      .on(t.kind, t.districtId)
      .where(sql`${t.kind} in ('jrlos_secretariat', 'jadf')`),
    index("reporting_body_district_idx").on(t.districtId),
  ],
);

/** Organisation X reports to body Y every period, due N days after the period ends, with these sections. */
export const reportingObligationTable = pgTable(
  "reporting_obligation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => reportingBodyTable.id, { onDelete: "restrict" }),
    periodType: text("period_type").notNull(),
    dueDays: integer("due_days").notNull(),
    /** The first period reported (same type as period_type). */
    startPeriod: text("start_period").notNull(),
    /** The last period reported; null while the obligation runs. Ending keeps every period before it. */
    endPeriod: text("end_period"),
    endReason: text("end_reason"),
    sections: text("sections").array().notNull(),
    ...versionColumns(),
  },
  (t) => [
    index("reporting_obligation_organisation_idx").on(t.organisationId),
    index("reporting_obligation_body_idx").on(t.bodyId),
    // One running obligation per organisation, body and period type.
    uniqueIndex("reporting_obligation_running_idx")
      .on(t.organisationId, t.bodyId, t.periodType)
      .where(sql`${t.endPeriod} is null`),
    check("reporting_obligation_due_days", sql`${t.dueDays} between 0 and 366`),
  ],
);

/** One organisation's report for one period, addressed to one or several bodies. */
export const submissionTable = pgTable(
  "submission",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    period: text("period").notNull(),
    periodType: text("period_type").notNull(),
    /** The sections as last saved (SubmissionContent). */
    content: jsonb("content").notNull(),
    /** draft | submitted | returned | accepted: the furthest-behind addressee's state, for lists. */
    status: text("status").notNull().default("draft"),
    /** How many times it was submitted: the number of the last kept version. */
    submittedVersions: integer("submitted_versions").notNull().default(0),
    /**
     * What the last acceptance did to the programmes' results (SubmissionResultFeed[]): written, updated, or kept
     * a value entered by hand (decision 017). Empty until the submission is accepted by every body.
     */
    resultsFeed: jsonb("results_feed").notNull().default(sql`'[]'::jsonb`),
    ...versionColumns(),
  },
  (t) => [
    index("submission_organisation_period_idx").on(t.organisationId, t.period),
    index("submission_period_idx").on(t.period),
  ],
);

/** One body's copy of a submission: its own review state, comments and dates (what timeliness counts). */
export const submissionAddresseeTable = pgTable(
  "submission_addressee",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissionTable.id, { onDelete: "cascade" }),
    obligationId: uuid("obligation_id")
      .notNull()
      .references(() => reportingObligationTable.id, { onDelete: "restrict" }),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => reportingBodyTable.id, { onDelete: "restrict" }),
    period: text("period").notNull(),
    /** draft | submitted | returned | resubmitted | accepted */
    status: text("status").notNull().default("draft"),
    firstSubmittedAt: timestamp("first_submitted_at", { withTimezone: true }),
    lastSubmittedAt: timestamp("last_submitted_at", { withTimezone: true }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    acceptedVersion: integer("accepted_version"),
    /** The reviewer's last comments, section → text (on return or reopen). */
    comments: jsonb("comments").notNull().default(sql`'{}'::jsonb`),
    ...versionColumns(),
  },
  (t) => [
    // One report per obligation and period.
    uniqueIndex("submission_addressee_obligation_period_idx").on(t.obligationId, t.period),
    index("submission_addressee_submission_idx").on(t.submissionId),
    index("submission_addressee_body_period_idx").on(t.bodyId, t.period),
  ],
);

/** What was sent each time it was submitted: kept whole, so any two can be compared. */
export const submissionVersionTable = pgTable(
  "submission_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissionTable.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    content: jsonb("content").notNull(),
    /** The attachments as they were at this submit (AttachmentSummary[]): their files stay while a version lists them. */
    attachments: jsonb("attachments").notNull().default(sql`'[]'::jsonb`),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    submittedBy: text("submitted_by"),
  },
  (t) => [uniqueIndex("submission_version_number_idx").on(t.submissionId, t.number)],
);

/**
 * A file attached to a submission. Added and removed while the report may be edited; one a submitted version lists
 * is only marked removed (that version keeps it), one never submitted is deleted.
 */
export const submissionAttachmentTable = pgTable(
  "submission_attachment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissionTable.id, { onDelete: "cascade" }),
    ...storedFileColumns(),
    /** Set when removed from the report after a version listed it. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    ...versionColumns(),
  },
  (t) => [
    index("submission_attachment_submission_idx").on(t.submissionId, t.uploadedAt),
    check("submission_attachment_size", sql`${t.sizeBytes} = octet_length(${t.data})`),
  ],
);

/**
 * Reminders and digests already sent, one row per notice key (e.g. "<obligation>:2026-Q1:overdue:2"): inserting
 * the key first, in the transaction that queues the email, makes each notice go out once even when two app
 * instances run the same job.
 */
export const reportingNoticeTable = pgTable("reporting_notice", {
  key: text("key").primaryKey(),
  /** before_due | due | overdue | digest */
  kind: text("kind").notNull(),
  bodyId: uuid("body_id").references(() => reportingBodyTable.id, { onDelete: "cascade" }),
  obligationId: uuid("obligation_id").references(() => reportingObligationTable.id, { onDelete: "cascade" }),
  period: text("period"),
  recipients: integer("recipients").notNull(),
  sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
});
