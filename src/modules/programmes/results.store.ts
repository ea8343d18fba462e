// Result queries: reported values per indicator, period and place, with their breakdown.
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { arrayParam, type Executor } from "../../db/client";
import { atVersion } from "../../kernel";
import { placeTable } from "../places/places.table";
import type { BreakdownCell, ParticipantCategory, Result, Sex, ValueKind } from "./programmes.schema";
import { indicatorTable, resultBreakdownTable, resultTable } from "./programmes.table";

export type ResultFields = {
  indicatorId: string;
  periodStart: string;
  periodEnd: string;
  placeId: string | null;
  valueKind: ValueKind;
  value: number | null;
  denominator: number | null;
  text: string | null;
  eventId: string | null;
  submissionId?: string | null;
};

export async function insertResult(
  db: Executor,
  fields: ResultFields,
  breakdown: BreakdownCell[],
): Promise<string> {
  const [row] = await db.insert(resultTable).values(fields).returning({ id: resultTable.id });
  if (!row) throw new Error("insert returned no row");
  if (breakdown.length > 0) {
    await db.insert(resultBreakdownTable).values(
      breakdown.map((b) => ({
        resultId: row.id,
        sex: b.sex ?? null,
        ageGroup: b.ageGroup ?? null,
        category: b.category ?? null,
        value: b.value,
      })),
    );
  }
  return row.id;
}

/** False when the result is no longer at `version`. */
export async function deleteResultRow(db: Executor, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(resultTable)
    .where(atVersion(resultTable, id, version))
    .returning({ id: resultTable.id });
  return rows.length > 0;
}

/** A result with the programme and the indicator it belongs to: what removing it checks and records. */
export type ResultRecord = Result & { programmeId: string; indicatorTitle: string };

/** One result (null when there is none); `forUpdate` locks it. */
export async function selectResult(
  db: Executor,
  id: string,
  options: { forUpdate: boolean },
): Promise<ResultRecord | null> {
  const query = db
    .select({ programmeId: indicatorTable.programmeId, indicatorTitle: indicatorTable.title })
    .from(resultTable)
    .innerJoin(indicatorTable, eq(indicatorTable.id, resultTable.indicatorId))
    .where(eq(resultTable.id, id));
  const [ref] = options.forUpdate ? await query.for("update", { of: resultTable }) : await query;
  if (!ref) return null;
  const [result] = await selectResultRows(db, eq(resultTable.id, id));
  return result ? { ...result, ...ref } : null;
}

export async function selectResults(db: Executor, indicatorId: string): Promise<Result[]> {
  return selectResultRows(db, eq(resultTable.indicatorId, indicatorId));
}

/** Every result of these indicators, by indicator (each in the order `selectResults` gives), in two statements. */
export async function selectResultsOfIndicators(
  db: Executor,
  indicatorIds: readonly string[],
): Promise<Map<string, Result[]>> {
  const out = new Map<string, Result[]>(indicatorIds.map((id) => [id, []]));
  if (indicatorIds.length === 0) return out;
  const rows = await selectResultRows(
    db,
    sql`${resultTable.indicatorId} = any(${arrayParam(indicatorIds, "uuid")})`,
    null,
  );
  for (const r of rows) out.get(r.indicatorId)?.push(r);
  return out;
}

/** `limit`: at most this many results (a listing's page); null: all of them. */
async function selectResultRows(db: Executor, where: SQL, limit: number | null = 1000): Promise<Result[]> {
  const query = db
    .select({
      id: resultTable.id,
      indicatorId: resultTable.indicatorId,
      periodStart: resultTable.periodStart,
      periodEnd: resultTable.periodEnd,
      placeId: placeTable.id,
      placeName: placeTable.name,
      placeKind: placeTable.kind,
      valueKind: resultTable.valueKind,
      value: resultTable.value,
      denominator: resultTable.denominator,
      text: resultTable.text,
      eventId: resultTable.eventId,
      submissionId: resultTable.submissionId,
      version: resultTable.version,
    })
    .from(resultTable)
    .leftJoin(placeTable, eq(placeTable.id, resultTable.placeId))
    .where(where)
    .orderBy(asc(resultTable.periodStart), asc(resultTable.createdAt));
  const rows = limit === null ? await query : await query.limit(limit);
  const ids = rows.map((r) => r.id);
  // One array parameter, not one per id: an import reads the results of hundreds of indicators at once.
  const cells =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(resultBreakdownTable)
          .where(sql`${resultBreakdownTable.resultId} = any(${arrayParam(ids, "uuid")})`);
  const byResult = new Map<string, BreakdownCell[]>();
  for (const c of cells) {
    const list = byResult.get(c.resultId) ?? [];
    list.push({
      sex: c.sex as Sex | null,
      ageGroup: c.ageGroup as BreakdownCell["ageGroup"],
      category: c.category as ParticipantCategory | null,
      value: c.value,
    });
    byResult.set(c.resultId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    indicatorId: r.indicatorId,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    place: r.placeId ? { id: r.placeId, name: r.placeName ?? "", kind: r.placeKind ?? "" } : null,
    valueKind: r.valueKind as ValueKind,
    value: r.value,
    denominator: r.denominator,
    text: r.text,
    breakdown: byResult.get(r.id) ?? [],
    eventId: r.eventId,
    submissionId: r.submissionId,
    version: r.version,
  }));
}

/** The results a submission wrote (decision 017), one per indicator. */
export async function selectSubmissionResults(db: Executor, submissionId: string): Promise<Result[]> {
  return selectResultRows(db, eq(resultTable.submissionId, submissionId));
}

/** Values entered by hand (neither an event's nor a report's) for these indicators over exactly this period. */
export async function selectHandResults(
  db: Executor,
  indicatorIds: readonly string[],
  periodStart: string,
  periodEnd: string,
): Promise<Result[]> {
  if (indicatorIds.length === 0) return [];
  return selectResultRows(
    db,
    and(
      inArray(resultTable.indicatorId, [...indicatorIds]),
      eq(resultTable.periodStart, periodStart),
      eq(resultTable.periodEnd, periodEnd),
      isNull(resultTable.eventId),
      isNull(resultTable.submissionId),
    ) as SQL,
  );
}

/** A report's value changed on a new acceptance: the same result, a new version. */
export async function updateResultValue(
  db: Executor,
  id: string,
  fields: { value: number; text: string | null },
): Promise<void> {
  await db
    .update(resultTable)
    .set({ ...fields, version: sql`${resultTable.version} + 1`, updatedAt: new Date() })
    .where(eq(resultTable.id, id));
}
