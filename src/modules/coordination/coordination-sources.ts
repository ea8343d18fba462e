// The one seam through which records feed the 3W view: a source lists its work as organisation × theme × area × period.
// Agreements and imported 3W rows are sources; programmes and events plug in by adding a CoordinationSource here.
import type { Executor } from "../../db/client";
import type { AgreementStatus, PartyRole, PlaceSet } from "../agreements";
import { selectAgreementActivities } from "./agreement-source.store";
import type { OrganisationRef, ReportedRow, SourceKind } from "./coordination.schema";
import type { HxlDatePrecision } from "./period-bounds";
import { selectReportedActivities } from "./reported-source.store";

/** What a source is asked for. Every filter is optional except the period. */
export type ActivityQuery = {
  /** Inclusive ISO dates: a record counts when its period overlaps this one. */
  from: string;
  to: string;
  /** Only records on at least one of these themes. */
  themes?: readonly string[];
  /** Only records with an area on one of these places or sets (the caller adds containing places). */
  areas?: { placeIds: readonly string[]; sets: readonly PlaceSet[] };
  /** Only records with this organisation among the working ones. */
  organisationId?: string;
};

/** One record's work: who (organisations with their role), on what (themes), where (areas), when (period). */
export type ActivityRecord = {
  source: SourceKind;
  id: string;
  title: string;
  status: AgreementStatus;
  validFrom: string | null;
  validUntil: string | null;
  /** How precisely the dates are known (a row of a 3W file may give "2024" or "2024-03"); absent: exact days. */
  validFromPrecision?: HxlDatePrecision;
  validUntilPrecision?: HxlDatePrecision;
  /** The organisations doing the work; the institution keeping the register is not a partner of itself. */
  organisations: (OrganisationRef & { role: PartyRole })[];
  themes: string[];
  areas: { placeId: string | null; placeSet: PlaceSet | null }[];
  /** The imported 3W row behind a reported record; null for an agreement. */
  reportedRow: ReportedRow | null;
};

export type CoordinationSource = {
  kind: SourceKind;
  listActivities(db: Executor, query: ActivityQuery): Promise<ActivityRecord[]>;
};

export const agreementSource: CoordinationSource = {
  kind: "agreement",
  listActivities: selectAgreementActivities,
};

/** Rows of imported 3W files (HXL CSV). */
export const reportedSource: CoordinationSource = {
  kind: "reported",
  listActivities: selectReportedActivities,
};

export const COORDINATION_SOURCES: readonly CoordinationSource[] = [agreementSource, reportedSource];

export async function listActivities(
  db: Executor,
  query: ActivityQuery,
  sources: readonly CoordinationSource[] = COORDINATION_SOURCES,
): Promise<ActivityRecord[]> {
  const lists = await Promise.all(sources.map((s) => s.listActivities(db, query)));
  return lists.flat();
}
