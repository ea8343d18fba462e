// Creating agreements: one path for one agreement and for an import's thousands — a single create is a bulk of one.
import type { Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  inTransaction,
  type ServiceContext,
  type TransactionContext,
  todayOf,
} from "../../kernel";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import { IsoDateSchema } from "../../shared/iso-date";
import { parseInput } from "../../shared/validation";
import { type AuditedChange, recordChanges } from "../audit";
import {
  COMMITMENT_ENTITY,
  checkProposed,
  DONE_ONLY_PLANNED,
  districtsOfTargets,
  ENTITY,
  excerpt,
  historyView,
  keeperOf,
  loadDetail,
  OTHER_FIELD_ENTITY,
  otherFieldLine,
  PROGRESS_ENTITY,
  type Proposed,
  progressLine,
  readKnownReferences,
  scopeOf,
  toAreaTarget,
} from "./agreement-detail.service";
import { insertOtherFields, selectOtherFieldsOf } from "./agreement-other-fields.store";
import { refreshAgreementSearchTexts } from "./agreement-search.store";
import {
  type AgreementDetail,
  type AgreementInput,
  AgreementInputSchema,
  type Commitment,
  type OtherFieldInput,
  OtherFieldInputSchema,
  type Party,
  type ProgressEntryInput,
  ProgressEntryInputSchema,
} from "./agreements.schema";
import {
  type AgreementFields,
  type AgreementRecord,
  type AreaRow,
  type AreaTarget,
  insertAgreementParts,
  insertAgreements,
  insertStatusChanges,
  type PlaceFacts,
  selectAgreementRef,
  selectAreasOf,
  selectPartiesOf,
  selectPlaceFacts,
  selectThemesOf,
} from "./agreements.store";
import { insertCommitments, selectCommitmentsOf } from "./commitments.store";
import { insertProgressEntries, selectProgressOf } from "./progress-entries.store";

/** One agreement of a bulk creation: the agreement, the progress entries to add to it, and an amendment of it. */
export type BulkAgreementInput = {
  agreement: AgreementInput;
  progress: ProgressEntryInput[];
  /** Created after the agreement, amending it (its amendsId is the new agreement's id). */
  amendment: Omit<AgreementInput, "amendsId"> | null;
  /** Fields the register has no column for (an import's unmapped columns), kept in this order. */
  otherFields?: OtherFieldInput[];
  /**
   * The day the agreement (and its amendment) entered the register, when a document says so: an import "as of" a
   * report's day registers its agreements on that day (default: today).
   */
  registeredOn?: string;
};

/** Where a field error of item `index`, part `part` ("agreement", "amendment", "progress.2") is reported. */
type ErrorPath = (index: number, part: string, path: string) => string;
const bulkPath: ErrorPath = (index, part, path) => `${index}.${part}${path ? `.${path}` : ""}`;
/** A single create reports its errors at the agreement's own paths, as the form sent them. */
const singlePath: ErrorPath = (_index, _part, path) => path;

/** Registers one agreement: the bulk path with one item, answering the agreement as it now is. */
export async function createAgreement(ctx: ServiceContext, input: AgreementInput): Promise<AgreementDetail> {
  return inTransaction(ctx, async (tx) => {
    const [id] = await createInBulk(tx, [{ agreement: input, progress: [], amendment: null }], singlePath);
    if (!id) throw new Error("a bulk of one created no agreement");
    return loadDetail(tx.db, tx.actor, id, todayOf(tx));
  });
}

/**
 * Creates every item — each agreement, then its progress entries, then its amendment — in one transaction and
 * a few multi-row statements, with the same rules, rows and audit entries as adding them one at a time would give.
 */
export async function createAgreementsInBulk(
  ctx: ServiceContext,
  items: readonly BulkAgreementInput[],
): Promise<string[]> {
  return createInBulk(ctx, items, bulkPath);
}

async function createInBulk(
  ctx: ServiceContext,
  items: readonly BulkAgreementInput[],
  errorPath: ErrorPath,
): Promise<string[]> {
  const prepared = prepareItems(ctx, items, errorPath);
  return inTransaction(ctx, async (tx) => {
    await checkItems(tx, prepared, errorPath);
    const written = await insertItems(tx, prepared);
    await recordItemsCreated(tx, prepared, written);
    return written.created.map((r) => r.id);
  });
}

type PreparedAgreement = {
  values: ReturnType<typeof AgreementInputSchema.parse>;
  fields: AgreementFields;
  areas: AreaTarget[];
  proposed: Proposed;
};
type PreparedItem = {
  main: PreparedAgreement;
  progress: ReturnType<typeof ProgressEntryInputSchema.parse>[];
  amendment: PreparedAgreement | null;
  otherFields: ReturnType<typeof OtherFieldInputSchema.parse>[];
  /** The day its first status change records (registeredOn, else today). */
  registeredOn: string;
};

