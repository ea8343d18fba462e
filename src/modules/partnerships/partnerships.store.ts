// Partnership queries: the partnership row, its members with their organisations, its links to agreements and
// programmes, and the members' work (programmes, agreements, events) that its page shows side by side.
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementTable,
  agreementThemeTable,
} from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import {
  eventParticipantsTable,
  programmeEventTable,
  programmeOrganisationTable,
  programmePlaceTable,
  programmeTable,
  programmeThemeTable,
} from "../programmes/programmes.table";
import type { Member, MemberRole, PartnershipKind, PartnershipListQuery } from "./partnerships.schema";
import {
  partnershipAgreementTable,
  partnershipMemberTable,
  partnershipProgrammeTable,
  partnershipTable,
} from "./partnerships.table";

const p = partnershipTable;
const pm = partnershipMemberTable;

export type PartnershipRow = {
  id: string;
  name: string;
  acronym: string | null;
  kind: PartnershipKind;
  description: string;
  objectives: string[];
  startsOn: string | null;
  endsOn: string | null;
  version: number;
};

export type PartnershipFields = Omit<PartnershipRow, "id" | "version">;

const columns = {
  id: p.id,
  name: p.name,
  acronym: p.acronym,
  kind: p.kind,
  description: p.description,
  objectives: p.objectives,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  version: p.version,
};
type RawPartnership = Omit<PartnershipRow, "kind" | "objectives"> & { kind: string; objectives: unknown };
const toPartnership = (r: RawPartnership): PartnershipRow => ({
  ...r,
  kind: r.kind as PartnershipKind,
  objectives: r.objectives as string[],
});

