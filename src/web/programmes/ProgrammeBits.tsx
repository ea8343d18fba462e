// Small pieces shared by the programme pages: how a value is written (exact, at least, words, not reported).
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { IndicatorActual } from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorText } from "../ui/errors";
import type { UiLocale } from "../ui/locale";
import { sayStoredText } from "./stored-texts";

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale === "rw" ? "en" : locale).format(n);
}

/** An indicator's value as people should read it: "50,000+" stays "at least", not reported never becomes 0. */
export function ActualValue({ actual, locale }: { actual: IndicatorActual; locale: UiLocale }) {
  const { t } = useTranslation();
  const words =
    actual.notes.length > 0 ? actual.notes.map((n) => sayStoredText(n, t, locale)).join("; ") : null;
  if (actual.value === null) {
    if (actual.kind === "qualitative") return <span>{words}</span>;
    if (actual.kind === "not_reported")
      return <span className="tag tag-quiet">{t("programmes.notReported")}</span>;
    return <span className="muted">{t("programmes.noResults")}</span>;
  }
  return (
    <span>
      {actual.kind === "lower_bound"
        ? t("programmes.atLeast", { value: formatNumber(actual.value, locale) })
        : formatNumber(actual.value, locale)}
      {words ? <span className="muted"> · {words}</span> : null}
      {actual.notReportedCount > 0 ? (
        <span className="muted">
          {" "}
          · {t("programmes.periodsNotReported", { count: actual.notReportedCount })}
        </span>
      ) : null}
    </span>
  );
}

export function ProgressValue({ percent, actual }: { percent: number | null; actual: IndicatorActual }) {
  const { t } = useTranslation();
  if (percent === null) return <span className="muted">—</span>;
  return (
    <span>
      {actual.kind === "lower_bound" ? t("programmes.atLeastPercent", { percent }) : `${percent} %`}
    </span>
  );
}

/**
 * A field error in the user's language. Counts and values have their own words for "too small" (the shared
 * catalogue's "too short" is about text); everything else goes to the shared translation.
 */
export function programmeFieldError(t: TFunction, error: FieldError): string {
  const field = error.path.split(".").at(-1) ?? "";
  return t([`programmes.fieldErrors.${field}.${error.code ?? "unknown"}`], {
    defaultValue: fieldErrorText(t, error),
  });
}
