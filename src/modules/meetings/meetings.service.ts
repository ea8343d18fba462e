// District meetings: planned for a district, body and quarter with a generated agenda, then edited (agenda,
// date, minutes, decisions, held); each write checked against the policy, versioned and audited.
import { randomUUID } from "node:crypto";
import type { Executor } from "../../db/client";
import {
  type Action,
  type Actor,
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  listScope,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { conflict, type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { buildAgenda } from "./agenda.service";
import { organisationsNamed } from "./agenda-rules";
import { actionItemScope, meetingScope } from "./meeting-scope";
import {
  type AgendaItem,
  type AgendaItemInput,
  type Meeting,
  MeetingInputSchema,
  type MeetingListQuery,
  MeetingPatchSchema,
  type MeetingSummary,
} from "./meetings.schema";
import {
  deleteMeetingRow,
  insertMeeting,
  type MeetingRow,
  refreshMeetingOrganisations,
  selectActionItems,
  selectDistrict,
  selectDistrictBody,
  selectMeeting,
  selectMeetings,
  selectPreviousMeeting,
  updateMeetingRow,
} from "./meetings.store";

const ENTITY = "district_meeting";
export const MEETING_LABEL = "The meeting";

const BODY_LABEL = { jrlos_secretariat: "JRLOS coordination committee", jadf: "JADF" } as const;
export const meetingLabel = (m: Pick<MeetingRow, "bodyKind" | "districtName" | "quarter">) =>
  `${BODY_LABEL[m.bodyKind]} ${m.districtName} ${m.quarter}`;

/** Loads a meeting (locked when it is to change) and checks the actor may do `action` on it: 404 outside scope. */
export async function loadAuthorisedMeeting(
  db: Executor,
  actor: Actor,
  id: string,
  action: Action,
): Promise<MeetingRow> {
  const meeting = await selectMeeting(db, id, { forUpdate: action !== "read" });
  if (!meeting) throw notFound(MEETING_LABEL);
  assertAllowed(actor, ENTITY, action, meetingScope(meeting), MEETING_LABEL);
  return meeting;
}

async function present(ctx: ServiceContext, row: MeetingRow): Promise<Meeting> {
  const [actionItems, previous] = await Promise.all([
    selectActionItems(ctx.db, { meetingId: row.id }),
    selectPreviousMeeting(ctx.db, row),
  ]);
  return {
    id: row.id,
    districtId: row.districtId,
    districtName: row.districtName,
    districtCode: row.districtCode,
    bodyKind: row.bodyKind,
    bodyName: row.bodyName,
    quarter: row.quarter,
    meetingDate: row.meetingDate,
    status: row.status,
    agenda: row.agenda,
    agendaItems: row.agenda.length,
    openActionItems: actionItems.filter((a) => a.status === "open").length,
    minutes: row.minutes,
    decisions: row.decisions,
    actionItems,
    previousMeetingId: previous?.id ?? null,
    canEdit: isAllowed(ctx.actor, ENTITY, "update", meetingScope(row)),
    statusChangeableActionItemIds: actionItems
      .filter((a) => isAllowed(ctx.actor, "meeting_action_item", "update", actionItemScope(row, a)))
      .map((a) => a.id),
    version: row.version,
  };
}

export async function listMeetings(ctx: ServiceContext, query: MeetingListQuery): Promise<MeetingSummary[]> {
  return selectMeetings(ctx.db, query, listScope(ctx.actor, ENTITY));
}

export async function getMeeting(ctx: ServiceContext, id: string): Promise<Meeting> {
  return present(ctx, await loadAuthorisedMeeting(ctx.db, ctx.actor, id, "read"));
}

async function reread(ctx: ServiceContext, id: string): Promise<MeetingRow> {
  const row = await selectMeeting(ctx.db, id);
  if (!row) throw notFound(MEETING_LABEL);
  return row;
}

async function audit(
  db: Executor,
  actor: Actor,
  action: "create" | "update" | "delete",
  before: MeetingRow | null,
  after: MeetingRow | null,
): Promise<void> {
  const row = after ?? before;
  if (!row) return;
  await recordChange(db, actor, {
    action,
    entityType: ENTITY,
    entityId: row.id,
    entityLabel: meetingLabel(row),
    before,
    after,
  });
}

/** Plans the meeting of a district's body for a quarter, its agenda generated from what the records say. */
export async function createMeeting(ctx: ServiceContext, input: unknown): Promise<Meeting> {
  const values = parseInput(MeetingInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const district = await selectDistrict(tx.db, values.districtId);
    if (!district) throw invalid([{ path: "districtId", message: "No district has this id.", in: "body" }]);
    const body = await selectDistrictBody(tx.db, district.id, values.bodyKind);
    assertAllowedOnResource(tx.actor, ENTITY, "create", {
      organisationIds: body ? [body.organisationId] : [],
      districtIds: [district.id],
    });
    const agenda = await buildAgenda(tx, {
      districtId: district.id,
      districtCode: district.code,
      bodyKind: values.bodyKind,
      bodyId: body?.id ?? null,
      bodyName: body?.name ?? null,
      quarter: values.quarter,
      meetingDate: values.meetingDate ?? null,
    });
    const id = await insertMeeting(tx.db, {
      districtId: district.id,
      bodyKind: values.bodyKind,
      quarter: values.quarter,
      meetingDate: values.meetingDate ?? null,
      agenda,
    });
    if (!id) {
      throw conflict("This body already has a meeting for this quarter in this district.", [
        { path: "quarter", message: "A meeting for this quarter exists.", code: "duplicate", in: "body" },
      ]);
    }
    await refreshMeetingOrganisations(tx.db, id, organisationsNamed(agenda));
    const created = await reread(tx, id);
    await audit(tx.db, tx.actor, "create", null, created);
    return present(tx, created);
  });
}

/** The edited agenda: existing items by id keep what they are about, new ones need their text. */
function mergeAgenda(current: readonly AgendaItem[], edited: readonly AgendaItemInput[]): AgendaItem[] {
  const byId = new Map(current.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  const merged = edited.map((input, i): AgendaItem => {
    if (!input.id)
      return { id: randomUUID(), section: input.section, source: null, text: input.text ?? null };
    const existing = byId.get(input.id);
    if (!existing || seen.has(input.id)) {
      errors.push({
        path: `agenda.${i}.id`,
        message: existing ? "This item is listed twice." : "No item of this agenda has this id.",
        in: "body",
      });
      return { id: input.id, section: input.section, source: null, text: null };
    }
    seen.add(input.id);
    const text = input.text === undefined ? existing.text : input.text;
    if (text === null && existing.source === null)
      errors.push({ path: `agenda.${i}.text`, message: "Write the item.", in: "body" });
    return { ...existing, section: input.section, text };
  });
  if (errors.length > 0) throw invalid(errors);
  return merged;
}

export async function updateMeeting(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Meeting> {
  const changes = parseInput(MeetingPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedMeeting(tx.db, tx.actor, id, "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const agenda = changes.agenda ? mergeAgenda(current.agenda, changes.agenda) : undefined;
    const status = changes.status ?? current.status;
    const meetingDate = changes.meetingDate === undefined ? current.meetingDate : changes.meetingDate;
    if (status === "held" && !meetingDate) {
      throw invalid([
        {
          path: changes.meetingDate === null ? "meetingDate" : "status",
          message: "A held meeting has a date.",
          in: "body",
        },
      ]);
    }
    const { agenda: _agenda, ...fields } = changes;
    if (!(await updateMeetingRow(tx.db, id, expectedVersion, { ...fields, ...(agenda ? { agenda } : {}) })))
      throw preconditionFailed(current.version);
    if (agenda) await refreshMeetingOrganisations(tx.db, id, organisationsNamed(agenda));
    const updated = await reread(tx, id);
    await audit(tx.db, tx.actor, "update", current, updated);
    return present(tx, updated);
  });
}

/**
 * Generates the agenda again from today's records (reports that came in since, new hindrances…): items someone
 * added by hand stay, after the generated ones.
 */
export async function regenerateAgenda(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
): Promise<Meeting> {
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedMeeting(tx.db, tx.actor, id, "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const generated = await buildAgenda(tx, current);
    const agenda = [...generated, ...current.agenda.filter((item) => item.source === null)];
    if (!(await updateMeetingRow(tx.db, id, expectedVersion, { agenda })))
      throw preconditionFailed(current.version);
    await refreshMeetingOrganisations(tx.db, id, organisationsNamed(agenda));
    const updated = await reread(tx, id);
    await audit(tx.db, tx.actor, "update", current, updated);
    return present(tx, updated);
  });
}

export async function deleteMeeting(ctx: ServiceContext, id: string, expectedVersion: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await loadAuthorisedMeeting(tx.db, tx.actor, id, "delete");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deleteMeetingRow(tx.db, id, expectedVersion))) throw preconditionFailed(current.version);
    await audit(tx.db, tx.actor, "delete", current, null);
  });
}
