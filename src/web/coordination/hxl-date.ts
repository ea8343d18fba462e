// 3W dates as precise as their file gave them: "2024", "March 2024", "15 March 2024", never a day it did not give.
import type { TFunction } from "i18next";
import type { HxlDatePrecision } from "../../modules/coordination/period-bounds";
import { formatPartialDate } from "../../shared/partial-date";
import type { UiLocale } from "../ui/locale";

/**
 * One date in the reader's language. `iso` is either end of the span the precision covers (2024-01-01 or
 * 2024-12-31 for "2024"): only the year, or the year and month, are read from it.
 */
export function formatHxlDate(iso: string, precision: HxlDatePrecision | null, locale: UiLocale): string {
  const [year, month, day] = iso.split("-").map(Number);
  return (
    formatPartialDate(
      {
        text: null,
        year: year ?? null,
        month: precision === "year" ? null : (month ?? null),
        day: precision === "year" || precision === "month" ? null : (day ?? null),
        precision: precision ?? "day",
      },
      locale,
    ) ?? iso
  );
}

/** What a record's period says: its dates and how precisely each is known. */
export type HxlPeriod = {
  validFrom: string | null;
  validUntil: string | null;
  validFromPrecision: HxlDatePrecision | null;
  validUntilPrecision: HxlDatePrecision | null;
};

/** "2024 – March 2025", "from March 2024", "until 2025"; null when the file gave no date. */
export function formatHxlPeriod(t: TFunction, p: HxlPeriod, locale: UiLocale): string | null {
  const from = p.validFrom ? formatHxlDate(p.validFrom, p.validFromPrecision, locale) : null;
  const until = p.validUntil ? formatHxlDate(p.validUntil, p.validUntilPrecision, locale) : null;
  if (from && until) return from === until ? from : t("coordination.reported.period", { from, until });
  if (from) return t("coordination.import.from", { date: from });
  if (until) return t("coordination.import.until", { date: until });
  return null;
}
