// IATI <result>s → a programme's logframe, indicators, targets and results, written through the services so every
// rule (periods inside the programme, no negative counts, lower bounds kept) holds as for an officer's entry.

import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { addIndicator } from "./indicators.service";
import { setIndicatorNarratives } from "./indicators.store";
import { addLogframeItem } from "./logframe.service";
import { setLogframeItemNarratives } from "./logframe.store";
import type {
  IndicatorInput,
  IndicatorUnit,
  LogframeItem,
  ResultInput,
  TargetInput,
} from "./programmes.schema";
import { addResult } from "./results.service";

type Narrative = string | { "#text"?: string; "@xml:lang"?: string };
export type IatiText = { narrative?: Narrative[] };
type IatiDimension = { "@name"?: string; "@value"?: string };
type IatiMeasured = { "@value"?: string; comment?: IatiText; dimension?: IatiDimension[] };
type IatiBaseline = IatiMeasured & { "@year"?: string; "@iso-date"?: string };
type IatiPeriod = {
  "period-start"?: { "@iso-date"?: string };
  "period-end"?: { "@iso-date"?: string };
  target?: IatiMeasured[];
  actual?: IatiMeasured[];
};
export type IatiIndicator = {
  "@measure"?: string;
  title?: IatiText;
  baseline?: IatiBaseline[];
  period?: IatiPeriod[];
};
export type IatiResult = { "@type"?: string; title?: IatiText; indicator?: IatiIndicator[] };

/** Element names fast-xml-parser must always read as lists (they may repeat), beside the activity's own. */
export const IATI_RESULT_ARRAYS = [
  "result",
  "indicator",
  "baseline",
  "period",
  "target",
  "actual",
  "dimension",
];

/** Each narrative by language; one without xml:lang is in the activity's default language. */
export function narrativesByLanguage(
  element: IatiText | undefined,
  defaultLang: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of element?.narrative ?? []) {
    const text = (typeof n === "string" ? n : (n["#text"] ?? "")).trim();
    const lang = (typeof n === "string" ? undefined : n["@xml:lang"]) ?? defaultLang;
    if (text && !out[lang]) out[lang] = text;
  }
  return out;
}

/** The text people here read first: English, then French, then whatever the file has. */
export const preferredText = (texts: Record<string, string>) =>
  texts.en ?? texts.fr ?? Object.values(texts)[0] ?? "";

/** Within the length a field takes (the whole text stays in the narratives); a placeholder when too short. */
function fitText(text: string, max: number, fallback: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length < 3) return fallback;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Measure 1 (unit) counts people unless the title says it counts events; 2 is a percentage; the rest is words. */
const EVENT_WORDS =
  /\b(events?|sessions?|trainings?|workshops?|meetings?|campaigns?|visits?|shows?|broadcasts?|conferences?)\b/i;
function unitOf(measure: string | undefined, title: string): IndicatorUnit {
  if (measure === "2") return "percent";
  if (measure === "1" || measure === undefined) return EVENT_WORDS.test(title) ? "events" : "people";
  return "text";
}

const numberOf = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
};

const dimensionsText = (dims: readonly IatiDimension[]) =>
  dims.map((d) => `${d["@name"] ?? "?"} ${d["@value"] ?? "?"}`).join(", ");

/** The value for the whole period: one without dimensions if given, else the first (a part of the whole). */
function wholeOrPart<T extends IatiMeasured>(
  items: readonly T[] | undefined,
): { item: T; part: boolean } | null {
  if (!items || items.length === 0) return null;
  const whole = items.find((i) => (i.dimension ?? []).length === 0);
  if (whole) return { item: whole, part: false };
  return { item: items[0] as T, part: true };
}

export type PlannedIndicator = {
  input: Omit<IndicatorInput, "logframeItemId">;
  titles: Record<string, string>;
  results: Omit<ResultInput, "indicatorId">[];
};
export type PlannedResult = {
  level: "objective" | "outcome" | "output";
  text: string;
  titles: Record<string, string>;
  indicators: PlannedIndicator[];
};

/**
 * What an activity's results become. The first impact result is the objective and further impacts are outcomes;
 * outcomes sit under the objective; outputs (and "other") under an outcome. A period's target or actual given only
 * for a part (a dimension such as sex female) is kept as a lower bound of the whole, with the part named.
 */
