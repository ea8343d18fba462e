// Re-dating a load (decision 042): progress a status report loaded before imports asked for the report's day still
// carries the day of loading; the keeper names the day the report was as of, and the load moves to it.
import { createHash } from "node:crypto";
import { inTransaction, isAllowed, listScope, type ServiceContext, todayOf } from "../../kernel";
import { AppError, conflict, notFound } from "../../shared/app-errors";
import { todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import { type AuditedChange, listHistory, recordChanges } from "../audit";
import { mayImportStatusReport } from "./imports.service";
import {
  LOAD_ID_PATTERN,
  RedateLoadInputSchema,
  type RedateLoadResult,
  type StatusReportLoad,
  type StatusReportLoadList,
} from "./redate.schema";
import {
  bumpAgreementVersions,
  type LoadEntryRow,
  type LoadRegistrationRow,
  lockLoadEntries,
  lockLoadRegistrations,
  redateEntryRows,
  redateRegistrationRows,
  selectAgreementScopes,
  selectLoads,
  selectWritersAt,
} from "./redate.store";

/** The audit entity of one re-dating, under the load's id: the history of a load is its re-dating. */
export const STATUS_REPORT_LOAD_ENTITY = "status_report_load";
/** The agreements module's audit entity types (its constants are not on its surface). */
const AGREEMENT_ENTITY = "agreement";
const PROGRESS_ENTITY = "progress_entry";
const LOAD_LABEL = "The load";
const TITLES_PER_LOAD = 3;

/**
 * The status-report import's rule (mayImportStatusReport): re-dating corrects what an import wrote, so it needs the
 * role that may write it.
 */
function assertMayRedate(ctx: ServiceContext): void {
  if (!mayImportStatusReport(ctx.actor))
    throw new AppError(
      "forbidden",
      "Re-dating a loaded status report needs a role that may import one (register agreements and organisations).",
    );
}

const writerHash = (writtenBy: string) => createHash("sha256").update(writtenBy).digest("hex").slice(0, 12);
const loadIdOf = (instantKey: string, writtenBy: string) => `${instantKey}-${writerHash(writtenBy)}`;

/** "Jane Uwase <jane@example.org>" → "Jane Uwase"; other labels as they are. */
const nameOf = (label: string) => label.replace(/\s*<[^<>]*>\s*$/, "") || label;

/** The id's instant as ISO text (to the microsecond) and its writer's hash; null for what no list gave out. */
function readLoadId(id: string): { instant: string; hash: string } | null {
  const m = LOAD_ID_PATTERN.exec(id);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, us, hash] = m;
  const instant = `${y}-${mo}-${d}T${h}:${mi}:${s}.${us}Z`;
  if (Number.isNaN(new Date(instant).getTime()) || !hash) return null;
  return { instant, hash };
}

/** Whether the actor may change every one of these agreements (a load is re-dated whole or not at all). */
async function mayChangeAll(ctx: ServiceContext, agreementIds: readonly string[]): Promise<boolean> {
  if (listScope(ctx.actor, "agreement", "update").all) return true;
  const scopes = await selectAgreementScopes(ctx.db, agreementIds);
  return scopes.every((scope) => isAllowed(ctx.actor, "agreement", "update", scope));
}

/** The loads whose progress is still dated with the day they were loaded, newest first. */
export async function listStatusReportLoads(ctx: ServiceContext): Promise<StatusReportLoadList> {
  assertMayRedate(ctx);
  const items: StatusReportLoad[] = [];
  for (const row of await selectLoads(ctx.db, TITLES_PER_LOAD)) {
    if (!(await mayChangeAll(ctx, row.agreementIds))) continue;
    items.push({
      id: loadIdOf(row.instantKey, row.writtenBy),
      loadedAt: row.writtenAt,
      loadDay: row.loadDay,
      loadedBy: row.writtenBy,
      loadedByName: nameOf(row.writtenBy),
      progressEntries: row.progressEntries,
      agreements: row.agreementIds.length,
      agreementTitles: row.agreementTitles,
      registrations: row.registrations,
    });
  }
  return { items, today: todayOf(ctx) };
}

/** 409 for a load that was there but has nothing left to re-date, saying when it was re-dated if it was. */
async function nothingLeft(ctx: ServiceContext, id: string): Promise<AppError> {
  const [last] = await listHistory(ctx.db, STATUS_REPORT_LOAD_ENTITY, id);
  const reportDate = last?.changes.entryDate?.after;
  const when = last
    ? ` It was re-dated on ${todayInKigali(new Date(last.occurredAt))} by ${nameOf(last.actorLabel)}` +
      (typeof reportDate === "string" ? ` (report as of ${reportDate}).` : ".")
    : " Its entries were edited or re-dated since it was listed.";
  return conflict(`Nothing in this load is left to re-date.${when}`);
}

/**
 * Moves the load's re-datable entries to the report's day, marked "date not reported", and the registrations of the
 * agreements it created to that day: in one transaction, audited, every changed record at a new version.
 */
