// The agreements source of the 3W view: one query returning each working agreement with its parties, themes and areas.
import { inArray, type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../db/client";
import type { AgreementStatus, PartyRole, PlaceSet } from "../agreements/agreements.schema";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementTable,
  agreementThemeTable,
} from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import type { ActivityQuery, ActivityRecord } from "./coordination-sources";

/**
 * Agreements that are working: active or under revision, or expired with a known end date (then the period
 * decides). Drafts, negotiations and terminated agreements are nobody's presence on the ground.
 */
const WORKING = sql`(${agreementTable.status} in ('active', 'under_revision') or (${agreementTable.status} = 'expired' and ${agreementTable.validUntil} is not null))`;

type Row = {
  id: string;
  title: string;
  status: AgreementStatus;
  valid_from: string | Date | null;
  valid_until: string | Date | null;
  keeper_organisation_id: string | null;
  parties: { id: string; name: string; acronym: string | null; kind: string; role: PartyRole }[] | string;
  themes: string[] | string;
  areas: { placeId: string | null; placeSet: PlaceSet | null }[] | string;
};

// node-postgres and PGlite both parse json; a driver configured otherwise would hand back text.
const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);
const isoDate = (value: string | Date | null): string | null =>
  value === null ? null : typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);

export async function selectAgreementActivities(
  db: Executor,
  query: ActivityQuery,
): Promise<ActivityRecord[]> {
  const a = agreementTable;
  const conditions: SQL[] = [
    WORKING,
    sql`(${a.validFrom} is null or ${a.validFrom} <= ${query.to}::date)`,
    sql`(${a.validUntil} is null or ${a.validUntil} >= ${query.from}::date)`,
  ];
  if (query.themes && query.themes.length > 0) {
    conditions.push(
      sql`exists (select 1 from ${agreementThemeTable} where ${agreementThemeTable.agreementId} = ${a.id} and ${inArray(agreementThemeTable.themeCode, [...query.themes])})`,
    );
  }
  if (query.areas) {
    const matches: SQL[] = [];
    if (query.areas.placeIds.length > 0)
      matches.push(inArray(agreementAreaTable.placeId, [...query.areas.placeIds]));
    if (query.areas.sets.length > 0)
      matches.push(inArray(agreementAreaTable.placeSet, [...query.areas.sets]));
    if (matches.length === 0) return [];
    conditions.push(
      sql`exists (select 1 from ${agreementAreaTable} where ${agreementAreaTable.agreementId} = ${a.id} and (${sql.join(matches, sql` or `)}))`,
    );
  }
  if (query.organisationId) {
    conditions.push(
      sql`exists (select 1 from ${agreementPartyTable} where ${agreementPartyTable.agreementId} = ${a.id} and ${agreementPartyTable.organisationId} = ${query.organisationId})`,
    );
  }
  const rows = await queryRows<Row>(
    db,
    sql`select ${a.id} as id, ${a.title} as title, ${a.status} as status, ${a.validFrom} as valid_from,
      ${a.validUntil} as valid_until, ${a.keeperOrganisationId} as keeper_organisation_id,
      (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'kind', o.kind, 'role', p.role) order by o.name), '[]'::json)
         from ${agreementPartyTable} p join ${organisationTable} o on o.id = p.organisation_id where p.agreement_id = ${a.id}) as parties,
      (select coalesce(json_agg(t.theme_code order by t.theme_code), '[]'::json)
         from ${agreementThemeTable} t where t.agreement_id = ${a.id}) as themes,
      (select coalesce(json_agg(json_build_object('placeId', ar.place_id, 'placeSet', ar.place_set)), '[]'::json)
         from ${agreementAreaTable} ar where ar.agreement_id = ${a.id}) as areas
    from ${a} where ${sql.join(conditions, sql` and `)}`,
  );
  return rows.map((r) => {
    const parties = parsed(r.parties);
    // The keeping institution (RCS in its own register) is party to everything; its partners are the 3W.
    const partners = parties.filter((p) => p.id !== r.keeper_organisation_id);
    return {
      source: "agreement" as const,
      id: r.id,
      title: r.title,
      status: r.status,
      validFrom: isoDate(r.valid_from),
      validUntil: isoDate(r.valid_until),
      organisations: partners.length > 0 ? partners : parties,
      themes: parsed(r.themes),
      areas: parsed(r.areas),
    };
  });
}
