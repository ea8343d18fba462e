// The register-wide feed of recent changes (issue 22): who changed what and when, only for records the reader may read.
import { type Actor, listScope, type Resource, type ServiceContext, todayOf } from "../../kernel";
import { parseInput } from "../../shared/validation";
import { reachOf } from "../monitoring";
import { CHANGE_SOURCES, entityTypesOf } from "./change-sources";
import {
  type ChangeAction,
  type ChangeEntityType,
  type ChangeEntry,
  type ChangeFeedQuery,
  ChangeFeedQuerySchema,
  type ChangePage,
} from "./changes.schema";
import { type ChangeReach, type ChangeRow, selectChanges } from "./changes.store";

/** Records every grant of a role reads, and the policy resource that says so ("everyone, anywhere"). */
const WHOLE: Record<Exclude<ChangeEntityType, ScopedType>, Resource> = {
  organisation: "organisation",
  agreement: "agreement",
  programme: "programme",
  // The 3W's reported presence is read with the agreements register (coordination.service.ts).
  reported_presence_import: "agreement",
  reporting_body: "reporting_body",
  reporting_obligation: "reporting_obligation",
  service_provider: "service_provider",
  partnership: "partnership",
  place: "place",
};
type ScopedType =
  | "submission"
  | "district_meeting"
  | "incident"
  | "referral"
  | "monitoring_visit"
  | "recommendation";

/** What this actor reaches, from the one policy table and the modules' own reach rules. */
export function reachOfActor(actor: Actor, today: string): ChangeReach {
  const whole = new Set<ChangeEntityType>();
  for (const [type, resource] of Object.entries(WHOLE) as [ChangeEntityType, Resource][])
    if (listScope(actor, resource).all) whole.add(type);
  return {
    whole,
    submission: { own: listScope(actor, "submission"), review: listScope(actor, "submission_review") },
    meeting: listScope(actor, "district_meeting"),
    incident: listScope(actor, "incident"),
    referral: listScope(actor, "referral"),
    visit: listScope(actor, "monitoring_visit"),
    recommendation: reachOf(actor, today),
    today,
  };
}

const ACTIONS: Record<ChangeRow["action"], ChangeAction> = {
  create: "created",
  update: "updated",
  delete: "deleted",
};

function toEntry(row: ChangeRow): ChangeEntry {
  const source = CHANGE_SOURCES[row.entityType];
  return {
    id: row.id,
    occurredAt: row.occurredAt,
    actorName: row.actorName,
    action: row.statusChanged ? "status_changed" : ACTIONS[row.action],
    module: source.module,
    entityType: row.entityType,
    entityId: row.entityId,
    label: source.labelled ? row.label : null,
    link: row.action === "delete" ? null : source.link(row.entityId),
    organisations: row.organisations,
  };
}

/**
 * A page of the feed, newest first: creations, updates and deletions of the records the reader may read, by module
 * and organisation. Entries for records they may not read are left out in the query itself (not shown as hidden), so
 * a page is full whenever more exist; a deleted record's entries stay only for readers of the whole kind (nothing is
 * left to check a scope against). Reads are not changes and are never listed; listing is not audited (no record is
 * opened, and no entry carries a confidential value).
 */
export async function listChanges(ctx: ServiceContext, query: ChangeFeedQuery): Promise<ChangePage> {
  const input = parseInput(ChangeFeedQuerySchema, query, "query");
  const rows = await selectChanges(ctx.db, {
    reach: reachOfActor(ctx.actor, todayOf(ctx)),
    types: entityTypesOf(input.module),
    organisationId: input.organisationId,
    beforeSeq: input.cursor === undefined ? undefined : Number(input.cursor),
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return {
    items: items.map(toEntry),
    nextCursor: rows.length > input.limit && last ? String(last.chainSeq) : null,
  };
}
