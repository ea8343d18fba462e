// Submission queries: the report, its addressees (one per body), the versions kept at each submit.
import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  inArray,
  isNotNull,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, type ListScope, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import { indicatorTable, programmeOrganisationTable, programmeTable } from "../programmes/programmes.table";
import { themeTable } from "../themes/themes.table";
import type { PeriodType } from "./periods";
import type {
  AddresseeStatus,
  AttachmentSummary,
  ResultFeedEntry,
  SectionComments,
  SubmissionContent,
  SubmissionListQuery,
  SubmissionStatus,
  SubmissionSummary,
} from "./reporting.schema";
import {
  reportingBodyTable,
  reportingObligationTable,
  submissionAddresseeTable,
  submissionTable,
  submissionVersionTable,
} from "./reporting.table";

const bodyOrganisation = aliasedTable(organisationTable, "body_organisation");

export type SubmissionRow = {
  id: string;
  organisationId: string;
  organisationName: string;
  period: string;
  periodType: PeriodType;
  content: SubmissionContent;
  status: SubmissionStatus;
  submittedVersions: number;
  resultsFeed: ResultFeedEntry[];
  version: number;
  updatedAt: string;
};

export type AddresseeRow = {
  id: string;
  submissionId: string;
  obligationId: string;
  bodyId: string;
  bodyName: string;
  bodyOrganisationId: string;
  districtId: string | null;
  period: string;
  dueDays: number;
  sections: string[];
  status: AddresseeStatus;
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  reviewedAt: string | null;
  acceptedVersion: number | null;
  comments: SectionComments;
  version: number;
};

const submissionSelection = {
  id: submissionTable.id,
  organisationId: submissionTable.organisationId,
  organisationName: organisationTable.name,
  period: submissionTable.period,
  periodType: submissionTable.periodType,
  content: submissionTable.content,
  status: submissionTable.status,
  submittedVersions: submissionTable.submittedVersions,
  resultsFeed: submissionTable.resultsFeed,
  version: submissionTable.version,
  updatedAt: submissionTable.updatedAt,
};

type RawSubmission = Omit<
  SubmissionRow,
  "periodType" | "content" | "status" | "updatedAt" | "resultsFeed"
> & {
  periodType: string;
  content: unknown;
  resultsFeed: unknown;
  status: string;
  updatedAt: Date;
};
const toSubmission = (row: RawSubmission): SubmissionRow => ({
  ...row,
  periodType: row.periodType as PeriodType,
  content: row.content as SubmissionContent,
  resultsFeed: row.resultsFeed as ResultFeedEntry[],
  status: row.status as SubmissionStatus,
  updatedAt: row.updatedAt.toISOString(),
});