function prepareAgreement(ctx: ServiceContext, input: AgreementInput): PreparedAgreement {
  const values = parseInput(AgreementInputSchema, input);
  const fields: AgreementFields = {
    title: values.title,
    reference: values.reference ?? null,
    kind: values.kind,
    purpose: values.purpose ?? null,
    status: values.status,
    signedOnText: values.signedOnText ?? null,
    validFrom: values.validFrom ?? null,
    validUntil: values.validUntil ?? null,
    renewalTerms: values.renewalTerms ?? null,
    followUpBody: values.followUpBody ?? null,
    amendsId: values.amendsId ?? null,
    keeperOrganisationId: keeperOf(ctx.actor, values),
  };
  const areas = values.areas.map(toAreaTarget);
  const responsibles = values.commitments.flatMap((c, i) =>
    c.responsibleOrganisationId
      ? [
          {
            organisationId: c.responsibleOrganisationId,
            path: `commitments.${i}.responsibleOrganisationId`,
            label: c.text,
          },
        ]
      : [],
  );
  return {
    values,
    fields,
    areas,
    proposed: { fields, parties: values.parties, themes: values.themes, areas, responsibles },
  };
}

/** Parses every item, before any query: field errors name the item and the part they are in. */
function prepareItems(
  ctx: ServiceContext,
  items: readonly BulkAgreementInput[],
  errorPath: ErrorPath,
): PreparedItem[] {
  const parsed = <T>(index: number, part: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof AppError && error.kind === "validation")
        throw invalid(error.errors.map((e) => ({ ...e, path: errorPath(index, part, e.path) })));
      throw error;
    }
  };
  return items.map((item, i) => ({
    main: parsed(i, "agreement", () => prepareAgreement(ctx, item.agreement)),
    progress: item.progress.map((p, j) =>
      parsed(i, `progress.${j}`, () => parseInput(ProgressEntryInputSchema, p)),
    ),
    amendment: item.amendment
      ? parsed(i, "amendment", () =>
          prepareAgreement(ctx, { ...item.amendment, amendsId: null } as AgreementInput),
        )
      : null,
    otherFields: (item.otherFields ?? []).map((f, j) =>
      parsed(i, `otherFields.${j}`, () => parseInput(OtherFieldInputSchema, f)),
    ),
    registeredOn: parsed(i, "registeredOn", () => registeredOnOf(ctx, item.registeredOn)),
  }));
}

/** A registration day: a real day, not after today (today when none is given). */
function registeredOnOf(ctx: ServiceContext, day: string | undefined): string {
  const today = todayOf(ctx);
  if (day === undefined) return today;
  const parsed = IsoDateSchema.safeParse(day);
  if (!parsed.success || parsed.data > today)
    throw invalid([{ path: "", message: `Give a past day or today (${today}).`, in: "body" }]);
  return parsed.data;
}

/** Checks rights and every rule that needs the database; throws all field errors of all items at once. */
async function checkItems(
  tx: TransactionContext,
  prepared: readonly PreparedItem[],
  errorPath: ErrorPath,
): Promise<void> {
  const errors: FieldError[] = [];
  const at = (i: number, part: string, found: readonly FieldError[]) =>
    found.map((e) => ({ ...e, path: errorPath(i, part, e.path) }));
  const placeIds = prepared.flatMap((p) =>
    [p.main, ...(p.amendment ? [p.amendment] : [])].flatMap((a) =>
      a.areas.flatMap((x) => (x.placeId ? [x.placeId] : [])),
    ),
  );
  const places = await selectPlaceFacts(tx.db, [...new Set(placeIds)]);
  // The parties' organisations and the themes of every item, read once: a query per item made a bulk of 2,000 slow.
  const known = await readKnownReferences(
    tx.db,
    prepared.flatMap((p) => [p.main.proposed, ...(p.amendment ? [p.amendment.proposed] : [])]),
  );
  for (const [i, p] of prepared.entries()) {
    for (const [part, a] of [
      ["agreement", p.main],
      ["amendment", p.amendment],
    ] as const) {
      if (!a) continue;
      // Partner staff may register only agreements their organisation is party to.
      const scope = scopeOf(a.values.parties, districtsOfTargets(a.areas, places));
      assertAllowedOnResource(tx.actor, "agreement", "create", scope);
      // Adding progress or other fields to an agreement is an update of it.
      if (part === "agreement" && (p.progress.length > 0 || p.otherFields.length > 0))
        assertAllowedOnResource(tx.actor, "agreement", "update", scope);
      // The amendment's target is the agreement created just before it: it needs no lookup.
      const found = await checkProposed(tx.db, a.proposed, places, {
        requireAmendsTarget: part === "agreement",
        known,
      });
      errors.push(...at(i, part, found));
    }
    for (const [j, entry] of p.progress.entries()) {
      if (entry.commitmentIds.length > 0)
        errors.push(
          ...at(i, `progress.${j}`, [
            {
              path: "commitmentIds",
              message: "A new agreement's progress cannot link commitments yet.",
              in: "body",
            },
          ]),
        );
      if (entry.done && entry.kind !== "planned") errors.push(...at(i, `progress.${j}`, [DONE_ONLY_PLANNED]));
    }
  }
  errors.push(...(await checkProgressPlaces(tx.db, prepared, errorPath)));
  if (errors.length > 0) throw invalid(errors);
}

