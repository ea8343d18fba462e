// Results that come from accepted periodic reports (decision 017): written once per report and indicator, updated
// when the report is accepted again, never over a value an officer entered by hand for the same indicator and period.
import type { Executor } from "../../db/client";
import type { Actor } from "../../kernel";
import { type AuditedChange, recordChanges } from "../audit";
import { type IndicatorWithRollup, refreshIndicatorRollup, selectIndicators } from "./indicators.store";
import { PROGRAMME_ENTITY } from "./programme-access.service";
import { ResultInputSchema } from "./programmes.schema";
import { type ProgrammeRecord, selectProgramme, touchProgramme } from "./programmes.store";
import type { ResultFeedEntry } from "./result-feed.schema";
import { checkResult, describeValue } from "./results.service";
import {
  deleteResultRow,
  insertResult,
  selectHandResults,
  selectSubmissionResults,
  updateResultValue,
} from "./results.store";

export type SubmissionResultsInput = {
  submissionId: string;
  /** How the result's history names its source: "Organisation — 2026-Q1". */
  label: string;
  periodStart: string;
  periodEnd: string;
  values: readonly { programmeId: string; indicatorId: string; value: number; note?: string | undefined }[];
};

/**
 * Makes the programmes' results match what an accepted report says, inside the caller's transaction: a result per
 * indicator the report gives a value for, tagged with the report; results it wrote before for indicators it no longer
 * gives are removed. Returns what happened to each value, for the report's page.
 */
export async function feedSubmissionResults(
  db: Executor,
  actor: Actor,
  input: SubmissionResultsInput,
): Promise<ResultFeedEntry[]> {
  const own = new Map((await selectSubmissionResults(db, input.submissionId)).map((r) => [r.indicatorId, r]));
  const indicatorIds = [...new Set(input.values.map((v) => v.indicatorId))];
  const indicators = new Map(
    (await selectIndicators(db, { ids: indicatorIds })).map((i) => [i.id, i] as const),
  );
  const handByIndicator = new Map<string, number[]>();
  for (const r of await selectHandResults(db, indicatorIds, input.periodStart, input.periodEnd)) {
    const values = handByIndicator.get(r.indicatorId) ?? [];
    if (r.value !== null) values.push(r.value);
    handByIndicator.set(r.indicatorId, values);
  }
  const programmes = new Map<string, ProgrammeRecord | null>();
  const programmeOf = async (id: string) => {
    if (!programmes.has(id)) programmes.set(id, await selectProgramme(db, id, { forUpdate: true }));
    return programmes.get(id) ?? null;
  };
  const entries: ResultFeedEntry[] = [];
  const changes: AuditedChange[] = [];
  const touched = new Map<string, string>(); // indicator → programme
  const seen = new Set<string>();
  for (const v of input.values) {
    const indicator = indicators.get(v.indicatorId);
    const base = {
      programmeId: v.programmeId,
      indicatorId: v.indicatorId,
      indicatorTitle: indicator?.title ?? "",
      value: v.value,
      resultId: null,
      existingValues: [],
      reason: null,
    };
    if (seen.has(v.indicatorId)) {
      entries.push({
        ...base,
        outcome: "refused",
        reason: "The report gives this indicator more than once.",
      });
      continue;
    }
    seen.add(v.indicatorId);
    const programme = await programmeOf(v.programmeId);
    if (!indicator || !programme || indicator.programmeId !== programme.id) {
      entries.push({ ...base, outcome: "refused", reason: "No such indicator in this programme." });
      continue;
    }
    const refusal = refusalOf(v, indicator, programme, input);
    const existing = own.get(v.indicatorId);
    if (refusal) {
      entries.push({ ...base, outcome: "refused", reason: refusal });
      continue;
    }
    const note = v.note?.trim() ? v.note.trim() : null;
    const lineOf = (value: number | null) =>
      `${indicator.title}, ${input.periodStart}–${input.periodEnd}: ${describeValue("exact", value, null)} (${input.label})`;
    const line = lineOf(v.value);
    if (existing) {
      own.delete(v.indicatorId);
      if (existing.value === v.value && existing.text === note) {
        entries.push({ ...base, outcome: "unchanged", resultId: existing.id });
        continue;
      }
      await updateResultValue(db, existing.id, { value: v.value, text: note });
      changes.push(
        resultChange("update", existing.id, line, { value: existing.value }, { value: v.value }),
        historyLine(programme, { result: lineOf(existing.value) }, { result: line }),
      );
      touched.set(indicator.id, programme.id);
      entries.push({ ...base, outcome: "updated", resultId: existing.id });
      continue;
    }
    const hand = handByIndicator.get(v.indicatorId);
    if (hand) {
      // Not overwritten silently: the officer's value stays, the report's page lists both.
      entries.push({ ...base, outcome: "kept_existing", existingValues: hand });
      continue;
    }
    const id = await insertResult(
      db,
      {
        indicatorId: v.indicatorId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        placeId: null,
        valueKind: "exact",
        value: v.value,
        denominator: null,
        text: note,
        eventId: null,
        submissionId: input.submissionId,
      },
      [],
    );
    changes.push(
      resultChange("create", id, line, null, { value: v.value, submissionId: input.submissionId }),
      historyLine(programme, null, { result: line }),
    );
    touched.set(indicator.id, programme.id);
    entries.push({ ...base, outcome: "written", resultId: id });
  }
  // Values the report no longer gives: what it wrote for them goes.
  for (const stale of own.values()) {
    const programmeId = indicators.get(stale.indicatorId)?.programmeId;
    await deleteResultRow(db, stale.id, stale.version);
    const line = `${stale.periodStart}–${stale.periodEnd}: ${describeValue(stale.valueKind, stale.value, null)} (${input.label})`;
    changes.push(resultChange("delete", stale.id, line, { value: stale.value }, null));
    if (programmeId) touched.set(stale.indicatorId, programmeId);
    else {
      const [indicator] = await selectIndicators(db, { ids: [stale.indicatorId] });
      if (indicator) touched.set(stale.indicatorId, indicator.programmeId);
    }
  }
  for (const indicatorId of touched.keys()) await refreshIndicatorRollup(db, indicatorId);
  for (const programmeId of new Set(touched.values())) await touchProgramme(db, programmeId);
  await recordChanges(db, actor, changes);
  return entries;
}

function refusalOf(
  v: SubmissionResultsInput["values"][number],
  indicator: IndicatorWithRollup,
  programme: ProgrammeRecord,
  input: SubmissionResultsInput,
): string | null {
  const parsed = ResultInputSchema.safeParse({
    indicatorId: v.indicatorId,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    valueKind: "exact",
    value: v.value,
  });
  if (!parsed.success) return parsed.error.issues.map((i) => i.message).join(" ");
  const errors = checkResult(parsed.data, indicator, programme, true);
  return errors.length > 0 ? errors.map((e) => e.message).join(" ") : null;
}

const resultChange = (
  action: "create" | "update" | "delete",
  id: string,
  label: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditedChange => ({ action, entityType: "result", entityId: id, entityLabel: label, before, after });

const historyLine = (
  programme: ProgrammeRecord,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): AuditedChange => ({
  action: "update",
  entityType: PROGRAMME_ENTITY,
  entityId: programme.id,
  entityLabel: programme.title,
  before,
  after,
});
