// Pure rules: an indicator's value from its rollup, the target it is compared with, and progress in percent.
import type { Calculation, IndicatorActual, IndicatorUnit, TargetInput } from "./programmes.schema";

export type Rollup = {
  exactSum: number;
  boundSum: number;
  boundCount: number;
  numericCount: number;
  maxValue: number | null;
  maxIsBound: boolean;
  latestValue: number | null;
  latestKind: string | null;
  numeratorSum: number;
  denominatorSum: number;
  qualitative: string[];
  notReportedCount: number;
};

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What the results say: a number (exact, or "at least" when any lower bound went into it), or only words
 * ("Nationwide"), or "not reported". A period reported as not reported never becomes a zero.
 */
export function indicatorActual(unit: IndicatorUnit, calculation: Calculation, r: Rollup): IndicatorActual {
  const base = { notes: r.qualitative, notReportedCount: r.notReportedCount };
  const wordsOnly = (): IndicatorActual => ({
    ...base,
    kind: r.qualitative.length > 0 ? "qualitative" : r.notReportedCount > 0 ? "not_reported" : "none",
    value: null,
  });
  if (unit === "text" || r.numericCount === 0) return wordsOnly();
  switch (calculation) {
    case "sum":
      return {
        ...base,
        kind: r.boundCount > 0 ? "lower_bound" : "exact",
        value: round(r.exactSum + r.boundSum),
      };
    case "max":
      return { ...base, kind: r.maxIsBound ? "lower_bound" : "exact", value: r.maxValue };
    case "latest":
      return {
        ...base,
        kind: r.latestKind === "lower_bound" ? "lower_bound" : "exact",
        value: r.latestValue,
      };
    case "percent":
      if (r.denominatorSum > 0)
        return { ...base, kind: "exact", value: round((r.numeratorSum / r.denominatorSum) * 100, 1) };
      // Percentages reported without their denominator cannot be pooled: the latest one stands.
      return {
        ...base,
        kind: r.latestKind === "lower_bound" ? "lower_bound" : "exact",
        value: r.latestValue,
      };
  }
}

/** Σ of the period targets for sums; for the other calculations, the target of the last period. */
export function indicatorTarget(calculation: Calculation, targets: readonly TargetInput[]): number | null {
  if (targets.length === 0) return null;
  if (calculation === "sum") return round(targets.reduce((s, t) => s + t.value, 0));
  const last = [...targets].sort((a, b) => a.periodEnd.localeCompare(b.periodEnd)).at(-1);
  return last ? last.value : null;
}

/** Actual against target in percent, when both are numbers and the target is not zero. */
export function progressPercent(actual: IndicatorActual, target: number | null): number | null {
  if (target === null || target <= 0 || actual.value === null) return null;
  return round((actual.value / target) * 100, 1);
}