async function checkProgressPlaces(
  db: Executor,
  prepared: readonly PreparedItem[],
  errorPath: ErrorPath,
): Promise<FieldError[]> {
  const places: Map<string, PlaceFacts> = await selectPlaceFacts(db, [
    ...new Set(prepared.flatMap((p) => p.progress.flatMap((e) => e.placeIds))),
  ]);
  const errors: FieldError[] = [];
  for (const [i, p] of prepared.entries())
    for (const [j, entry] of p.progress.entries())
      entry.placeIds.forEach((pid, k) => {
        if (!places.has(pid))
          errors.push({
            path: errorPath(i, `progress.${j}`, `placeIds.${k}`),
            message: "No place has this id.",
            in: "body",
          });
      });
  return errors;
}

type Written = {
  created: AgreementRecord[];
  amendmentOf: Map<number, AgreementRecord>;
  all: { record: AgreementRecord; prepared: PreparedAgreement }[];
  progressIds: string[];
  otherFieldIds: string[];
};

/** Inserts every agreement, its parts, commitments, first status, progress and amendment; refreshes search texts. */
async function insertItems(tx: TransactionContext, prepared: readonly PreparedItem[]): Promise<Written> {
  const { db, actor } = tx;
  const today = todayOf(tx);
  const created = await insertAgreements(
    db,
    prepared.map((p) => p.main.fields),
  );
  const amendmentFields = prepared.flatMap((p, i) => {
    const target = created[i];
    return p.amendment && target ? [{ ...p.amendment.fields, amendsId: target.id }] : [];
  });
  const amendments = await insertAgreements(db, amendmentFields);
  const amendmentOf = new Map<number, AgreementRecord>();
  let next = 0;
  for (const [i, p] of prepared.entries()) {
    const record = p.amendment ? amendments[next++] : undefined;
    if (record) amendmentOf.set(i, record);
  }
  const all = prepared.flatMap((p, i) => {
    const record = created[i] as AgreementRecord;
    const amendment = amendmentOf.get(i);
    return [
      { record, prepared: p.main, registeredOn: p.registeredOn },
      ...(amendment && p.amendment
        ? [{ record: amendment, prepared: p.amendment, registeredOn: p.registeredOn }]
        : []),
    ];
  });
  await insertAgreementParts(
    db,
    all.map(({ record, prepared: a }) => ({
      agreementId: record.id,
      parties: a.values.parties,
      themes: [...new Set(a.values.themes)],
      areas: a.areas,
    })),
  );
  await insertCommitments(
    db,
    all.flatMap(({ record, prepared: a }) =>
      a.values.commitments.map((c, position) => ({
        agreementId: record.id,
        position,
        text: c.text,
        responsibleOrganisationId: c.responsibleOrganisationId ?? null,
        status: c.status,
        dueOn: c.dueOn ?? null,
      })),
    ),
  );
  await insertStatusChanges(
    db,
    all.map(({ record, registeredOn }) => ({
      agreementId: record.id,
      fromStatus: null,
      toStatus: record.status,
      changedOn: registeredOn,
      // No reason of its own: readers see "Registered" in their language (the first step has no from-status).
      reason: null,
      changedByUserId: actor.kind === "user" ? actor.userId : null,
      changedBy: actor.label,
    })),
  );
  const progressIds = await insertProgressEntries(
    db,
    prepared.flatMap((p, i) =>
      p.progress.map((values) => ({
        agreementId: (created[i] as AgreementRecord).id,
        createdBy: actor.label,
        kind: values.kind,
        text: values.text,
        entryDate: values.entryDate ?? today,
        dateReported: values.dateReported,
        dueOn: values.dueOn ?? null,
        done: values.done,
        commitmentIds: [],
        placeIds: [...new Set(values.placeIds)],
      })),
    ),
  );
  const otherFieldIds = await insertOtherFields(
    db,
    prepared.flatMap((p, i) =>
      p.otherFields.map((f, position) => ({
        agreementId: (created[i] as AgreementRecord).id,
        position,
        label: f.label,
        value: f.value,
      })),
    ),
  );
  // Their updated_at is the insert's own: no need to touch them again.
  await refreshAgreementSearchTexts(
    db,
    all.map(({ record }) => record.id),
    { touch: false },
  );
  return { created, amendmentOf, all, progressIds, otherFieldIds };
}