export async function redateStatusReportLoad(
  ctx: ServiceContext,
  id: string,
  input: unknown,
): Promise<RedateLoadResult> {
  assertMayRedate(ctx);
  const values = parseInput(RedateLoadInputSchema, input);
  const key = readLoadId(id);
  if (!key) throw notFound(LOAD_LABEL);
  return inTransaction(ctx, async (tx) => {
    const { entryWriters, auditWriters } = await selectWritersAt(tx.db, key.instant);
    const writtenBy = entryWriters.find((w) => writerHash(w) === key.hash);
    if (!writtenBy) {
      // Gone from the entries: re-dated (its own history says so), edited, or never there (nothing was written then).
      const [redated] = await listHistory(tx.db, STATUS_REPORT_LOAD_ENTITY, id);
      if (redated || auditWriters.some((w) => writerHash(w) === key.hash)) throw await nothingLeft(tx, id);
      throw notFound(LOAD_LABEL);
    }
    const loadDay = todayInKigali(new Date(key.instant));
    if (values.reportDate > loadDay)
      throw new AppError("validation", "The report's day is after the day the load was made.", [
        {
          path: "reportDate",
          code: "report_date_after_load",
          message: `A load holds a report as of its own day (${loadDay}) or before.`,
          params: { loadDay },
          in: "body",
        },
      ]);
    const entries = await lockLoadEntries(tx.db, key.instant, writtenBy, loadDay);
    if (entries.length === 0) throw await nothingLeft(tx, id);
    const registrations = await lockLoadRegistrations(tx.db, key.instant, writtenBy, loadDay);
    if (values.expectedProgressEntries !== undefined && values.expectedProgressEntries !== entries.length)
      throw conflict(
        `This load now holds ${entries.length} re-datable progress entries, not the ${values.expectedProgressEntries} confirmed: some were edited meanwhile. Look at it again and confirm.`,
      );
    // The list's rule (decision 042): one entry alone, with no agreement registered beside it, is not a load.
    if (entries.length < 2 && registrations.length === 0) throw notFound(LOAD_LABEL);
    const agreementIds = [...new Set([...entries, ...registrations].map((r) => r.agreementId))];
    if (!(await mayChangeAll(tx, agreementIds)))
      throw new AppError(
        "forbidden",
        "This load holds agreements your role does not let you change: nothing was re-dated.",
      );

    const { reportDate } = values;
    // A registration moves unless a later status change of the agreement is dated before the report's day.
    // As of the load day itself, the registrations are already of that day: nothing to move.
    const kept =
      reportDate === loadDay
        ? []
        : registrations.filter((r) => r.nextChangeOn !== null && r.nextChangeOn < reportDate);
    const moved = reportDate === loadDay ? [] : registrations.filter((r) => !kept.includes(r));
    const written = await redateEntryRows(
      tx.db,
      entries.map((e) => e.id),
      reportDate,
    );
    // The rows are locked: every one of them is written, or the database is not what this code believes.
    if (written !== entries.length) throw new Error("a locked progress entry was not re-dated");
    await redateRegistrationRows(
      tx.db,
      moved.map((r) => r.id),
      reportDate,
    );
    await bumpAgreementVersions(
      tx.db,
      moved.map((r) => r.agreementId),
    );

    const result: RedateLoadResult = {
      id,
      loadDay,
      reportDate,
      progressEntries: entries.length,
      agreements: agreementIds.length,
      registrations: moved.length,
      registrationsKept: kept.length,
    };
    await recordChanges(tx.db, tx.actor, [
      ...auditOfEntries(entries, loadDay, reportDate),
      ...auditOfAgreements(entries, registrations, moved, loadDay, reportDate),
      auditOfLoad(id, writtenBy, key.instant, result),
    ]);
    return result;
  });
}

/** The entry's history label, as the agreements module writes it (the first 120 characters). */
const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** Each entry's own history: its day and "date not reported", as a PATCH of entryDate would record them. */
function auditOfEntries(
  entries: readonly LoadEntryRow[],
  loadDay: string,
  reportDate: string,
): AuditedChange[] {
  return entries.map((e) => ({
    action: "update",
    entityType: PROGRESS_ENTITY,
    entityId: e.id,
    entityLabel: excerpt(e.text),
    before: { entryDate: loadDay, dateReported: true },
    after: { entryDate: reportDate, dateReported: false },
  }));
}

/** One line in each agreement's history: the day of its loaded progress and, when it moved, of its registration. */
function auditOfAgreements(
  entries: readonly LoadEntryRow[],
  registrations: readonly LoadRegistrationRow[],
  moved: readonly LoadRegistrationRow[],
  loadDay: string,
  reportDate: string,
): AuditedChange[] {
  const titleOf = new Map([
    ...entries.map((e): [string, string] => [e.agreementId, e.agreementTitle]),
    ...registrations.map((r): [string, string] => [r.agreementId, r.title]),
  ]);
  const withEntries = new Set(entries.map((e) => e.agreementId));
  const registered = new Set(moved.map((r) => r.agreementId));
  return [...new Set([...withEntries, ...registered])].map((agreementId) => ({
    action: "update",
    entityType: AGREEMENT_ENTITY,
    entityId: agreementId,
    entityLabel: titleOf.get(agreementId) ?? null,
    before: {
      progressEntryDate: withEntries.has(agreementId) ? loadDay : null,
      registeredOn: registered.has(agreementId) ? loadDay : null,
    },
    after: {
      progressEntryDate: withEntries.has(agreementId) ? reportDate : null,
      registeredOn: registered.has(agreementId) ? reportDate : null,
    },
  }));
}

/** The operation as a whole: what moved, in counts (no text of any entry). */
function auditOfLoad(
  id: string,
  writtenBy: string,
  instant: string,
  result: RedateLoadResult,
): AuditedChange {
  return {
    action: "update",
    entityType: STATUS_REPORT_LOAD_ENTITY,
    entityId: id,
    entityLabel: `${nameOf(writtenBy)}, ${instant.slice(0, 16).replace("T", " ")} UTC`,
    before: {
      entryDate: result.loadDay,
      dateReported: true,
      registeredOn: result.registrations > 0 ? result.loadDay : null,
    },
    after: {
      entryDate: result.reportDate,
      dateReported: false,
      registeredOn: result.registrations > 0 ? result.reportDate : null,
      progressEntries: result.progressEntries,
      agreements: result.agreements,
      registrations: result.registrations,
      registrationsKept: result.registrationsKept,
    },
  };
}
