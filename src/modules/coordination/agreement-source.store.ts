// The agreements source of the 3W view: one query over the agreement rows, reading the facets kept on them.
import { type SQL, sql } from "drizzle-orm";
import { arrayParam, type Executor, queryRows } from "../../db/client";
import { type AgreementStatus, type PartyRole, PLACE_SETS, type PlaceSet } from "../agreements";
import { agreementTable } from "../agreements/agreements.table";
import type { ActivityQuery, ActivityRecord } from "./coordination-sources";

/**
 * Agreements that are working: active or under revision, or expired with a known end date (then the period
 * decides). Drafts, negotiations and terminated agreements are nobody's presence on the ground.
 */
const WORKING = sql`(${agreementTable.status} in ('active', 'under_revision') or (${agreementTable.status} = 'expired' and ${agreementTable.validUntil} is not null))`;

/** A party as the agreement row keeps it (party_list, migration 0015). */
type ListedParty = {
  organisationId: string;
  organisationName: string;
  acronym: string | null;
  organisationKind: string;
  role: PartyRole;
};
type Listed = {
  id: string;
  title: string;
  status: AgreementStatus;
  validFrom: string | null;
  validUntil: string | null;
  keeper: string | null;
  parties: ListedParty[];
  themes: string[];
  /** Place ids, and "set:…" for sets (area_keys). */
  areas: string[];
};

const SET_KEY = "set:";
const isPlaceSet = (value: string): value is PlaceSet => (PLACE_SETS as readonly string[]).includes(value);

/**
 * The parties, themes and areas come from the facets the agreement row keeps (migrations 0012 and 0015, kept
 * by triggers at every write), so a page is one indexed scan of one table and one JSON value per agreement:
 * reading them from the three child tables took four queries and ten times the rows (issue 5 bench).
 */
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
    conditions.push(sql`${a.themeCodes} && ${arrayParam(query.themes, "text")}`);
  }
  if (query.areas) {
    const keys = [...query.areas.placeIds, ...query.areas.sets.map((s) => `${SET_KEY}${s}`)];
    if (keys.length === 0) return [];
    // The keys inside a subquery: the planner then takes the GIN index instead of testing the overlap on every
    // row of a sequential scan. With the keys as a constant it estimated a fifth of the table and chose the
    // scan, which compared each row's areas with a district's ~17 keys: 20 ms against 10 (issue 5 bench). The
    // query has no LIMIT to choose an order for, so the index is the better path whatever the keys match.
    conditions.push(sql`${a.areaKeys} && (select ${arrayParam(keys, "text")})`);
  }
  if (query.organisationId) {
    conditions.push(sql`${a.partyOrganisationIds} @> ${arrayParam([query.organisationId], "uuid")}`);
  }
  // Dates go through JSON as ISO text: node-postgres would turn date columns into local-midnight Dates.
  const rows = await queryRows<{ r: Listed | string }>(
    db,
    sql`select json_build_object('id', ${a.id}, 'title', ${a.title}, 'status', ${a.status},
        'validFrom', ${a.validFrom}, 'validUntil', ${a.validUntil}, 'keeper', ${a.keeperOrganisationId},
        'parties', ${a.partyList}, 'themes', ${a.themeCodes}, 'areas', ${a.areaKeys}) as r
      from ${a} where ${sql.join(conditions, sql` and `)}`,
  );
  return rows.map(({ r }) => recordOf(typeof r === "string" ? (JSON.parse(r) as Listed) : r));
}

function recordOf(r: Listed): ActivityRecord {
  const parties = r.parties.map((p) => ({
    id: p.organisationId,
    name: p.organisationName,
    acronym: p.acronym,
    kind: p.organisationKind,
    role: p.role,
  }));
  // The keeping institution (RCS in its own register) is party to everything; its partners are the 3W.
  const partners = parties.filter((p) => p.id !== r.keeper);
  return {
    source: "agreement",
    id: r.id,
    title: r.title,
    status: r.status,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    organisations: partners.length > 0 ? partners : parties,
    themes: r.themes,
    areas: r.areas.flatMap((key): ActivityRecord["areas"] => {
      if (!key.startsWith(SET_KEY)) return [{ placeId: key, placeSet: null }];
      const set = key.slice(SET_KEY.length);
      return isPlaceSet(set) ? [{ placeId: null, placeSet: set }] : [];
    }),
    reportedRow: null,
  };
}
