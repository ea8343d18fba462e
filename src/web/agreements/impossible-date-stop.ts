// The agreement form's one check beyond the server's schema: a signature date whose day does not exist, in words.
import type { TFunction } from "i18next";
import type { FieldError } from "../../shared/app-errors";
import { formatPartialDate, impossibleDateIn, parsePartialDate } from "../../shared/partial-date";
import type { UiLocale } from "../ui/locale";

/** How the signature date was read, for "Read as 12 May 2020 (exact day)"; null when no date was read. */
export function signedOnReading(
  t: TFunction,
  signedOnText: string,
  locale: UiLocale,
): { date: string | null; precision: string } | null {
  const parsed = parsePartialDate(signedOnText);
  if (parsed.precision === "none") return null;
  return {
    date: formatPartialDate(parsed, locale),
    precision: t(`agreements.precisions.${parsed.precision}`),
  };
}

/**
 * "There is no 31 February 2023: it will be kept as 2023 (year only). Correct the date, or save it as it is.", in
 * the reader's language; undefined when the text writes no impossible day.
 */
export function impossibleDateText(t: TFunction, signedOnText: string, locale: UiLocale): string | undefined {
  const impossible = impossibleDateIn(signedOnText);
  if (!impossible) return undefined;
  const readAs = signedOnReading(t, signedOnText, locale);
  const kept = readAs ? t("agreements.dateKeptAs", readAs) : t("agreements.dateKeptAsText");
  if (impossible.fault === "month")
    return t("agreements.dateImpossibleMonth", { month: impossible.month, kept });
  const { year, month, day } = impossible;
  const written = formatPartialDate({ text: null, year, month, day, precision: "day" }, locale);
  return t("agreements.dateImpossibleDay", { date: written, kept });
}

/**
 * A signature date whose day does not exist ("31/02/2023") stops the first save that brings it, so that the user
 * reads what will be kept (the year) before it is; saving again keeps it as written. A date the agreement already had
 * (an import's) does not stop an edit of its other fields: its warning shows, that is all.
 */
export function impossibleDateStop(signedOnText: string, told: ReadonlySet<string>): FieldError | null {
  const text = signedOnText.trim();
  const impossible = impossibleDateIn(text);
  if (!impossible || told.has(text)) return null;
  return {
    path: "signedOnText",
    code: "impossible_date",
    message:
      "This day does not exist: only what is certain of the date will be kept. Save again to keep it as written.",
    params: { year: impossible.year, month: impossible.month, day: impossible.day },
  };
}
