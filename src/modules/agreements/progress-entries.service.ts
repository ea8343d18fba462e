// Progress entries: dated notes on the agreement, optionally linked to its commitments and to places.
import type { Executor } from "../../db/client";
import {
  addChild,
  type ChildDefinition,
  changeChild,
  removeChild,
  type ServiceContext,
  todayOf,
} from "../../kernel";
import { type FieldError, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type AgreementParent,
  agreementChild,
  DONE_ONLY_PLANNED,
  excerpt,
  keep,
  PROGRESS_ENTITY,
  progressLine,
} from "./agreement-detail.service";
import { refreshAgreementSearchText } from "./agreement-search.store";
import {
  type ProgressEntry,
  type ProgressEntryInput,
  ProgressEntryInputSchema,
  ProgressEntryPatchSchema,
} from "./agreements.schema";
import { selectPlaceFacts } from "./agreements.store";
import { selectCommitments } from "./commitments.store";
import {
  deleteProgressEntryRow,
  insertProgressEntry,
  selectProgress,
  updateProgressEntryRow,
} from "./progress-entries.store";

/** Whether an entry is overdue depends on the day it is read, so it is computed for `today` and left out of the audit. */
const progressChild = (today: string): ChildDefinition<AgreementParent, ProgressEntry> => ({
  ...agreementChild,
  entityType: PROGRESS_ENTITY,
  notFoundLabel: "The progress entry",
  async loadChild(tx, parent, childId, { forUpdate }) {
    const [row] = await selectProgress(tx, parent.id, today, { id: childId, forUpdate });
    return row ?? null;
  },
  label: (p) => excerpt(p.text),
  historyKey: "progress",
  historyLine: progressLine,
  snapshot: ({ overdue: _overdue, ...entry }) => entry,
  afterWrite: (tx, parent) => refreshAgreementSearchText(tx, parent.id),
});

/** Links must point at this agreement's commitments and at places that exist. */
async function checkProgressLinks(
  db: Executor,
  agreementId: string,
  links: { commitmentIds?: readonly string[]; placeIds?: readonly string[] },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (links.commitmentIds && links.commitmentIds.length > 0) {
    const own = new Set((await selectCommitments(db, agreementId)).map((c) => c.id));
    links.commitmentIds.forEach((cid, i) => {
      if (!own.has(cid))
        errors.push({
          path: `commitmentIds.${i}`,
          message: "This agreement has no such commitment.",
          in: "body",
        });
    });
  }
  if (links.placeIds && links.placeIds.length > 0) {
    const places = await selectPlaceFacts(db, links.placeIds);
    links.placeIds.forEach((pid, i) => {
      if (!places.has(pid))
        errors.push({ path: `placeIds.${i}`, message: "No place has this id.", in: "body" });
    });
  }
  return errors;
}

export async function addProgressEntry(
  ctx: ServiceContext,
  id: string,
  input: ProgressEntryInput,
): Promise<ProgressEntry> {
  const values = parseInput(ProgressEntryInputSchema, input);
  const today = todayOf(ctx);
  return addChild(ctx, progressChild(today), id, async ({ db, actor }) => {
    const errors = await checkProgressLinks(db, id, values);
    if (values.done && values.kind !== "planned") errors.push(DONE_ONLY_PLANNED);
    if (errors.length > 0) throw invalid(errors);
    return insertProgressEntry(db, id, actor.label, {
      kind: values.kind,
      text: values.text,
      entryDate: values.entryDate ?? today,
      dateReported: values.dateReported,
      dueOn: values.dueOn ?? null,
      done: values.done,
      commitmentIds: [...new Set(values.commitmentIds)],
      placeIds: [...new Set(values.placeIds)],
    });
  });
}

export async function updateProgressEntry(
  ctx: ServiceContext,
  id: string,
  entryId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<ProgressEntry> {
  const changes = parseInput(ProgressEntryPatchSchema, patch);
  const child = progressChild(todayOf(ctx));
  return changeChild(ctx, child, id, entryId, expectedVersion, async ({ db }, current) => {
    const errors = await checkProgressLinks(db, id, changes);
    if (current.kind !== "planned") {
      if (changes.dueOn)
        errors.push({ path: "dueOn", message: "Only planned entries have a due date.", in: "body" });
      if (changes.done) errors.push(DONE_ONLY_PLANNED);
    }
    if (errors.length > 0) throw invalid(errors);
    return updateProgressEntryRow(db, entryId, expectedVersion, {
      text: keep(changes.text, current.text),
      entryDate: keep(changes.entryDate, current.entryDate),
      // A day given now is a day reported: "date not reported" ends when someone dates the entry.
      dateReported: changes.entryDate !== undefined ? true : current.dateReported,
      dueOn: keep(changes.dueOn, current.dueOn),
      done: keep(changes.done, current.done),
      commitmentIds: changes.commitmentIds ? [...new Set(changes.commitmentIds)] : current.commitmentIds,
      placeIds: changes.placeIds ? [...new Set(changes.placeIds)] : current.placeIds,
    });
  });
}

export async function removeProgressEntry(
  ctx: ServiceContext,
  id: string,
  entryId: string,
  expectedVersion: number,
): Promise<void> {
  const child = progressChild(todayOf(ctx));
  await removeChild(ctx, child, id, entryId, expectedVersion, ({ db }) =>
    deleteProgressEntryRow(db, entryId, expectedVersion),
  );
}