export async function selectSubmission(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SubmissionRow | null> {
  const query = db
    .select(submissionSelection)
    .from(submissionTable)
    .innerJoin(organisationTable, eq(organisationTable.id, submissionTable.organisationId))
    .where(eq(submissionTable.id, id));
  const [row] = options.forUpdate ? await query.for("update", { of: submissionTable }) : await query;
  return row ? toSubmission(row) : null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function selectAddressees(
  db: Executor,
  submissionIds: readonly string[],
  options: { forUpdate?: boolean } = {},
): Promise<AddresseeRow[]> {
  if (submissionIds.length === 0) return [];
  const query = db
    .select({
      id: submissionAddresseeTable.id,
      submissionId: submissionAddresseeTable.submissionId,
      obligationId: submissionAddresseeTable.obligationId,
      bodyId: submissionAddresseeTable.bodyId,
      bodyName: bodyOrganisation.name,
      bodyOrganisationId: reportingBodyTable.organisationId,
      districtId: reportingBodyTable.districtId,
      period: submissionAddresseeTable.period,
      dueDays: reportingObligationTable.dueDays,
      sections: reportingObligationTable.sections,
      status: submissionAddresseeTable.status,
      firstSubmittedAt: submissionAddresseeTable.firstSubmittedAt,
      lastSubmittedAt: submissionAddresseeTable.lastSubmittedAt,
      reviewedAt: submissionAddresseeTable.reviewedAt,
      acceptedVersion: submissionAddresseeTable.acceptedVersion,
      comments: submissionAddresseeTable.comments,
      version: submissionAddresseeTable.version,
    })
    .from(submissionAddresseeTable)
    .innerJoin(reportingBodyTable, eq(reportingBodyTable.id, submissionAddresseeTable.bodyId))
    .innerJoin(bodyOrganisation, eq(bodyOrganisation.id, reportingBodyTable.organisationId))
    .innerJoin(
      reportingObligationTable,
      eq(reportingObligationTable.id, submissionAddresseeTable.obligationId),
    )
    .where(inArray(submissionAddresseeTable.submissionId, [...submissionIds]))
    .orderBy(asc(bodyOrganisation.name));
  const rows = options.forUpdate ? await query.for("update", { of: submissionAddresseeTable }) : await query;
  return rows.map((r) => ({
    ...r,
    status: r.status as AddresseeStatus,
    comments: r.comments as SectionComments,
    firstSubmittedAt: iso(r.firstSubmittedAt),
    lastSubmittedAt: iso(r.lastSubmittedAt),
    reviewedAt: iso(r.reviewedAt),
  }));
}

/** Addressee rows already holding a report for these obligations in this period (one report per obligation). */
export async function selectTakenObligations(
  db: Executor,
  obligationIds: readonly string[],
  period: string,
): Promise<{ obligationId: string; submissionId: string }[]> {
  if (obligationIds.length === 0) return [];
  return db
    .select({
      obligationId: submissionAddresseeTable.obligationId,
      submissionId: submissionAddresseeTable.submissionId,
    })
    .from(submissionAddresseeTable)
    .where(
      and(
        inArray(submissionAddresseeTable.obligationId, [...obligationIds]),
        eq(submissionAddresseeTable.period, period),
      ),
    );
}

export async function insertSubmission(
  db: Executor,
  fields: { organisationId: string; period: string; periodType: PeriodType; content: SubmissionContent },
  addressees: readonly { obligationId: string; bodyId: string }[],
): Promise<string> {
  const [row] = await db.insert(submissionTable).values(fields).returning({ id: submissionTable.id });
  if (!row) throw new Error("insert returned no row");
  await db
    .insert(submissionAddresseeTable)
    .values(addressees.map((a) => ({ ...a, submissionId: row.id, period: fields.period })));
  return row.id;
}

export async function updateSubmissionRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Partial<{ content: SubmissionContent; status: SubmissionStatus; submittedVersions: number }>,
): Promise<boolean> {
  const rows = await db
    .update(submissionTable)
    .set({ ...fields, ...nextVersion(submissionTable) })
    .where(atVersion(submissionTable, id, expectedVersion))
    .returning({ id: submissionTable.id });
  return rows.length > 0;
}

/** The list status only (a review): the submission's content version stays. */
export async function updateSubmissionStatus(
  db: Executor,
  id: string,
  status: SubmissionStatus,
): Promise<void> {
  await db.update(submissionTable).set({ status }).where(eq(submissionTable.id, id));
}

/** What the last acceptance did to the programmes' results: derived, so the content version stays. */
export async function updateResultsFeed(db: Executor, id: string, feed: ResultFeedEntry[]): Promise<void> {
  await db.update(submissionTable).set({ resultsFeed: feed }).where(eq(submissionTable.id, id));
}

/** Every attachment id some submitted version of this submission lists. */
export async function selectVersionedAttachmentIds(db: Executor, submissionId: string): Promise<Set<string>> {
  const rows = await db
    .select({ attachments: submissionVersionTable.attachments })
    .from(submissionVersionTable)
    .where(eq(submissionVersionTable.submissionId, submissionId));
  return new Set(rows.flatMap((r) => (r.attachments as AttachmentSummary[]).map((a) => a.id)));
}

export async function updateAddresseeRow(
  db: Executor,
  id: string,
  fields: Partial<{
    status: AddresseeStatus;
    firstSubmittedAt: Date;
    lastSubmittedAt: Date;
    reviewedAt: Date;
    acceptedVersion: number | null;
    comments: SectionComments;
  }>,
): Promise<void> {
  await db
    .update(submissionAddresseeTable)
    .set({ ...fields, ...nextVersion(submissionAddresseeTable) })
    .where(eq(submissionAddresseeTable.id, id));
}

export async function deleteSubmissionRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(submissionTable)
    .where(atVersion(submissionTable, id, expectedVersion))
    .returning({ id: submissionTable.id });
  return rows.length > 0;
}

