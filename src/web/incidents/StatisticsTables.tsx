// Incident counts as tables: by kind, district, month, sex and age group, each with the total; a small count shows
// as "<5" and a count hidden so that a total cannot give a small one away as "–", each with its footnote.
import { useTranslation } from "react-i18next";
import { monthNames } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { cellText, footnotesFor, type IncidentStatistics, type StatisticsRow } from "./statistics-cells";

type Breakdown = "byKind" | "byDistrict" | "byMonth" | "bySex" | "byAgeGroup";

export function StatisticsTables({
  statistics,
  breakdowns = ["byKind", "byDistrict", "byMonth", "bySex", "byAgeGroup"],
}: {
  statistics: IncidentStatistics;
  breakdowns?: readonly Breakdown[];
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const months = monthNames(locale);
  const label = (by: Breakdown, row: StatisticsRow): string => {
    if (by === "byKind") return t(`incidents.kind.${row.key}`, { defaultValue: row.label ?? row.key });
    if (by === "bySex") return t(`incidents.sex.${row.key}`, { defaultValue: row.label ?? row.key });
    if (by === "byAgeGroup")
      return t(`incidents.ageGroup.${row.key}`, { defaultValue: row.label ?? row.key });
    if (by === "byDistrict" && (row.key === "abroad" || row.key === "unknown"))
      return t(`incidents.statistics.place.${row.key}`);
    if (by === "byMonth") {
      if (row.key === "unknown") return t("incidents.dateUnknown");
      // The months of the chosen year ("2026-03"), or the years when none is chosen ("2026").
      const match = /^(\d{4})-(\d{2})$/.exec(row.key);
      const name = match ? months[Number(match[2]) - 1] : undefined;
      return match && name ? `${name} ${match[1]}` : row.label;
    }
    return row.label;
  };
  const text = (cell: StatisticsRow["cell"]) => cellText(cell, statistics.threshold, locale);
  const notes = footnotesFor([
    statistics.incidents,
    statistics.victims,
    ...breakdowns.flatMap((by) => statistics[by].map((row) => row.cell)),
  ]);
  return (
    <div>
      <div className="stats">
        <p className="stat">
          <span className="stat-number" data-testid="statistics-incidents">
            {text(statistics.incidents)}
          </span>{" "}
          {t("incidents.statistics.total")}
        </p>
        <p className="stat">
          <span className="stat-number" data-testid="statistics-victims">
            {text(statistics.victims)}
          </span>{" "}
          {t("incidents.statistics.victims")}
        </p>
      </div>
      <div className="stat-tables">
        {breakdowns.map((by) =>
          statistics[by].length === 0 ? null : (
            <table key={by} className="data-table" data-testid={`statistics-${by}`}>
              <caption>{t(`incidents.statistics.${by}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`incidents.statistics.${by}Column`)}</th>
                  <th scope="col" className="numeric">
                    {by === "bySex" || by === "byAgeGroup"
                      ? t("incidents.statistics.victimCount")
                      : t("incidents.statistics.count")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {statistics[by].map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{label(by, row)}</th>
                    <td className="numeric">{text(row.cell)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ),
        )}
      </div>
      {notes.small || notes.complementary ? (
        <ul className="footnotes">
          {notes.small ? (
            <li>{t("incidents.statistics.smallNote", { threshold: statistics.threshold })}</li>
          ) : null}
          {notes.complementary ? <li>{t("incidents.statistics.complementaryNote")}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
