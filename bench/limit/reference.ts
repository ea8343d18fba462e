// The bare reference of issue 20 ("close to the limit"): plain node:http, hand-written SQL over the app's own tables,
// no authentication, no validation, no framework, the answer's JSON built by the database and sent as it comes.
// It answers the two reads bench/limit/run.ts compares with the app, at the app's own paths and in the app's shape:
//   GET /api/agreements?placeId=<a district>&status=<status>[&limit=n]  (signed_desc order, like the app's default)
//   GET /api/agreements/<id>                                          (the detail, as an administrator sees it)
// On PostgreSQL (LIMIT_DATABASE_URL) each query is a named prepared statement; on the embedded database
// (LIMIT_DATA_DIR, a copy of an app's data folder) it runs on PGlite in this process. PORT: where to listen.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from "../../src/db/client";
import { STATUS_TRANSITIONS } from "../../src/modules/agreements/agreement-status";
import { AGREEMENT_STATUSES, type AgreementStatus } from "../../src/modules/agreements/agreements.schema";
import { todayInKigali } from "../../src/shared/today";

/** A timestamp as JavaScript's toISOString() writes it (what the app's answers carry). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const effectiveStatus = `case when a.status in ('active', 'under_revision') and a.valid_until < $2::date
  then 'expired' else a.status end`;

/** The summary fields every agreement answer shares; $2 is today. Parties, themes and due dates: the row's facets. */
const summaryFields = `'id', a.id, 'title', a.title, 'reference', a.reference, 'kind', a.kind, 'status', a.status,
  'effectiveStatus', ${effectiveStatus},
  'signedOn', json_build_object('text', a.signed_on_text, 'year', a.signed_year, 'month', a.signed_month,
    'day', a.signed_day, 'precision', a.signed_precision),
  'validFrom', a.valid_from, 'validUntil', a.valid_until, 'daysUntilExpiry', a.valid_until - $2::date,
  'amendsId', a.amends_id, 'version', a.version, 'updatedAt', ${iso("a.updated_at")}`;

/** The list's status filter, one statement per kind so that each keeps the plan its index allows. */
function statusCondition(status: AgreementStatus): string {
  if (status === "expired") {
    return `(a.status = 'expired' or (a.status in ('active', 'under_revision') and a.valid_until < $2::date))`;
  }
  if (status === "active" || status === "under_revision") {
    return `(a.status = $3 and (a.valid_until is null or a.valid_until >= $2::date))`;
  }
  return "a.status = $3";
}

/**
 * 50 agreements of a district in a status, newest signature first, and how many match. $1: the district's area keys
 * (districtKeys), $2: today, $3: the status, $4: the page size. The total is counted at every request (the app
 * caches it against a change counter).
 */
const listSql = (status: AgreementStatus) => `
  select (select count(*) from agreement a
      where a.area_keys && $1::text[] and ${statusCondition(status)} and $3::text is not null)::int as total,
    coalesce((select json_agg(json_build_object(${summaryFields},
        'parties', a.party_list, 'themes', a.theme_codes,
        'overduePlanned', (select count(*) from unnest(a.open_planned_dues) d where d < $2::date))
        order by a.signed_year is null, a.signed_sort_key desc, lower(a.title), a.id)
      from (select * from agreement a
        where a.area_keys && $1::text[] and ${statusCondition(status)}
        order by a.signed_year is null, a.signed_sort_key desc, lower(a.title), a.id
        limit $4) a), '[]'::json)::text as items`;

/**
 * The area keys that put an agreement in a district (the app's place filter): the district, the whole country,
 * the places directly in it, and all facilities when an open RCS facility lies in it. Places are reference data:
 * read once per district, given to the list as one array value (the planner then knows how many rows match).
 */
const districtKeysSql = `select array[$1::text, 'set:national']
    || array(select p.id::text from place p where p.parent_id = $1::uuid)
    || case when exists (select 1 from place f where f.parent_id = $1::uuid and f.kind = 'place_of_detention'
         and f.operator = 'RCS' and f.is_open) then array['set:all_correctional_facilities'] else '{}'::text[] end
    as keys`;

const transitionsCase = `case a.status ${AGREEMENT_STATUSES.map(
  (s) => `when '${s}' then '${JSON.stringify(STATUS_TRANSITIONS[s])}'::json`,
).join(" ")} end`;

