// An organisation's profile composed from the modules' public services, each read with its own access rules.
import { isAllowed, listScope, type ServiceContext, todayOf } from "../../kernel";
import { listAgreements, type PlaceSet } from "../agreements";
import { listActivities, loadPlaceIndex, type PlaceIndex, type PlaceRef } from "../coordination";
import { getOrganisation } from "../organisations";
import { getProgramme, listProgrammes } from "../programmes";
import {
  getTimeliness,
  listObligations,
  listSubmissions,
  type Obligation,
  type PeriodType,
} from "../reporting";
import {
  type OrganisationProfile,
  PROFILE_LIST_LIMIT,
  type ProfileAgreement,
  type ProfileProgramme,
  type ReportingRecord,
  type WorkAreas,
} from "./profiles.schema";

/** Programmes whose places are read for the work areas: each costs a detail read, and few organisations run more. */
const PROGRAMME_PLACES_LIMIT = 20;
/** Ended periods shown in the reporting record, and reports listed. */
const REPORTING_PERIODS = 4;
const REPORTS_LISTED = 6;

export async function getOrganisationProfile(ctx: ServiceContext, id: string): Promise<OrganisationProfile> {
  // First, alone: 404 for an organisation the reader may not see, before anything else is read.
  const organisation = await getOrganisation(ctx, id);
  const agreements = await agreementsOf(ctx, id);
  const programmes = await programmesOf(ctx, id);
  const workAreas = await workAreasOf(ctx, id, programmes.items);
  const reporting = await reportingOf(ctx, id);
  return { organisation, agreements, programmes, workAreas, reporting };
}

async function agreementsOf(ctx: ServiceContext, id: string): Promise<OrganisationProfile["agreements"]> {
  const page = await listAgreements(ctx, {
    organisationId: id,
    sort: "signed_desc",
    limit: PROFILE_LIST_LIMIT,
    offset: 0,
  });
  const items = page.items.map(
    (a): ProfileAgreement => ({
      id: a.id,
      title: a.title,
      reference: a.reference,
      kind: a.kind,
      status: a.status,
      effectiveStatus: a.effectiveStatus,
      signedOn: a.signedOn,
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      amendsId: a.amendsId,
      roles: [...new Set(a.parties.filter((p) => p.organisationId === id).map((p) => p.role))],
    }),
  );
  return { items, total: page.total };
}

async function programmesOf(ctx: ServiceContext, id: string): Promise<OrganisationProfile["programmes"]> {
  const page = await listProgrammes(ctx, { organisationId: id, limit: PROFILE_LIST_LIMIT, offset: 0 });
  const items = page.items.map(
    (p): ProfileProgramme => ({ ...p, role: p.lead.id === id ? "lead" : "partner" }),
  );
  return { items, total: page.total };
}

type WorkArea = { placeId: string | null; placeSet: PlaceSet | null };

/**
 * Where it works today: the areas of the 3W records it works under (working agreements, where the institution
 * keeping the register is not its own partner, and rows of imported 3W files) and the places of its ongoing
 * programmes, resolved to districts the way the 3W counts them.
 */
async function workAreasOf(
  ctx: ServiceContext,
  id: string,
  programmes: ProfileProgramme[],
): Promise<WorkAreas> {
  const today = todayOf(ctx);
  const areas: WorkArea[] = [];
  // The 3W is the agreements register seen differently: who may read agreements may read it (coordination's rule).
  if (listScope(ctx.actor, "agreement").all) {
    const records = await listActivities(ctx.db, { from: today, to: today, organisationId: id });
    for (const r of records) if (r.organisations.some((o) => o.id === id)) areas.push(...r.areas);
  }
  const running = programmes
    .filter((p) => p.status === "ongoing" && p.startDate <= today && today <= p.endDate)
    .slice(0, PROGRAMME_PLACES_LIMIT);
  for (const p of running) {
    const detail = await getProgramme(ctx, p.id);
    for (const place of detail.places) areas.push({ placeId: place.id, placeSet: null });
  }
  return resolveAreas(await loadPlaceIndex(ctx), areas, today);
}

/** Areas as districts (by name), named places and sets; exported for its test. */
export function resolveAreas(index: PlaceIndex, areas: readonly WorkArea[], on: string): WorkAreas {
  let nationwide = false;
  const placeSets = new Set<PlaceSet>();
  const districtIds = new Set<string>();
  const placeIds = new Set<string>();
  for (const area of areas) {
    if (area.placeSet === "national") {
      // Every district: said once as "nationwide" rather than as thirty names.
      nationwide = true;
      continue;
    }
    if (area.placeSet) placeSets.add(area.placeSet);
    for (const covered of index.cover(area, "district")) districtIds.add(covered.placeId);
    const place = area.placeId ? index.get(area.placeId) : undefined;
    if (place && place.kind !== "district") placeIds.add(place.id);
  }
  const refs = (ids: Set<string>) =>
    [...ids].flatMap((placeId) => index.ref(placeId) ?? []).sort((a, b) => byName(a, b));
  return { on, nationwide, placeSets: [...placeSets], districts: refs(districtIds), places: refs(placeIds) };
}

const byName = (a: PlaceRef, b: PlaceRef) => a.name.localeCompare(b.name, "en");

/** The period type most of its obligations use (a tie goes to the one listed first). */
function mainPeriodType(obligations: readonly Obligation[]): PeriodType | null {
  const counts = new Map<PeriodType, number>();
  for (const o of obligations) counts.set(o.periodType, (counts.get(o.periodType) ?? 0) + 1);
  let best: PeriodType | null = null;
  for (const [type, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = type;
  return best;
}

/**
 * Its reporting record: the obligations (public), and, for readers who may see its reports (its own staff, the
 * bodies it reports to, coordinators), how the latest periods turned out and its latest reports. The reporting
 * module's services apply the same reach; `visible` tells the page which of "nothing" and "not for you" it is.
 */
async function reportingOf(ctx: ServiceContext, id: string): Promise<ReportingRecord> {
  const obligations = await listObligations(ctx, { organisationId: id });
  const scope = {
    organisationIds: [id, ...obligations.map((o) => o.bodyOrganisationId)],
    districtIds: obligations.flatMap((o) => (o.districtId ? [o.districtId] : [])),
  };
  const visible =
    isAllowed(ctx.actor, "submission", "read", { organisationIds: [id], districtIds: scope.districtIds }) ||
    (obligations.length > 0 && isAllowed(ctx.actor, "submission_review", "read", scope));
  const periodType = mainPeriodType(obligations);
  const record: ReportingRecord = {
    obligations,
    visible,
    periodType,
    periods: [],
    total: null,
    submissions: [],
    submissionTotal: 0,
  };
  if (!visible) return record;
  const reports = await listSubmissions(ctx, { organisationId: id, limit: REPORTS_LISTED, offset: 0 });
  record.submissions = reports.items;
  record.submissionTotal = reports.total;
  if (periodType) {
    const timeliness = await getTimeliness(ctx, { organisationId: id, periodType, scorecardLimit: 1 });
    const row = timeliness.scorecard.organisations.find((o) => o.organisationId === id);
    if (row) {
      const periods = timeliness.scorecard.periods.map((period, i) => ({
        period,
        state: row.cells[i]?.state ?? "none",
        daysLate: row.cells[i]?.daysLate ?? 0,
      }));
      record.periods = periods.slice(-REPORTING_PERIODS);
      record.total = row.total;
    }
  }
  return record;
}