export async function selectPartnership(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PartnershipRow | null> {
  const query = db.select(columns).from(p).where(eq(p.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ? toPartnership(row) : null;
}

export async function selectPartnerships(
  db: Executor,
  query: PartnershipListQuery,
): Promise<PartnershipRow[]> {
  const conditions: SQL[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const named = or(ilike(p.name, like), ilike(p.acronym, like));
    if (named) conditions.push(named);
  }
  if (query.organisationId)
    conditions.push(
      sql`exists (select 1 from ${pm} where ${pm.partnershipId} = ${p.id} and ${pm.organisationId} = ${query.organisationId})`,
    );
  const rows = await db
    .select(columns)
    .from(p)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${p.name})`), asc(p.id));
  return rows.map(toPartnership);
}

export async function selectPartnershipByName(db: Executor, name: string): Promise<{ id: string } | null> {
  const [row] = await db.select({ id: p.id }).from(p).where(sql`lower(${p.name}) = lower(${name})`);
  return row ?? null;
}

export async function insertPartnership(db: Executor, fields: PartnershipFields): Promise<string | null> {
  const rows = await db.insert(p).values(fields).onConflictDoNothing().returning({ id: p.id });
  return rows[0]?.id ?? null;
}

export async function updatePartnershipRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Partial<PartnershipFields>,
): Promise<boolean> {
  const rows = await db
    .update(p)
    .set({ ...fields, ...nextVersion(p) })
    .where(atVersion(p, id, expectedVersion))
    .returning({ id: p.id });
  return rows.length > 0;
}

export async function deletePartnershipRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(p)
    .where(atVersion(p, id, expectedVersion))
    .returning({ id: p.id });
  return rows.length > 0;
}

// ----- Members -----

export async function selectMembers(
  db: Executor,
  partnershipIds: readonly string[],
  by: { memberId?: string; forUpdate?: boolean } = {},
): Promise<(Member & { partnershipId: string })[]> {
  if (partnershipIds.length === 0) return [];
  const conditions: SQL[] = [inArray(pm.partnershipId, [...partnershipIds])];
  if (by.memberId) conditions.push(eq(pm.id, by.memberId));
  const query = db
    .select({
      id: pm.id,
      partnershipId: pm.partnershipId,
      organisationId: pm.organisationId,
      name: organisationTable.name,
      acronym: organisationTable.acronym,
      role: pm.role,
      version: pm.version,
    })
    .from(pm)
    .innerJoin(organisationTable, eq(organisationTable.id, pm.organisationId))
    .where(and(...conditions))
    // Lead and secretariat first, then members, donors and observers; by name within a role.
    .orderBy(
      sql`array_position(array['lead','secretariat','member','donor','observer'], ${pm.role})`,
      asc(sql`lower(${organisationTable.name})`),
    );
  const rows = by.forUpdate ? await query.for("update", { of: pm }) : await query;
  return rows.map((r) => ({ ...r, role: r.role as MemberRole }));
}

/** Inserts a member; null when the organisation already is one (the unique index says so). */
export async function insertMember(
  db: Executor,
  partnershipId: string,
  fields: { organisationId: string; role: MemberRole },
): Promise<string | null> {
  const rows = await db
    .insert(pm)
    .values({ ...fields, partnershipId })
    .onConflictDoNothing()
    .returning({ id: pm.id });
  return rows[0]?.id ?? null;
}

export async function updateMemberRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  role: MemberRole,
): Promise<boolean> {
  const rows = await db
    .update(pm)
    .set({ role, ...nextVersion(pm) })
    .where(atVersion(pm, id, expectedVersion))
    .returning({ id: pm.id });
  return rows.length > 0;
}

export async function deleteMemberRow(db: Executor, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(pm)
    .where(atVersion(pm, id, expectedVersion))
    .returning({ id: pm.id });
  return rows.length > 0;
}

// ----- Links to agreements and programmes -----

export type LinkedRecord = { id: string; title: string; status: string };

export async function selectLinks(
  db: Executor,
  partnershipId: string,
): Promise<{ agreements: LinkedRecord[]; programmes: LinkedRecord[] }> {
  const [agreements, programmes] = await Promise.all([
    db
      .select({ id: agreementTable.id, title: agreementTable.title, status: agreementTable.status })
      .from(partnershipAgreementTable)
      .innerJoin(agreementTable, eq(agreementTable.id, partnershipAgreementTable.agreementId))
      .where(eq(partnershipAgreementTable.partnershipId, partnershipId))
      .orderBy(asc(agreementTable.title), asc(agreementTable.id)),
    db
      .select({ id: programmeTable.id, title: programmeTable.title, status: programmeTable.status })
      .from(partnershipProgrammeTable)
      .innerJoin(programmeTable, eq(programmeTable.id, partnershipProgrammeTable.programmeId))
      .where(eq(partnershipProgrammeTable.partnershipId, partnershipId))
      .orderBy(asc(programmeTable.title), asc(programmeTable.id)),
  ]);
  return { agreements, programmes };
}

/** Replaces the partnership's links of one kind by this list (the rows that stay are left alone). */
export async function replaceLinks(
  db: Executor,
  partnershipId: string,
  kind: "agreement" | "programme",
  ids: readonly string[],
): Promise<void> {
  const t = kind === "agreement" ? partnershipAgreementTable : partnershipProgrammeTable;
  const column =
    kind === "agreement" ? partnershipAgreementTable.agreementId : partnershipProgrammeTable.programmeId;
  const keep = [...new Set(ids)];
  await db
    .delete(t)
    .where(
      and(
        eq(t.partnershipId, partnershipId),
        keep.length > 0 ? sql`${column} <> all(${sql.param(keep)}::uuid[])` : undefined,
      ),
    );
  if (keep.length === 0) return;
  if (kind === "agreement")
    await db
      .insert(partnershipAgreementTable)
      .values(keep.map((agreementId) => ({ partnershipId, agreementId })))
      .onConflictDoNothing();
  else
    await db
      .insert(partnershipProgrammeTable)
      .values(keep.map((programmeId) => ({ partnershipId, programmeId })))
      .onConflictDoNothing();
}

/** Which of these ids exist, among organisations, agreements or programmes. */
export async function selectExistingIds(
  db: Executor,
  kind: "organisation" | "agreement" | "programme",
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const t =
    kind === "organisation" ? organisationTable : kind === "agreement" ? agreementTable : programmeTable;
  const rows = await db
    .select({ id: t.id })
    .from(t)
    .where(inArray(t.id, [...new Set(ids)]));
  return new Set(rows.map((r) => r.id));
}

// ----- The members' work -----

export type ProgrammeWorkRow = {
  id: string;
  title: string;
  status: string;
  /** Organisations in it with their role: the lead ("lead"), partners, donors. */
  organisations: { organisationId: string; role: string }[];
  themes: string[];
  placeIds: string[];
};

/** The programmes these organisations lead, implement or fund, and the linked ones, with their themes and places. */
export async function selectProgrammeWork(
  db: Executor,
  organisationIds: readonly string[],
  linkedIds: readonly string[],
): Promise<ProgrammeWorkRow[]> {
  const orgs = sql`${sql.param([...organisationIds])}::uuid[]`;
  const linked = sql`${sql.param([...linkedIds])}::uuid[]`;
  const rows = await db
    .select({ id: programmeTable.id, title: programmeTable.title, status: programmeTable.status })
    .from(programmeTable)
    .where(
      sql`${programmeTable.leadOrganisationId} = any(${orgs})
        or ${programmeTable.id} = any(${linked})
        or exists (select 1 from ${programmeOrganisationTable}
          where ${programmeOrganisationTable.programmeId} = ${programmeTable.id}
          and ${programmeOrganisationTable.organisationId} = any(${orgs}))`,
    )
    .orderBy(asc(programmeTable.title), asc(programmeTable.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [leads, partners, themes, places] = await Promise.all([
    db
      .select({ programmeId: programmeTable.id, organisationId: programmeTable.leadOrganisationId })
      .from(programmeTable)
      .where(inArray(programmeTable.id, ids)),
    db
      .select({
        programmeId: programmeOrganisationTable.programmeId,
        organisationId: programmeOrganisationTable.organisationId,
        role: programmeOrganisationTable.role,
      })
      .from(programmeOrganisationTable)
      .where(inArray(programmeOrganisationTable.programmeId, ids)),
    db
      .select({ programmeId: programmeThemeTable.programmeId, code: programmeThemeTable.themeCode })
      .from(programmeThemeTable)
      .where(inArray(programmeThemeTable.programmeId, ids)),
    db
      .select({ programmeId: programmePlaceTable.programmeId, placeId: programmePlaceTable.placeId })
      .from(programmePlaceTable)
      .where(inArray(programmePlaceTable.programmeId, ids)),
  ]);
  return rows.map((r) => ({
    ...r,
    organisations: [
      ...leads
        .filter((l) => l.programmeId === r.id)
        .map((l) => ({ organisationId: l.organisationId, role: "lead" })),
      ...partners
        .filter((x) => x.programmeId === r.id)
        .map((x) => ({ organisationId: x.organisationId, role: x.role })),
    ],
    themes: themes.filter((t) => t.programmeId === r.id).map((t) => t.code),
    placeIds: places.filter((x) => x.programmeId === r.id).map((x) => x.placeId),
  }));
}

export type AgreementWorkRow = {
  id: string;
  title: string;
  status: string;
  organisations: { organisationId: string; role: string }[];
  themes: string[];
  areas: { placeId: string | null; placeSet: string | null }[];
};

/** The agreements these organisations are party to, and the linked ones, with their themes and areas. */
export async function selectAgreementWork(
  db: Executor,
  organisationIds: readonly string[],
  linkedIds: readonly string[],
): Promise<AgreementWorkRow[]> {
  const orgs = sql`${sql.param([...organisationIds])}::uuid[]`;
  const linked = sql`${sql.param([...linkedIds])}::uuid[]`;
  const rows = await db
    .select({ id: agreementTable.id, title: agreementTable.title, status: agreementTable.status })
    .from(agreementTable)
    .where(
      sql`${agreementTable.id} = any(${linked})
        or exists (select 1 from ${agreementPartyTable}
          where ${agreementPartyTable.agreementId} = ${agreementTable.id}
          and ${agreementPartyTable.organisationId} = any(${orgs}))`,
    )
    .orderBy(asc(agreementTable.title), asc(agreementTable.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [parties, themes, areas] = await Promise.all([
    db
      .select({
        agreementId: agreementPartyTable.agreementId,
        organisationId: agreementPartyTable.organisationId,
        role: agreementPartyTable.role,
      })
      .from(agreementPartyTable)
      .where(inArray(agreementPartyTable.agreementId, ids)),
    db
      .select({ agreementId: agreementThemeTable.agreementId, code: agreementThemeTable.themeCode })
      .from(agreementThemeTable)
      .where(inArray(agreementThemeTable.agreementId, ids)),
    db
      .select({
        agreementId: agreementAreaTable.agreementId,
        placeId: agreementAreaTable.placeId,
        placeSet: agreementAreaTable.placeSet,
      })
      .from(agreementAreaTable)
      .where(inArray(agreementAreaTable.agreementId, ids))
      .orderBy(asc(agreementAreaTable.position)),
  ]);
  return rows.map((r) => ({
    ...r,
    organisations: parties
      .filter((x) => x.agreementId === r.id)
      .map((x) => ({ organisationId: x.organisationId, role: x.role })),
    themes: themes.filter((t) => t.agreementId === r.id).map((t) => t.code),
    areas: areas
      .filter((a) => a.agreementId === r.id)
      .map((a) => ({ placeId: a.placeId, placeSet: a.placeSet })),
  }));
}

export type EventRow = {
  id: string;
  kind: string;
  title: string;
  startDate: string;
  programmeId: string;
  programmeTitle: string;
  organiserIds: string[];
  placeIds: string[];
  participantTotal: number;
};

/** The events of these programmes, with their organisers and how many took part. */
export async function selectEventsOf(db: Executor, programmeIds: readonly string[]): Promise<EventRow[]> {
  if (programmeIds.length === 0) return [];
  const e = programmeEventTable;
  const rows = await db
    .select({
      id: e.id,
      kind: e.kind,
      title: e.title,
      startDate: e.startDate,
      programmeId: e.programmeId,
      programmeTitle: programmeTable.title,
      organiserIds: e.organiserIds,
      placeIds: e.placeIds,
      participantTotal: sql<number>`coalesce((select sum(${eventParticipantsTable.count}) from ${eventParticipantsTable}
        where ${eventParticipantsTable.eventId} = ${e.id}), 0)::int`,
    })
    .from(e)
    .innerJoin(programmeTable, eq(programmeTable.id, e.programmeId))
    .where(inArray(e.programmeId, [...programmeIds]))
    .orderBy(asc(e.startDate), asc(e.id));
  return rows.map((r) => ({ ...r, participantTotal: Number(r.participantTotal) }));
}
