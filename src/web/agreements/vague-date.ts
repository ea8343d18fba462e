// A vague signature date in words: "part of a year: January 2019 – April 2019", in the reader's language (issue 19).
import type { TFunction } from "i18next";
import { formatPartialDate, isVaguePrecision, type PartialDate } from "../../shared/partial-date";
import type { UiLocale } from "../ui/locale";

/** Its precision and span, said after the text as written; null for a date that is not vague. */
export function sayVagueDate(t: TFunction, date: PartialDate, locale: UiLocale): string | null {
  if (!isVaguePrecision(date.precision) || !date.text) return null;
  const span = formatPartialDate(date, locale);
  if (!span) return null;
  return t("agreements.vagueDate", { precision: t(`agreements.precisions.${date.precision}`), span });
}