export function planIatiResults(results: readonly IatiResult[], lang: string): PlannedResult[] {
  let objectiveTaken = false;
  return results.map((r, ri) => {
    const titles = narrativesByLanguage(r.title, lang);
    const type = r["@type"];
    const level =
      type === "3" && !objectiveTaken ? "objective" : type === "3" || type === "2" ? "outcome" : "output";
    if (level === "objective") objectiveTaken = true;
    const indicators = (r.indicator ?? []).map((ind, ii): PlannedIndicator => {
      const indTitles = narrativesByLanguage(ind.title, lang);
      const title = fitText(preferredText(indTitles), 500, `Indicator ${ri + 1}.${ii + 1}`);
      const unit = unitOf(ind["@measure"], title);
      const numeric = unit !== "text";
      const baseline = wholeOrPart(ind.baseline);
      const baselineComment = baseline
        ? preferredText(narrativesByLanguage(baseline.item.comment, lang))
        : "";
      const baselineNumber = baseline ? numberOf(baseline.item["@value"]) : null;
      const baselineWords = [
        baseline && !baseline.item["@iso-date"] && baseline.item["@year"]
          ? `Baseline year ${baseline.item["@year"]}.`
          : "",
        baseline?.part ? `For ${dimensionsText(baseline.item.dimension ?? [])} only.` : "",
        !numeric && baseline?.item["@value"] ? baseline.item["@value"] : "",
        baselineComment,
      ]
        .filter(Boolean)
        .join(" ");
      const targets: TargetInput[] = [];
      const periodResults: PlannedIndicator["results"] = [];
      for (const p of ind.period ?? []) {
        const periodStart = p["period-start"]?.["@iso-date"] ?? "";
        const periodEnd = p["period-end"]?.["@iso-date"] ?? "";
        const target = wholeOrPart(p.target);
        const targetValue = target ? numberOf(target.item["@value"]) : null;
        // One target per period here; the same period twice in the file keeps the first.
        if (
          numeric &&
          targetValue !== null &&
          !targets.some((t) => t.periodStart === periodStart && t.periodEnd === periodEnd)
        )
          targets.push({ periodStart, periodEnd, value: targetValue });
        const actual = wholeOrPart(p.actual);
        if (!actual) continue;
        const value = numberOf(actual.item["@value"]);
        const words = [
          actual.part ? `Reported for ${dimensionsText(actual.item.dimension ?? [])} only.` : "",
          preferredText(narrativesByLanguage(actual.item.comment, lang)),
        ]
          .filter(Boolean)
          .join(" ");
        if (unit === "percent" && actual.part) {
          // A share for a part says nothing about the share of the whole: the parts are kept in words.
          const parts = (p.actual ?? [])
            .filter((a) => a["@value"] !== undefined)
            .map((a) => `${a["@value"]}% (${dimensionsText(a.dimension ?? [])})`)
            .join("; ");
          periodResults.push({
            periodStart,
            periodEnd,
            valueKind: "qualitative",
            text: parts.slice(0, 1000),
          });
        } else if (numeric && value !== null) {
          periodResults.push({
            periodStart,
            periodEnd,
            valueKind: actual.part ? "lower_bound" : "exact",
            value,
            text: words ? words.slice(0, 1000) : null,
          });
        } else {
          const text = [!numeric && actual.item["@value"] ? actual.item["@value"] : "", words]
            .filter(Boolean)
            .join(" ");
          if (text)
            periodResults.push({
              periodStart,
              periodEnd,
              valueKind: "qualitative",
              text: text.slice(0, 1000),
            });
        }
      }
      return {
        titles: indTitles,
        results: periodResults,
        input: {
          title,
          unit,
          calculation: unit === "percent" ? "latest" : "sum",
          baselineValue: numeric ? baselineNumber : null,
          baselineText: baselineWords ? baselineWords.slice(0, 500) : null,
          baselineDate: baseline?.item["@iso-date"] ?? null,
          targets,
        },
      };
    });
    return { level, text: fitText(preferredText(titles), 2000, `Result ${ri + 1}`), titles, indicators };
  });
}

/** The objective's text for a programme with these results: the first impact's, else the programme's title. */
export function objectiveOf(plan: readonly PlannedResult[], programmeTitle: string): string | undefined {
  if (plan.length === 0) return undefined;
  return plan.find((r) => r.level === "objective")?.text ?? fitText(programmeTitle, 2000, "Objective");
}

/** Holder of outputs when the file names no outcome: IATI results are flat, our logframe is a tree. */
const OUTPUTS_HOLDER = "Outputs reported in the IATI file (it states no outcome for them)";

/**
 * Writes the planned results under the programme's objective. Errors come back with the result and indicator
 * they belong to (the caller names the activity), and the caller's transaction undoes everything.
 */
export async function writeIatiResults(
  ctx: ServiceContext,
  programmeId: string,
  objective: LogframeItem,
  plan: readonly PlannedResult[],
): Promise<{ indicators: number; results: number }> {
  let indicators = 0;
  let results = 0;
  let holder: LogframeItem | null = null;
  for (const [ri, r] of plan.entries()) {
    let item: LogframeItem;
    if (r.level === "objective") item = objective;
    else if (r.level === "outcome")
      item = await addLogframeItem(ctx, programmeId, {
        parentId: objective.id,
        level: "outcome",
        text: r.text,
      });
    else {
      holder ??= await addLogframeItem(ctx, programmeId, {
        parentId: objective.id,
        level: "outcome",
        text: OUTPUTS_HOLDER,
      });
      item = await addLogframeItem(ctx, programmeId, { parentId: holder.id, level: "output", text: r.text });
    }
    if (Object.keys(r.titles).length > 0) await setLogframeItemNarratives(ctx.db, item.id, r.titles);
    for (const [ii, planned] of r.indicators.entries()) {
      const where = `result ${ri + 1}, indicator ${ii + 1}`;
      const indicator = await withPath(where, () =>
        addIndicator(ctx, programmeId, { ...planned.input, logframeItemId: item.id }),
      );
      indicators++;
      if (Object.keys(planned.titles).length > 0)
        await setIndicatorNarratives(ctx.db, indicator.id, planned.titles);
      for (const [pi, value] of planned.results.entries()) {
        await withPath(`${where}, actual ${pi + 1}`, () =>
          addResult(ctx, programmeId, { ...value, indicatorId: indicator.id }),
        );
        results++;
      }
    }
  }
  return { indicators, results };
}

/** Prefixes the field paths of a validation error with where in the file it comes from. */
async function withPath<T>(where: string, run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof AppError)
      throw new AppError(
        error.kind,
        error.message,
        error.errors.map((e) => ({ ...e, path: `${where}: ${e.path}` })),
      );
    throw error;
  });
}
