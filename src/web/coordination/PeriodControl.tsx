// The 3W period, kept in the URL: active on one date (?date=, empty for today), or between two dates
// (?period=between&from=&to=, either end may stay open). The coordination, district and gaps pages share it.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Period } from "../../modules/coordination/coordination.schema";
import { OPEN_PERIOD_END, OPEN_PERIOD_START } from "../../modules/coordination/period-bounds";
import { type DateLocale, formatDate } from "../../shared/dates";

export type PeriodChoice = { mode: "on" | "between"; date: string; from: string; to: string };

/** The URL parameters that make up the period, and nothing else. */
const PERIOD_KEYS = ["period", "date", "from", "to"] as const;

export function readPeriod(params: URLSearchParams): PeriodChoice {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const between = params.get("period") === "between" || from !== "" || to !== "";
  return between
    ? { mode: "between", date: "", from, to }
    : { mode: "on", date: params.get("date") ?? "", from: "", to: "" };
}

/** The end before the start: the API would refuse it, so the pages say so instead of asking. */
export const periodInvalid = (p: PeriodChoice) => p.mode === "between" && !!p.from && !!p.to && p.from > p.to;

/** The API's query for the period: `date`, or `from`/`to` with open ends left out. */
export function periodQuery(p: PeriodChoice): { date?: string; from?: string; to?: string } {
  if (p.mode === "on") return p.date ? { date: p.date } : {};
  return { ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) };
}

/** The period's URL parameters after `others`, to carry it to another page ("?…" or ""). */
export function periodSearch(p: PeriodChoice, others: Record<string, string> = {}): string {
  const search = new URLSearchParams(others);
  if (p.mode === "between") search.set("period", "between");
  for (const [key, value] of Object.entries(periodQuery(p))) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

function withPeriod(params: URLSearchParams, p: PeriodChoice): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of PERIOD_KEYS) next.delete(key);
  if (p.mode === "between") next.set("period", "between");
  for (const [key, value] of Object.entries(periodQuery(p))) next.set(key, value);
  return next;
}

/** "Active on 3 May 2026", "Active between …", "Active from …", "Active until …", "At any time". */
export function periodText(t: TFunction, period: Period, locale: DateLocale): string {
  const openStart = period.from <= OPEN_PERIOD_START;
  const openEnd = period.to >= OPEN_PERIOD_END;
  if (openStart && openEnd) return t("coordination.period.anyTime");
  if (openStart) return t("coordination.period.until", { to: formatDate(period.to, locale) });
  if (openEnd) return t("coordination.period.since", { from: formatDate(period.from, locale) });
  return period.from === period.to
    ? t("coordination.activeOnDate", { date: formatDate(period.from, locale) })
    : t("coordination.activeBetween", {
        from: formatDate(period.from, locale),
        to: formatDate(period.to, locale),
      });
}

export function PeriodControl({
  params,
  setParams,
}: {
  params: URLSearchParams;
  setParams(next: URLSearchParams, options: { replace: boolean }): void;
}) {
  const { t } = useTranslation();
  const period = readPeriod(params);
  const change = (p: PeriodChoice) => setParams(withPeriod(params, p), { replace: true });
  const invalid = periodInvalid(period);
  return (
    <>
      <label>
        {t("coordination.period.label")}
        <select
          value={period.mode}
          onChange={(e) =>
            change(
              e.target.value === "between"
                ? // The day chosen so far starts the period, so switching does not lose it.
                  { mode: "between", date: "", from: period.date, to: period.date }
                : { mode: "on", date: period.from || period.to, from: "", to: "" },
            )
          }
        >
          <option value="on">{t("coordination.period.on")}</option>
          <option value="between">{t("coordination.period.between")}</option>
        </select>
      </label>
      {period.mode === "on" ? (
        <label>
          {t("coordination.activeOn")}
          <input
            type="date"
            value={period.date}
            onChange={(e) => change({ ...period, date: e.target.value })}
            aria-describedby="period-hint"
          />
        </label>
      ) : (
        // The two ends stay together, side by side, when the filters wrap.
        <div className="period-range">
          <label>
            {t("coordination.period.from")}
            <input
              type="date"
              value={period.from}
              max={period.to || undefined}
              onChange={(e) => change({ ...period, from: e.target.value })}
              aria-describedby="period-hint"
              aria-invalid={invalid || undefined}
            />
          </label>
          <label>
            {t("coordination.period.to")}
            <input
              type="date"
              value={period.to}
              min={period.from || undefined}
              onChange={(e) => change({ ...period, to: e.target.value })}
              aria-describedby="period-hint"
              aria-invalid={invalid || undefined}
            />
          </label>
        </div>
      )}
      <p id="period-hint" className="field-hint period-hint">
        {period.mode === "on" ? t("coordination.period.onHint") : t("coordination.period.betweenHint")}
      </p>
      {invalid ? (
        <p className="field-error period-hint" role="alert">
          {t("coordination.period.endBeforeStart")}
        </p>
      ) : null}
    </>
  );
}