export async function insertVersion(
  db: Executor,
  fields: {
    submissionId: string;
    number: number;
    content: SubmissionContent;
    attachments: AttachmentSummary[];
    submittedBy: string | null;
  },
): Promise<void> {
  await db.insert(submissionVersionTable).values(fields);
}

export async function selectVersions(
  db: Executor,
  submissionId: string,
): Promise<{ number: number; submittedAt: string }[]> {
  const rows = await db
    .select({ number: submissionVersionTable.number, submittedAt: submissionVersionTable.submittedAt })
    .from(submissionVersionTable)
    .where(eq(submissionVersionTable.submissionId, submissionId))
    .orderBy(asc(submissionVersionTable.number));
  return rows.map((r) => ({ number: r.number, submittedAt: r.submittedAt.toISOString() }));
}

export async function selectVersion(
  db: Executor,
  submissionId: string,
  number: number,
): Promise<{
  number: number;
  submittedAt: string;
  content: SubmissionContent;
  attachments: AttachmentSummary[];
} | null> {
  const [row] = await db
    .select({
      number: submissionVersionTable.number,
      submittedAt: submissionVersionTable.submittedAt,
      content: submissionVersionTable.content,
      attachments: submissionVersionTable.attachments,
    })
    .from(submissionVersionTable)
    .where(
      and(eq(submissionVersionTable.submissionId, submissionId), eq(submissionVersionTable.number, number)),
    );
  return row
    ? {
        number: row.number,
        submittedAt: row.submittedAt.toISOString(),
        content: row.content as SubmissionContent,
        attachments: row.attachments as AttachmentSummary[],
      }
    : null;
}

export async function selectOrganisationNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, name: organisationTable.name })
    .from(organisationTable)
    .where(inArray(organisationTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Which of these organisations are deactivated, with the day (they set no new reporting while so). */
export async function selectDeactivatedOrganisations(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisationTable.id, deactivatedOn: organisationTable.deactivatedOn })
    .from(organisationTable)
    .where(and(inArray(organisationTable.id, [...ids]), isNotNull(organisationTable.deactivatedOn)));
  return new Map(rows.map((r) => [r.id, r.deactivatedOn ?? ""]));
}

/** Which of these place ids exist. */
export async function selectExistingPlaceIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(inArray(placeTable.id, [...ids]));
  return new Set(rows.map((r) => r.id));
}

/** Which indicator ids exist, with their programme. */
export async function selectIndicatorProgrammes(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: indicatorTable.id, programmeId: indicatorTable.programmeId })
    .from(indicatorTable)
    .where(inArray(indicatorTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.programmeId]));
}

