// A row of an imported 3W file, shown as what it is: reported work, with its file and date, never as an agreement.
import { useTranslation } from "react-i18next";
import type { ReportedRow } from "../../modules/coordination/coordination.schema";
import { formatDate } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";

export function ReportedRowText({ row }: { row: ReportedRow }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <span className="reported-row">
      {row.activity ?? t("coordination.reported.noActivity")}{" "}
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
