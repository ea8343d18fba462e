// One agreement with everything its page shows, read in one statement (issue 20: it took 10–14).
import { aliasedTable, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type {
  AgreementDocument,
  AgreementOtherField,
  Commitment,
  Party,
  ProgressEntry,
  StatusChange,
} from "./agreements.schema";
import type { AgreementRecord, AgreementRef, AreaRow } from "./agreements.store";
import { agreementTable } from "./agreements.table";

/** What the statement gives: the parts loadCurrent and loadDetail read one by one, in their shapes and orders. */
export type AgreementDetailRow = {
  record: AgreementRecord;
  parties: Party[];
  themes: string[];
  areas: AreaRow[];
  amends: AgreementRef | null;
  amendments: AgreementRef[];
  commitments: Commitment[];
  progress: ProgressEntry[];
  statusHistory: StatusChange[];
  documents: AgreementDocument[];
  otherFields: AgreementOtherField[];
};

/** A timestamp as JavaScript's toISOString() writes it (both drivers' dates truncate to the millisecond, as MS does). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Each part reads the normalised tables, not the list's facets: those are brought up to date at commit, and a
 * create or an update reads its result back inside its transaction. The orders are the ones each part's own
 * query had (selectPartiesOf, selectAreas, selectCommitments, selectProgress, selectStatusChanges, selectDocuments).
 * The text is built once; today (written $2 here) and the id are its only parameters.
 */
const DETAIL_JSON = `json_build_object(
  'record', json_build_object('id', a.id, 'title', a.title, 'reference', a.reference, 'kind', a.kind,
    'purpose', a.purpose, 'status', a.status,
    'signedOn', json_build_object('text', a.signed_on_text, 'year', a.signed_year, 'month', a.signed_month,
      'day', a.signed_day, 'precision', a.signed_precision),
    'validFrom', a.valid_from, 'validUntil', a.valid_until, 'renewalTerms', a.renewal_terms,
    'followUpBody', a.follow_up_body, 'amendsId', a.amends_id, 'keeperOrganisationId', a.keeper_organisation_id,
    'version', a.version, 'createdAt', ${iso("a.created_at")}, 'updatedAt', ${iso("a.updated_at")}),
  'parties', coalesce((select json_agg(json_build_object('organisationId', p.organisation_id,
      'organisationName', o.name, 'acronym', o.acronym, 'organisationKind', o.kind, 'role', p.role)
      order by o.name_key, p.role)
    from agreement_party p join organisation o on o.id = p.organisation_id where p.agreement_id = a.id), '[]'::json),
  'themes', coalesce((select json_agg(t.theme_code order by t.theme_code)
    from agreement_theme t where t.agreement_id = a.id), '[]'::json),
  'areas', coalesce((select json_agg(json_build_object('placeId', ar.place_id, 'placeSet', ar.place_set,
      'label', coalesce(pl.name, ar.place_set, ''), 'kind', pl.kind,
      'districtId', case when pl.kind = 'district' then pl.id
        else (select d.id from place d where d.id = pl.parent_id and d.kind = 'district') end)
      order by ar.place_set, pl.name)
    from agreement_area ar left join place pl on pl.id = ar.place_id where ar.agreement_id = a.id), '[]'::json),
  'amends', (select json_build_object('id', r.id, 'title', r.title, 'status', r.status)
    from agreement r where r.id = a.amends_id),
  'amendments', coalesce((select json_agg(json_build_object('id', r.id, 'title', r.title, 'status', r.status)
      order by r.created_at, r.id)
    from agreement r where r.amends_id = a.id), '[]'::json),
  'commitments', coalesce((select json_agg(json_build_object('id', c.id, 'text', c.text,
      'responsibleOrganisationId', c.responsible_organisation_id, 'responsibleOrganisationName', o.name,
      'status', c.status, 'dueOn', c.due_on, 'position', c.position, 'version', c.version)
      order by c.position, c.created_at)
    from commitment c left join organisation o on o.id = c.responsible_organisation_id
    where c.agreement_id = a.id), '[]'::json),
  'progress', coalesce((select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'text', e.text,
      'entryDate', e.entry_date, 'dateReported', e.date_reported, 'dueOn', e.due_on, 'done', e.done,
      'overdue', e.kind = 'planned' and not e.done and e.due_on is not null and e.due_on < $2::date,
      'commitmentIds', e.commitment_ids, 'placeIds', e.place_ids, 'createdBy', e.created_by, 'version', e.version)
      order by e.entry_date desc, e.created_at desc, e.id)
    from progress_entry e where e.agreement_id = a.id), '[]'::json),
  'statusHistory', coalesce((select json_agg(json_build_object('id', s.id, 'fromStatus', s.from_status,
      'toStatus', s.to_status, 'changedOn', s.changed_on, 'reason', s.reason, 'changedBy', s.changed_by,
      'recordedAt', ${iso("s.recorded_at")})
      order by s.recorded_at desc, s.changed_on desc)
    from agreement_status_change s where s.agreement_id = a.id), '[]'::json),
  'documents', coalesce((select json_agg(json_build_object('id', d.id, 'kind', d.kind, 'fileName', d.file_name,
      'contentType', d.content_type, 'sizeBytes', d.size_bytes, 'uploadedBy', d.uploaded_by,
      'uploadedAt', ${iso("d.uploaded_at")}, 'version', d.version)
      order by d.uploaded_at desc, d.id desc)
    from agreement_document d where d.agreement_id = a.id), '[]'::json),
  'otherFields', coalesce((select json_agg(json_build_object('id', f.id, 'label', f.label, 'value', f.value,
      'position', f.position, 'version', f.version)
      order by f.position, f.created_at)
    from agreement_other_field f where f.agreement_id = a.id), '[]'::json)
)`;

/** PGlite and node-postgres both parse json columns; a driver that does not hands over the text. */
const fromJson = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

const [DETAIL_HEAD, DETAIL_TAIL] = DETAIL_JSON.split("$2::date") as [string, string];
const a = aliasedTable(agreementTable, "a");
const detailColumn = sql<
  AgreementDetailRow | string
>`${sql.raw(DETAIL_HEAD)}${sql.placeholder("today")}::date${sql.raw(DETAIL_TAIL)}`;

/** The agreement and its parts, or null when there is none with this id. */
export async function selectAgreementDetail(
  db: Executor,
  id: string,
  today: string,
): Promise<AgreementDetailRow | null> {
  // A named statement: PostgreSQL parses and plans it once per connection (PGlite has no named statements).
  const [row] = await db
    .select({ detail: detailColumn })
    .from(a)
    .where(eq(a.id, sql.placeholder("id")))
    .prepare("agreement_detail")
    .execute({ id, today });
  return row ? fromJson(row.detail) : null;
}
