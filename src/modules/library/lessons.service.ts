// Lessons learned: short structured entries an organisation writes (what happened, what was learned, what it
// recommends), with evidence documents, themes and places; read by everyone, commented on and reused (a new lesson
// adapted from one, which keeps the link). Each write audited.
import type { Executor } from "../../db/client";
import {
  type Actor,
  assertAllowed,
  assertAllowedOnResource,
  inTransaction,
  isAllowed,
  preconditionFailed,
  type RecordScope,
  type ServiceContext,
} from "../../kernel";
import { type FieldError, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import {
  deleteLessonRow,
  insertLesson,
  insertLessonComment,
  type LessonFields,
  type LessonRow,
  selectLessonComments,
  selectLessonLinksFound,
  selectLessonNames,
  selectLessonRow,
  selectLessonsLinkedTo,
  updateLessonRow,
} from "./lessons.store";
import {
  type Lesson,
  type LessonComment,
  LessonCommentInputSchema,
  LessonInputSchema,
  LessonPatchSchema,
  type LessonRef,
} from "./library.schema";
import { assertReferencesExist } from "./library-documents.service";

const ENTITY = "lesson";
export const LESSON_LABEL = "The lesson";

const scopeOf = (l: { organisationId: string }): RecordScope => ({
  organisationIds: [l.organisationId],
  districtIds: [],
});

type LessonValues = LessonFields & { evidenceDocumentIds: string[] };

const auditView = (l: LessonValues) => ({ ...l });

async function present(db: Executor, actor: Actor, row: LessonRow): Promise<Lesson> {
  const [names, comments] = await Promise.all([selectLessonNames(db, row), selectLessonComments(db, row.id)]);
  return {
    id: row.id,
    title: row.title,
    whatHappened: row.whatHappened,
    whatWasLearned: row.whatWasLearned,
    recommendation: row.recommendation,
    language: row.language,
    themeCodes: row.themeCodes,
    ...names,
    comments,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    canEdit: isAllowed(actor, "lesson", "update", scopeOf(row)),
    version: row.version,
  };
}

async function assertLinksExist(
  db: Executor,
  values: LessonValues & { reusedFromId: string | null },
): Promise<void> {
  await assertReferencesExist(
    db,
    {
      organisationIds: [values.organisationId],
      placeIds: values.placeIds,
      themeCodes: values.themeCodes,
    },
    { organisationIds: "organisationId", placeIds: "placeIds", themeCodes: "themeCodes" },
  );
  const found = await selectLessonLinksFound(db, {
    programmeId: values.programmeId,
    agreementId: values.agreementId,
    reusedFromId: values.reusedFromId,
    documentIds: values.evidenceDocumentIds,
  });
  const errors: FieldError[] = [];
  const missing = (path: string) => errors.push({ path, message: "No such record exists.", in: "body" });
  if (values.programmeId && !found.programme) missing("programmeId");
  if (values.agreementId && !found.agreement) missing("agreementId");
  if (values.reusedFromId && !found.reusedFrom) missing("reusedFromId");
  for (const id of found.missingDocumentIds)
    missing(`evidenceDocumentIds.${values.evidenceDocumentIds.indexOf(id)}`);
  if (errors.length > 0) throw invalid(errors);
}

const valuesOf = (v: ReturnType<typeof LessonInputSchema.parse>): LessonValues => ({
  title: v.title,
  whatHappened: v.whatHappened,
  whatWasLearned: v.whatWasLearned,
  recommendation: v.recommendation || null,
  language: v.language,
  organisationId: v.organisationId,
  themeCodes: [...new Set(v.themeCodes)],
  placeIds: [...new Set(v.placeIds)],
  programmeId: v.programmeId ?? null,
  agreementId: v.agreementId ?? null,
  evidenceDocumentIds: [...new Set(v.evidenceDocumentIds)],
});

async function reread(db: Executor, id: string): Promise<LessonRow> {
  const row = await selectLessonRow(db, id);
  if (!row) throw notFound(LESSON_LABEL);
  return row;
}

export async function createLesson(ctx: ServiceContext, input: unknown): Promise<Lesson> {
  const parsed = parseInput(LessonInputSchema, input);
  const values = valuesOf(parsed);
  assertAllowedOnResource(ctx.actor, "lesson", "create", scopeOf(values));
  return inTransaction(ctx, async (tx) => {
    const reusedFromId = parsed.reusedFromId ?? null;
    await assertLinksExist(tx.db, { ...values, reusedFromId });
    const id = await insertLesson(tx.db, {
      ...values,
      reusedFromId,
      createdBy: tx.actor.label,
      createdByUserId: tx.actor.kind === "user" ? tx.actor.userId : null,
    });
    const created = await reread(tx.db, id);
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: ENTITY,
      entityId: id,
      entityLabel: created.title,
      before: null,
      after: { ...auditView(created), reusedFromId },
    });
    return present(tx.db, tx.actor, created);
  });
}

