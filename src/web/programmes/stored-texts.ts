// Words the example loaders stored in English ("Nationwide", "Date as written in the report: June 2012.") said in the
// reader's language; anything a person typed is shown as typed.
import type { TFunction } from "i18next";
import { formatPartialDate, isVaguePrecision, parsePartialDate } from "../../shared/partial-date";
import type { UiLocale } from "../ui/locale";

const DATE_AS_WRITTEN = /^Date as written in the report: (.+?)\.?$/;

export function sayStoredText(text: string, t: TFunction, locale: UiLocale): string {
  if (text.trim().toLowerCase() === "nationwide") return t("programmes.storedTexts.nationwide");
  const written = DATE_AS_WRITTEN.exec(text.trim());
  if (written?.[1]) {
    const parsed = parsePartialDate(written[1]);
    // A vague date ("early 2012") is said as written: its span is not what the report wrote.
    const date = isVaguePrecision(parsed.precision)
      ? written[1]
      : (formatPartialDate(parsed, locale) ?? written[1]);
    return t("programmes.storedTexts.dateAsWritten", { date });
  }
  return text;
}
