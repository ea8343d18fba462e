// Small pieces shown wherever agreements appear: status badge, signature date, parties, themes.
import { useTranslation } from "react-i18next";
import type { AgreementStatus, Party, Theme } from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { formatPartialDate, type PartialDate } from "../../shared/partial-date";
import { useUiLocale } from "../ui/locale";
import { sayVagueDate } from "./vague-date";

export function StatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`agreements.statuses.${status}`)}</span>;
}

/**
 * The date as read, with the text as written when it says more (or when nothing could be read). A vague date
 * ("early 2019") is shown as written, then its precision and span in the reader's language: never as a day.
 */
export function SignedOn({ date }: { date: PartialDate }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const formatted = formatPartialDate(date, locale);
  if (!formatted) return <span className="muted">{date.text ?? t("agreements.undated")}</span>;
  const vague = sayVagueDate(t, date, locale);
  if (vague) {
    return (
      <span title={formatted}>
        {date.text}
        <span className="muted"> ({vague})</span>
      </span>
    );
  }
  const showText = date.text !== null && date.text !== formatted;
  return (
    <span title={date.text ?? undefined}>
      {formatted}
      {showText ? <span className="muted"> ({t("agreements.asWritten", { text: date.text })})</span> : null}
    </span>
  );
}

/** A progress entry's day, or "date not reported" with the day its report was as of when the source gave none. */
export function ProgressDate({ entry }: { entry: { entryDate: string; dateReported: boolean } }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const day = formatDate(entry.entryDate, locale);
  return (
    <span className="muted">{entry.dateReported ? day : t("agreements.dateNotReported", { date: day })}</span>
  );
}

export function PartyNames({ parties, limit = 4 }: { parties: Party[]; limit?: number }) {
  const names = [
    ...new Map(parties.map((p) => [p.organisationId, p.acronym ?? p.organisationName])).values(),
  ];
  const shown = names.slice(0, limit);
  return (
    <span>
      {shown.join(" · ")}
      {names.length > limit ? ` +${names.length - limit}` : ""}
    </span>
  );
}

export function themeName(
  themes: readonly Theme[] | undefined,
  code: string,
  locale: "en" | "fr" | "rw",
): string {
  return themes?.find((t) => t.code === code)?.names[locale] ?? code;
}
