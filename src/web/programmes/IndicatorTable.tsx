// A programme's indicators: baseline, target, actual and progress, with edit, results and delete when allowed.
import { useTranslation } from "react-i18next";
import type { Indicator, ProgrammeDetail } from "../../modules/programmes/programmes.schema";
import { useUiLocale } from "../ui/locale";
import { scrollRegion } from "../ui/scroll-region";
import { ActualValue, formatNumber, ProgressValue } from "./ProgrammeBits";

type IndicatorTableProps = {
  programme: ProgrammeDetail;
  /** The indicator whose results are open. */
  openResults: string | null;
  onEdit(indicator: Indicator): void;
  onToggleResults(indicator: Indicator): void;
  onDelete(indicator: Indicator): void;
};

export function IndicatorTable({
  programme: p,
  openResults,
  onEdit,
  onToggleResults,
  onDelete,
}: IndicatorTableProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    // On a phone each indicator becomes a card of labelled lines, its actions on screen (no sideways scrolling).
    <div className="table-scroll" {...scrollRegion(t("programmes.indicators"))}>
      <table className="data-table stack-table">
        <thead>
          <tr>
            <th scope="col">{t("programmes.indicator")}</th>
            <th scope="col">{t("programmes.baseline")}</th>
            <th scope="col">{t("programmes.target")}</th>
            <th scope="col">{t("programmes.actual")}</th>
            <th scope="col">{t("programmes.progress")}</th>
            {p.canEdit ? (
              // Named for screen readers; not a visually-hidden span, which sits outside the scrolling table.
              <th scope="col" aria-label={t("programmes.editing.actions")} />
            ) : null}
          </tr>
        </thead>
        <tbody>
          {p.indicators.map((i) => (
            <tr key={i.id} data-testid="indicator-row">
              <th scope="row">
                {i.title}
                <span className="muted"> · {t(`programmes.units.${i.unit}`)}</span>
              </th>
              <td data-label={t("programmes.baseline")}>
                {i.baselineValue !== null ? formatNumber(i.baselineValue, locale) : (i.baselineText ?? "—")}
              </td>
              <td data-label={t("programmes.target")}>
                {i.target !== null ? formatNumber(i.target, locale) : "—"}
              </td>
              <td data-label={t("programmes.actual")}>
                <ActualValue actual={i.actual} locale={locale} />
              </td>
              <td data-label={t("programmes.progress")}>
                <ProgressValue percent={i.progressPercent} actual={i.actual} />
              </td>
              {p.canEdit ? (
                <td className="cell-actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t("programmes.editing.editNamed", { name: i.title })}
                    onClick={() => onEdit(i)}
                  >
                    {t("programmes.edit")}
                  </button>{" "}
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={openResults === i.id}
                    aria-label={t("programmes.editing.resultsOf", { name: i.title })}
                    onClick={() => onToggleResults(i)}
                  >
                    {t("programmes.editing.results")}
                  </button>{" "}
                  <button
                    type="button"
                    className="link-button danger"
                    aria-label={t("programmes.editing.deleteNamed", { name: i.title })}
                    onClick={() => onDelete(i)}
                  >
                    {t("common.delete")}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