type WrittenParts = { parties: Party[]; themes: string[]; areas: AreaRow[]; commitments: Commitment[] };

/** The audit log reads as if each agreement, its progress and its amendment had been added one by one. */
async function recordItemsCreated(
  tx: TransactionContext,
  prepared: readonly PreparedItem[],
  { created, amendmentOf, all, progressIds, otherFieldIds }: Written,
): Promise<void> {
  const { db } = tx;
  // What loadDetail would give for each, read for all of them at once.
  const allIds = all.map(({ record }) => record.id);
  const partiesOf = await selectPartiesOf(db, allIds);
  const themesOf = await selectThemesOf(db, allIds);
  const areasOf = await selectAreasOf(db, allIds);
  const commitmentsOf = await selectCommitmentsOf(db, allIds);
  const progressOf = await selectProgressOf(db, allIds, todayOf(tx));
  const otherFieldsOf = await selectOtherFieldsOf(
    db,
    created.map((r) => r.id),
  );
  const partsOf = (id: string): WrittenParts => ({
    parties: partiesOf.get(id) ?? [],
    themes: themesOf.get(id) ?? [],
    areas: areasOf.get(id) ?? [],
    commitments: commitmentsOf.get(id) ?? [],
  });
  const changes: AuditedChange[] = [];
  let progressAt = 0;
  let otherFieldAt = 0;
  for (const [i, p] of prepared.entries()) {
    const record = created[i] as AgreementRecord;
    changes.push(...(await createdEntries(db, record, partsOf(record.id))));
    for (const _ of p.progress) {
      const entryId = progressIds[progressAt++];
      const entry = (progressOf.get(record.id) ?? []).find((e) => e.id === entryId);
      if (!entry) throw new Error("progress entry vanished inside its transaction");
      changes.push(
        {
          action: "create",
          entityType: PROGRESS_ENTITY,
          entityId: entry.id,
          entityLabel: excerpt(entry.text),
          before: null,
          after: { ...entry, overdue: undefined, agreementId: record.id },
        },
        {
          action: "update",
          entityType: ENTITY,
          entityId: record.id,
          entityLabel: record.title,
          before: { progress: null },
          after: { progress: progressLine(entry) },
        },
      );
    }
    for (const _ of p.otherFields) {
      const fieldId = otherFieldIds[otherFieldAt++];
      const field = (otherFieldsOf.get(record.id) ?? []).find((f) => f.id === fieldId);
      if (!field) throw new Error("other field vanished inside its transaction");
      changes.push(
        {
          action: "create",
          entityType: OTHER_FIELD_ENTITY,
          entityId: field.id,
          entityLabel: field.label,
          before: null,
          after: { ...field, agreementId: record.id },
        },
        {
          action: "update",
          entityType: ENTITY,
          entityId: record.id,
          entityLabel: record.title,
          before: { otherField: null },
          after: { otherField: otherFieldLine(field) },
        },
      );
    }
    const amendment = amendmentOf.get(i);
    if (amendment) changes.push(...(await createdEntries(db, amendment, partsOf(amendment.id), record)));
  }
  await recordChanges(db, tx.actor, changes);
}

/**
 * A new agreement's entries: its creation, the line "an amendment now exists" in the history of the agreement it
 * amends, its commitments' creations. `amended` is the record when it was created in the same bulk.
 */
async function createdEntries(
  db: Executor,
  record: AgreementRecord,
  parts: WrittenParts,
  amended?: AgreementRecord,
): Promise<AuditedChange[]> {
  const target = amended ?? (record.amendsId ? await selectAgreementRef(db, record.amendsId) : null);
  return [
    {
      action: "create",
      entityType: ENTITY,
      entityId: record.id,
      entityLabel: record.title,
      before: null,
      after: {
        ...historyView(record, parts.parties, parts.themes, parts.areas),
        commitments: parts.commitments.map((c) => c.text),
      },
    },
    ...(target
      ? [
          {
            action: "update" as const,
            entityType: ENTITY,
            entityId: target.id,
            entityLabel: target.title,
            before: { amendment: null },
            after: { amendment: { title: record.title, status: record.status } },
          },
        ]
      : []),
    ...parts.commitments.map(
      (c): AuditedChange => ({
        action: "create",
        entityType: COMMITMENT_ENTITY,
        entityId: c.id,
        entityLabel: excerpt(c.text),
        before: null,
        after: { ...c, agreementId: record.id },
      }),
    ),
  ];
}
