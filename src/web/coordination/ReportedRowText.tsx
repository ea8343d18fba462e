// A row of an imported 3W file, shown as what it is: reported work, with its period as precise as the file gave it
// ("2024 – March 2025", never 1 January 2024), its file and row, never as an agreement.
import { useTranslation } from "react-i18next";
import type { ReportedRow } from "../../modules/coordination/coordination.schema";
import { formatDate } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { formatHxlPeriod, type HxlPeriod } from "./hxl-date";

export function ReportedRowText({ row, period }: { row: ReportedRow; period?: HxlPeriod }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const when = period ? formatHxlPeriod(t, period, locale) : null;
  return (
    <span className="reported-row">
      {row.activity ?? t("coordination.reported.noActivity")}{" "}
      {when ? <span className="reported-period">({when}) </span> : null}
      <span className="muted">
        {t("coordination.reported.in", {
          file: row.fileName,
          date: formatDate(row.importedAt, locale),
          line: row.line,
        })}
      </span>
    </span>
  );
}