async function loadAuthorised(db: Executor, actor: Actor, id: string, action: "read" | "update" | "delete") {
  const row = await selectLessonRow(db, id, { forUpdate: action !== "read" });
  if (!row) throw notFound(LESSON_LABEL);
  assertAllowed(actor, "lesson", action, scopeOf(row), LESSON_LABEL);
  return row;
}

const fieldsOfRow = (row: LessonRow): LessonValues => ({
  title: row.title,
  whatHappened: row.whatHappened,
  whatWasLearned: row.whatWasLearned,
  recommendation: row.recommendation,
  language: row.language,
  organisationId: row.organisationId,
  themeCodes: row.themeCodes,
  placeIds: row.placeIds,
  programmeId: row.programmeId,
  agreementId: row.agreementId,
  evidenceDocumentIds: row.evidenceDocumentIds,
});

/** At most this many lessons on another record's page, newest first (the library searches the rest). */
export const LINKED_LESSONS_SHOWN = 50;

/**
 * The lessons that belong with a group of organisations' work (a partnership's page): written for one of the
 * programmes or agreements, or by one of the organisations; only those the reader may read.
 */
export async function listLessonsLinkedTo(
  ctx: ServiceContext,
  links: {
    organisationIds: readonly string[];
    programmeIds: readonly string[];
    agreementIds: readonly string[];
  },
): Promise<LessonRef[]> {
  if (links.organisationIds.length + links.programmeIds.length + links.agreementIds.length === 0) return [];
  const rows = await selectLessonsLinkedTo(ctx.db, links, LINKED_LESSONS_SHOWN);
  return rows
    .filter((row) => isAllowed(ctx.actor, "lesson", "read", scopeOf(row)))
    .map((row) => ({
      id: row.id,
      title: row.title,
      language: row.language,
      organisation: { id: row.organisationId, name: row.organisationName },
      themeCodes: row.themeCodes,
      createdAt: row.createdAt,
      via: row.via,
    }));
}

export async function getLesson(ctx: ServiceContext, id: string): Promise<Lesson> {
  return present(ctx.db, ctx.actor, await loadAuthorised(ctx.db, ctx.actor, id, "read"));
}

export async function updateLesson(
  ctx: ServiceContext,
  id: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Lesson> {
  const changes = parseInput(LessonPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const current = await loadAuthorised(tx.db, tx.actor, id, "update");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    const before = fieldsOfRow(current);
    const next: LessonValues = {
      ...before,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      recommendation:
        changes.recommendation === undefined ? before.recommendation : changes.recommendation || null,
    };
    assertAllowedOnResource(tx.actor, "lesson", "update", scopeOf(next));
    await assertLinksExist(tx.db, { ...next, reusedFromId: null });
    if (!(await updateLessonRow(tx.db, id, expectedVersion, next))) throw preconditionFailed(current.version);
    const updated = await reread(tx.db, id);
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: id,
      entityLabel: updated.title,
      before: auditView(before),
      after: auditView(fieldsOfRow(updated)),
    });
    return present(tx.db, tx.actor, updated);
  });
}

export async function deleteLesson(ctx: ServiceContext, id: string, expectedVersion: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await loadAuthorised(tx.db, tx.actor, id, "delete");
    if (current.version !== expectedVersion) throw preconditionFailed(current.version);
    if (!(await deleteLessonRow(tx.db, id, expectedVersion))) throw preconditionFailed(current.version);
    await recordChange(tx.db, tx.actor, {
      action: "delete",
      entityType: ENTITY,
      entityId: id,
      entityLabel: current.title,
      before: auditView(fieldsOfRow(current)),
      after: null,
    });
  });
}

/** A comment by anyone who reads the lesson. */
export async function addLessonComment(
  ctx: ServiceContext,
  lessonId: string,
  input: unknown,
): Promise<LessonComment> {
  const { body } = parseInput(LessonCommentInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const lesson = await loadAuthorised(tx.db, tx.actor, lessonId, "read");
    assertAllowedOnResource(tx.actor, "lesson_comment", "create", scopeOf(lesson));
    const comment = await insertLessonComment(tx.db, lessonId, {
      body,
      authorName: tx.actor.label,
      authorUserId: tx.actor.kind === "user" ? tx.actor.userId : null,
    });
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "lesson_comment",
      entityId: comment.id,
      entityLabel: lesson.title,
      before: null,
      after: { lessonId, body },
    });
    return comment;
  });
}
