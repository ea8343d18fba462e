// One way to add, change and remove a versioned, audited child record (a commitment, an indicator, an event…):
// load and authorise the parent, lock the child and check its version, write, re-read, write the audit entries.
import type { Executor } from "../db/client";
import { recordChange } from "../modules/audit";
import { notFound } from "../shared/app-errors";
import type { Actor } from "./actor.schema";
import {
  assertVersion,
  inTransaction,
  preconditionFailed,
  type ServiceContext,
  type TransactionContext,
} from "./context";

/** What the helpers need of a parent: its id and the label its history entries carry. */
export type ParentRecord = { id: string; label: string };
export type VersionedRow = { id: string; version: number };

export type ChildDefinition<Parent extends ParentRecord, Row extends VersionedRow> = {
  /** Audit entity type of the parent (e.g. "agreement") and of the child (e.g. "commitment"). */
  parentEntityType: string;
  entityType: string;
  /** How a 404 names the child: "The commitment". */
  notFoundLabel: string;
  /** The child's audit snapshot carries its parent's id under this key (e.g. "agreementId"). */
  parentKey: string;
  /**
   * Loads the parent, locked for update, and checks that the actor may change it: throws 404 when the actor may
   * not read it, 403 when read-only. Each module keeps its own scope rules here.
   */
  loadParent(tx: Executor, actor: Actor, parentId: string): Promise<Parent>;
  /** Reads one child of this parent (null when it is not this parent's); `forUpdate` locks the row. */
  loadChild(
    tx: Executor,
    parent: Parent,
    childId: string,
    options: { forUpdate: boolean },
  ): Promise<Row | null>;
  /** A short label for the child's history entries. */
  label(row: Row): string;
  /** What the child's audit entries keep of a row, when not the whole row (e.g. without values derived from today). */
  snapshot?(row: Row): Record<string, unknown>;
  /** Runs after every add, change and remove, before the re-read: keeps what the parent derives from its children. */
  afterWrite?(tx: Executor, parent: Parent): Promise<void>;
} & ParentHistory<Row>;

export type ChildAction = "create" | "update" | "delete";

/**
 * How the parent's history shows the child: one line under `historyKey`, or (`historyLines`) several keys that may
 * differ by action, for parents whose history already had its own wording (a programme's logframe, indicators…).
 */
type ParentHistory<Row> =
  | { historyKey: string; historyLine(row: Row): unknown; historyLines?: never }
  | { historyLines(row: Row, action: ChildAction): Record<string, unknown>; historyKey?: never };

function parentLines<Row>(def: ParentHistory<Row>, row: Row | null, action: ChildAction) {
  if (def.historyLines) return row ? def.historyLines(row, action) : null;
  return { [def.historyKey]: row ? def.historyLine(row) : null };
}

async function recordChildChange<Parent extends ParentRecord, Row extends VersionedRow>(
  tx: Executor,
  actor: Actor,
  def: ChildDefinition<Parent, Row>,
  parent: Parent,
  before: Row | null,
  after: Row | null,
): Promise<void> {
  const row = after ?? before;
  if (!row) return;
  const snapshot = (r: Row | null) =>
    r ? { ...(def.snapshot ? def.snapshot(r) : r), [def.parentKey]: parent.id } : null;
  const action: ChildAction = before === null ? "create" : after === null ? "delete" : "update";
  await recordChange(tx, actor, {
    action,
    entityType: def.entityType,
    entityId: row.id,
    entityLabel: def.label(row),
    before: snapshot(before),
    after: snapshot(after),
  });
  await recordChange(tx, actor, {
    action: "update",
    entityType: def.parentEntityType,
    entityId: parent.id,
    entityLabel: parent.label,
    before: parentLines(def, before, action),
    after: parentLines(def, after, action),
  });
}

async function reread<Parent extends ParentRecord, Row extends VersionedRow>(
  tx: Executor,
  def: ChildDefinition<Parent, Row>,
  parent: Parent,
  childId: string,
): Promise<Row> {
  const row = await def.loadChild(tx, parent, childId, { forUpdate: false });
  if (!row) throw new Error(`${def.entityType} ${childId} vanished inside its own transaction`);
  return row;
}

/** Adds a child: `write` checks what depends on the parent, inserts, and returns the new child's id. */
export function addChild<Parent extends ParentRecord, Row extends VersionedRow>(
  ctx: ServiceContext,
  def: ChildDefinition<Parent, Row>,
  parentId: string,
  write: (tx: TransactionContext, parent: Parent) => Promise<string>,
): Promise<Row> {
  return inTransaction(ctx, async (tx) => {
    const parent = await def.loadParent(tx.db, tx.actor, parentId);
    const id = await write(tx, parent);
    await def.afterWrite?.(tx.db, parent);
    const created = await reread(tx.db, def, parent, id);
    await recordChildChange(tx.db, tx.actor, def, parent, null, created);
    return created;
  });
}

/**
 * Changes a child the client read at `expectedVersion` (412 otherwise). `write` returns false when its
 * version-guarded update matched no row — then someone changed it in between, also a 412.
 */
export function changeChild<Parent extends ParentRecord, Row extends VersionedRow>(
  ctx: ServiceContext,
  def: ChildDefinition<Parent, Row>,
  parentId: string,
  childId: string,
  expectedVersion: number,
  write: (tx: TransactionContext, current: Row, parent: Parent) => Promise<boolean>,
): Promise<Row> {
  return inTransaction(ctx, async (tx) => {
    const parent = await def.loadParent(tx.db, tx.actor, parentId);
    const current = await def.loadChild(tx.db, parent, childId, { forUpdate: true });
    if (!current) throw notFound(def.notFoundLabel);
    assertVersion(current, expectedVersion);
    if (!(await write(tx, current, parent))) throw preconditionFailed(current.version);
    await def.afterWrite?.(tx.db, parent);
    const updated = await reread(tx.db, def, parent, childId);
    await recordChildChange(tx.db, tx.actor, def, parent, current, updated);
    return updated;
  });
}

/** Removes a child the client read at `expectedVersion`; `remove` deletes it and tidies what pointed at it. */
export function removeChild<Parent extends ParentRecord, Row extends VersionedRow>(
  ctx: ServiceContext,
  def: ChildDefinition<Parent, Row>,
  parentId: string,
  childId: string,
  expectedVersion: number,
  remove: (tx: TransactionContext, current: Row, parent: Parent) => Promise<boolean>,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const parent = await def.loadParent(tx.db, tx.actor, parentId);
    const current = await def.loadChild(tx.db, parent, childId, { forUpdate: true });
    if (!current) throw notFound(def.notFoundLabel);
    assertVersion(current, expectedVersion);
    if (!(await remove(tx, current, parent))) throw preconditionFailed(current.version);
    await def.afterWrite?.(tx.db, parent);
    await recordChildChange(tx.db, tx.actor, def, parent, current, null);
  });
}