/** Which of these programmes the organisation leads or implements (those it only funds it does not report on). */
export async function selectOwnProgrammeIds(
  db: Executor,
  organisationId: string,
  programmeIds: readonly string[],
): Promise<Set<string>> {
  if (programmeIds.length === 0) return new Set();
  const partner = programmeOrganisationTable;
  const rows = await db
    .select({ id: programmeTable.id })
    .from(programmeTable)
    .where(
      and(
        inArray(programmeTable.id, [...programmeIds]),
        or(
          eq(programmeTable.leadOrganisationId, organisationId),
          exists(
            db
              .select({ one: sql`1` })
              .from(partner)
              .where(
                and(
                  eq(partner.programmeId, programmeTable.id),
                  eq(partner.organisationId, organisationId),
                  eq(partner.role, "implementing_partner"),
                ),
              ),
          ),
        ),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Submissions addressed to a body that matches `where` (on submission_addressee and reporting_body). */
const addressedToCondition = (db: Executor) => (where: SQL | undefined) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(submissionAddresseeTable)
      .innerJoin(reportingBodyTable, eq(reportingBodyTable.id, submissionAddresseeTable.bodyId))
      .where(and(eq(submissionAddresseeTable.submissionId, submissionTable.id), where)),
  );

/**
 * The submissions a reader's two scopes reach, as a condition on submission: those of organisations in their
 * submission scope, and those addressed to a body in their review scope. Undefined: all; null: none. The
 * recent-changes feed uses it too.
 */
export function submissionScopeCondition(
  db: Executor,
  scope: { own: ListScope; review: ListScope },
): SQL | undefined | null {
  if (scope.own.all || scope.review.all) return undefined;
  const visible: SQL[] = [];
  if (scope.own.organisationIds.length > 0)
    visible.push(inArray(submissionTable.organisationId, scope.own.organisationIds));
  const reviewWhere: SQL[] = [];
  if (scope.review.organisationIds.length > 0)
    reviewWhere.push(inArray(reportingBodyTable.organisationId, scope.review.organisationIds));
  if (scope.review.districtIds.length > 0)
    reviewWhere.push(inArray(reportingBodyTable.districtId, scope.review.districtIds));
  if (reviewWhere.length > 0) visible.push(addressedToCondition(db)(or(...reviewWhere)));
  if (visible.length === 0) return null;
  return or(...visible) ?? null;
}

/**
 * A page of submissions the reader may see: those of organisations in their submission scope, and those addressed
 * to a body in their review scope.
 */
export async function selectSubmissionPage(
  db: Executor,
  query: SubmissionListQuery,
  scope: { own: ListScope; review: ListScope },
): Promise<{ items: SubmissionSummary[]; total: number }> {
  const conditions: SQL[] = [];
  if (query.organisationId) conditions.push(eq(submissionTable.organisationId, query.organisationId));
  if (query.period) conditions.push(eq(submissionTable.period, query.period));
  if (query.status) conditions.push(eq(submissionTable.status, query.status));
  const addressedTo = addressedToCondition(db);
  if (query.bodyId) conditions.push(addressedTo(eq(submissionAddresseeTable.bodyId, query.bodyId)));
  if (query.districtId) conditions.push(addressedTo(eq(reportingBodyTable.districtId, query.districtId)));
  const visible = submissionScopeCondition(db, scope);
  if (visible === null) return { items: [], total: 0 };
  if (visible) conditions.push(visible);
  const where = and(...conditions);
  const [totalRow] = await db.select({ total: count() }).from(submissionTable).where(where);
  const rows = await db
    .select(submissionSelection)
    .from(submissionTable)
    .innerJoin(organisationTable, eq(organisationTable.id, submissionTable.organisationId))
    .where(where)
    .orderBy(desc(submissionTable.period), asc(organisationTable.name))
    .limit(query.limit)
    .offset(query.offset);
  const submissions = rows.map(toSubmission);
  const addressees = await selectAddressees(
    db,
    submissions.map((s) => s.id),
  );
  return {
    total: totalRow?.total ?? 0,
    items: submissions.map(({ content: _content, resultsFeed: _feed, ...s }) => ({
      ...s,
      bodies: addressees
        .filter((a) => a.submissionId === s.id)
        .map((a) => ({ bodyId: a.bodyId, bodyName: a.bodyName, status: a.status })),
    })),
  };
}

/** Names a printed report shows: places, themes in one language, indicators with their programme. */
export async function selectExportNames(
  db: Executor,
  ids: { placeIds: readonly string[]; themeCodes: readonly string[]; indicatorIds: readonly string[] },
  language: "en" | "fr" | "rw",
): Promise<{
  places: Map<string, string>;
  themes: Map<string, string>;
  indicators: Map<string, { title: string; programmeTitle: string }>;
}> {
  const places =
    ids.placeIds.length === 0
      ? []
      : await db
          .select({ id: placeTable.id, name: placeTable.name })
          .from(placeTable)
          .where(inArray(placeTable.id, [...ids.placeIds]));
  const themes =
    ids.themeCodes.length === 0
      ? []
      : await db
          .select({ code: themeTable.code, names: themeTable.names })
          .from(themeTable)
          .where(inArray(themeTable.code, [...ids.themeCodes]));
  const indicators =
    ids.indicatorIds.length === 0
      ? []
      : await db
          .select({
            id: indicatorTable.id,
            title: indicatorTable.title,
            programmeTitle: programmeTable.title,
          })
          .from(indicatorTable)
          .innerJoin(programmeTable, eq(programmeTable.id, indicatorTable.programmeId))
          .where(inArray(indicatorTable.id, [...ids.indicatorIds]));
  return {
    places: new Map(places.map((p) => [p.id, p.name])),
    themes: new Map(themes.map((t) => [t.code, t.names[language] || t.names.en])),
    indicators: new Map(indicators.map((i) => [i.id, { title: i.title, programmeTitle: i.programmeTitle }])),
  };
}
