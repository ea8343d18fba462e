// Action items of a district meeting (owner organisation, text, due date, open/done/dropped), written with the
// kernel's versioned-child helpers under the meeting's rights; open ones come back on the next meeting's agenda.
import type { Executor } from "../../db/client";
import {
  addChild,
  assertAllowedOnResource,
  type ChildDefinition,
  changeChild,
  type ParentRecord,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { organisationsNamed } from "./agenda-rules";
import { actionItemScope } from "./meeting-scope";
import type { AgendaItem } from "./meetings.schema";
import { type ActionItem, ActionItemInputSchema, ActionItemPatchSchema } from "./meetings.schema";
import { loadAuthorisedMeeting, meetingLabel } from "./meetings.service";
import {
  deleteActionItemRow,
  insertActionItem,
  refreshMeetingOrganisations,
  selectActionItems,
  selectOrganisationExists,
  updateActionItemRow,
} from "./meetings.store";

type MeetingParent = ParentRecord & { agenda: AgendaItem[] };

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** Adding, changing or removing an item is changing the meeting: one definition, the meeting's update right. */
const actionItemChild: ChildDefinition<MeetingParent, ActionItem> = {
  parentEntityType: "district_meeting",
  entityType: "meeting_action_item",
  notFoundLabel: "The action item",
  parentKey: "meetingId",
  async loadParent(tx, actor, meetingId) {
    const meeting = await loadAuthorisedMeeting(tx, actor, meetingId, "update");
    return { id: meeting.id, label: meetingLabel(meeting), agenda: meeting.agenda };
  },
  async loadChild(tx, meeting, id, { forUpdate }) {
    const [row] = await selectActionItems(tx, { meetingId: meeting.id, id, forUpdate });
    return row ?? null;
  },
  label: (a) => `${a.ownerName}: ${excerpt(a.text)}`,
  historyKey: "actionItem",
  historyLine: (a) => ({ owner: a.ownerName, text: excerpt(a.text), dueDate: a.dueDate, status: a.status }),
  // Owners of its items may read the meeting.
  afterWrite: (tx, meeting) =>
    refreshMeetingOrganisations(tx, meeting.id, organisationsNamed(meeting.agenda)),
};

async function assertOwnerExists(db: Executor, id: string): Promise<void> {
  if (!(await selectOrganisationExists(db, id)))
    throw invalid([{ path: "ownerOrganisationId", message: "No organisation has this id.", in: "body" }]);
}

export async function addActionItem(
  ctx: ServiceContext,
  meetingId: string,
  input: unknown,
): Promise<ActionItem> {
  const values = parseInput(ActionItemInputSchema, input);
  return addChild(ctx, actionItemChild, meetingId, async ({ db }) => {
    await assertOwnerExists(db, values.ownerOrganisationId);
    return insertActionItem(db, meetingId, {
      ownerOrganisationId: values.ownerOrganisationId,
      text: values.text,
      dueDate: values.dueDate ?? null,
      status: values.status,
    });
  });
}

/**
 * A change of status alone is checked on the item (policy row meeting_action_item): its owner organisation's editors
 * may mark it done without any right over the meeting, which they need only read.
 */
const actionItemStatusChild: ChildDefinition<MeetingParent & { districtId: string }, ActionItem> = {
  ...actionItemChild,
  async loadParent(tx, actor, meetingId) {
    const meeting = await loadAuthorisedMeeting(tx, actor, meetingId, "read");
    return {
      id: meeting.id,
      label: meetingLabel(meeting),
      agenda: meeting.agenda,
      districtId: meeting.districtId,
    };
  },
};

export async function updateActionItem(
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ActionItem> {
  const changes = parseInput(ActionItemPatchSchema, patch);
  const { status, ...rest } = changes;
  if (status !== undefined && Object.keys(rest).length === 0) {
    return changeChild(
      ctx,
      actionItemStatusChild,
      meetingId,
      itemId,
      expectedVersion,
      async (tx, current, meeting) => {
        assertAllowedOnResource(tx.actor, "meeting_action_item", "update", actionItemScope(meeting, current));
        return updateActionItemRow(tx.db, itemId, expectedVersion, {
          ownerOrganisationId: current.ownerOrganisationId,
          text: current.text,
          dueDate: current.dueDate,
          status,
        });
      },
    );
  }
  return changeChild(ctx, actionItemChild, meetingId, itemId, expectedVersion, async ({ db }, current) => {
    if (changes.ownerOrganisationId) await assertOwnerExists(db, changes.ownerOrganisationId);
    return updateActionItemRow(db, itemId, expectedVersion, {
      ownerOrganisationId: changes.ownerOrganisationId ?? current.ownerOrganisationId,
      text: changes.text ?? current.text,
      dueDate: changes.dueDate === undefined ? current.dueDate : changes.dueDate,
      status: changes.status ?? current.status,
    });
  });
}

export async function removeActionItem(
  ctx: ServiceContext,
  meetingId: string,
  itemId: string,
  expectedVersion: number,
): Promise<void> {
  await removeChild(ctx, actionItemChild, meetingId, itemId, expectedVersion, ({ db }) =>
    deleteActionItemRow(db, itemId, expectedVersion),
  );
}