/** One agreement with everything its page shows, in one statement. $1: its id, $2: today. */
const oneSql = `
  select json_build_object(${summaryFields},
    'parties', coalesce((select json_agg(json_build_object('organisationId', o.id, 'organisationName', o.name,
        'acronym', o.acronym, 'organisationKind', o.kind, 'role', p.role) order by o.name_key, p.role)
      from agreement_party p join organisation o on o.id = p.organisation_id where p.agreement_id = a.id), '[]'::json),
    'themes', coalesce((select json_agg(t.theme_code order by t.theme_code)
      from agreement_theme t where t.agreement_id = a.id), '[]'::json),
    'overduePlanned', (select count(*) from progress_entry e where e.agreement_id = a.id and e.kind = 'planned'
      and not e.done and e.due_on < $2::date),
    'purpose', a.purpose, 'renewalTerms', a.renewal_terms, 'followUpBody', a.follow_up_body,
    'keeperOrganisationId', a.keeper_organisation_id,
    'amends', (select json_build_object('id', r.id, 'title', r.title, 'status', r.status)
      from agreement r where r.id = a.amends_id),
    'amendments', coalesce((select json_agg(json_build_object('id', r.id, 'title', r.title, 'status', r.status)
      order by r.created_at, r.id) from agreement r where r.amends_id = a.id), '[]'::json),
    'areas', coalesce((select json_agg(json_build_object('placeId', ar.place_id, 'placeSet', ar.place_set,
        'label', coalesce(pl.name, ar.place_set, ''), 'kind', pl.kind) order by ar.place_set, pl.name)
      from agreement_area ar left join place pl on pl.id = ar.place_id where ar.agreement_id = a.id), '[]'::json),
    'commitments', coalesce((select json_agg(json_build_object('id', c.id, 'text', c.text,
        'responsibleOrganisationId', c.responsible_organisation_id, 'responsibleOrganisationName', o.name,
        'status', c.status, 'dueOn', c.due_on, 'position', c.position, 'version', c.version)
        order by c.position, c.created_at)
      from commitment c left join organisation o on o.id = c.responsible_organisation_id
      where c.agreement_id = a.id), '[]'::json),
    'progress', coalesce((select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'text', e.text,
        'entryDate', e.entry_date, 'dueOn', e.due_on, 'done', e.done,
        'overdue', e.kind = 'planned' and not e.done and e.due_on is not null and e.due_on < $2::date,
        'commitmentIds', e.commitment_ids, 'placeIds', e.place_ids, 'createdBy', e.created_by,
        'version', e.version) order by e.entry_date desc, e.created_at desc, e.id)
      from progress_entry e where e.agreement_id = a.id), '[]'::json),
    'statusHistory', coalesce((select json_agg(json_build_object('id', s.id, 'fromStatus', s.from_status,
        'toStatus', s.to_status, 'changedOn', s.changed_on, 'reason', s.reason, 'changedBy', s.changed_by,
        'recordedAt', ${iso("s.recorded_at")}) order by s.recorded_at desc, s.changed_on desc)
      from agreement_status_change s where s.agreement_id = a.id), '[]'::json),
    'documents', coalesce((select json_agg(json_build_object('id', d.id, 'kind', d.kind, 'fileName', d.file_name,
        'contentType', d.content_type, 'sizeBytes', d.size_bytes, 'uploadedBy', d.uploaded_by,
        'uploadedAt', ${iso("d.uploaded_at")}, 'version', d.version) order by d.uploaded_at desc, d.id desc)
      from agreement_document d where d.agreement_id = a.id), '[]'::json),
    'allowedTransitions', ${transitionsCase},
    -- No authentication: the answer an administrator gets.
    'canEdit', true, 'canDelete', true,
    'createdAt', ${iso("a.created_at")})::text as body
  from agreement a where a.id = $1::uuid and $2::date is not null`;

type Query = (name: string, text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

async function openQuery(): Promise<Query> {
  const url = process.env.LIMIT_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.LIMIT_POOL_SIZE ?? 10) });
    return async (name, text, values) => (await pool.query({ name, text, values })).rows;
  }
  const dataDir = process.env.LIMIT_DATA_DIR;
  if (!dataDir) throw new Error("Set LIMIT_DATABASE_URL or LIMIT_DATA_DIR");
  const client = await PGlite.create({
    dataDir: `${dataDir}/pgdata`,
    extensions: PGLITE_EXTENSIONS,
    startParams: PGLITE_START_PARAMS,
  });
  return async (_name, text, values) => (await client.query<Record<string, unknown>>(text, values)).rows;
}

const query = await openQuery();

// The day changes rarely: asked of Intl at most once a second.
let today = { value: todayInKigali(), at: Date.now() };
const todayNow = () => {
  if (Date.now() - today.at > 1000) today = { value: todayInKigali(), at: Date.now() };
  return today.value;
};

const keysOfDistricts = new Map<string, string[]>();
async function districtKeys(district: string): Promise<string[]> {
  const known = keysOfDistricts.get(district);
  if (known) return known;
  const [row] = await query("district_keys", districtKeysSql, [district]);
  const keys = (row?.keys as string[] | undefined) ?? [];
  keysOfDistricts.set(district, keys);
  return keys;
}

const isStatus = (s: string | null): s is AgreementStatus =>
  s !== null && (AGREEMENT_STATUSES as readonly string[]).includes(s);

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://reference");
  if (url.pathname === "/api/agreements") {
    const district = url.searchParams.get("placeId");
    const status = url.searchParams.get("status");
    if (!district || !isStatus(status)) return send(res, 400, '{"title":"placeId and status are required"}');
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const keys = await districtKeys(district);
    const [row] = await query(`list_${status}`, listSql(status), [keys, todayNow(), status, limit]);
    return send(res, 200, `{"items":${String(row?.items ?? "[]")},"total":${Number(row?.total ?? 0)}}`);
  }
  const one = /^\/api\/agreements\/([0-9a-f-]{36})$/.exec(url.pathname);
  if (one) {
    const [row] = await query("one", oneSql, [one[1], todayNow()]);
    return row
      ? send(res, 200, String(row.body))
      : send(res, 404, '{"title":"The agreement was not found."}');
  }
  if (url.pathname === "/api/health") return send(res, 200, '{"ok":true}');
  send(res, 404, '{"title":"Not found"}');
}

const server = createServer((req, res) => {
  answer(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, '{"title":"Internal error"}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 3999), "127.0.0.1");
