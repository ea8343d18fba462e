// The national occupancy table: each place of detention's latest figure ranked by rate, those above 100 % marked
// in words (not by colour alone), filters, and the Excel and CSV downloads.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { FACILITY_KINDS, PLACE_OPERATORS } from "../../modules/places/places.schema";
import { client, unwrap } from "../api";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { PlaceOfDetentionForm } from "./PlaceOfDetentionForm";
import "./occupancy.css";

export function OccupancyPage() {
  const { t } = useTranslation();
  const lang = useUiLocale();
  const me = useMe();
  const [operator, setOperator] = useState("");
  const [facilityKind, setFacilityKind] = useState("");
  const [asOf, setAsOf] = useState("");
  const query = {
    ...(operator ? { operator } : {}),
    ...(facilityKind ? { facilityKind } : {}),
    ...(asOf ? { asOf } : {}),
  } as Record<string, string>;
  const table = useAsync(
    () => unwrap(client.api.occupancy.$get({ query: query as never })),
    [operator, facilityKind, asOf],
  );
  const download = (format: "xlsx" | "csv") =>
    `/api/occupancy/export?${new URLSearchParams({ ...query, format, lang }).toString()}`;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return (
    <div className="page occupancy-page">
      <MonitoringTabs />
      <h1>{t("monitoring.occupancy.title")}</h1>
      <p>{t("monitoring.occupancy.intro")}</p>
      <form className="occupancy-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("monitoring.occupancy.filters.operator")}
          <select value={operator} onChange={(e) => setOperator(e.target.value)}>
            <option value="">{t("monitoring.occupancy.filters.all")}</option>
            {PLACE_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {t(`monitoring.occupancy.operators.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("monitoring.occupancy.filters.facilityKind")}
          <select value={facilityKind} onChange={(e) => setFacilityKind(e.target.value)}>
            <option value="">{t("monitoring.occupancy.filters.all")}</option>
            {FACILITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`monitoring.occupancy.facilityKinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("monitoring.occupancy.filters.asOf")}
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
      </form>
      <p className="actions">
        <a href={download("xlsx")} download>
          {t("monitoring.occupancy.download.xlsx")}
        </a>{" "}
        <a href={download("csv")} download>
          {t("monitoring.occupancy.download.csv")}
        </a>
        {maySomewhere(me.grants, "occupancy", "create") ? (
          <>
            {" "}
            <Link to="/monitoring/occupancy/import">{t("monitoring.occupancy.importLink")}</Link>
          </>
        ) : null}
      </p>
      {maySomewhere(me.grants, "occupancy", "create") ? <PlaceOfDetentionForm /> : null}
      {table.error ? (
        <p className="field-error" role="alert">
          {errorText(t, table.error)}
        </p>
      ) : null}
      {table.data ? (
        <>
          <p>{t("monitoring.occupancy.overcrowdedLine", { count: table.data.overcrowdedCount })}</p>
          {table.data.rows.length === 0 ? (
            <p>{t("monitoring.occupancy.empty")}</p>
          ) : (
            <div className="occupancy-table-wrap">
              <table className="data-table occupancy-table">
                <thead>
                  <tr>
                    <th scope="col">{t("monitoring.occupancy.columns.rank")}</th>
                    <th scope="col">{t("monitoring.occupancy.columns.place")}</th>
                    <th scope="col" className="rate">
                      {t("monitoring.occupancy.columns.rate")}
                    </th>
                    <th scope="col" className="optional">
                      {t("monitoring.occupancy.columns.operator")}
                    </th>
                    <th scope="col">{t("monitoring.occupancy.columns.asOf")}</th>
                    <th scope="col" className="optional">
                      {t("monitoring.occupancy.columns.source")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {table.data.rows.map((r, i) => (
                    <tr key={r.placeId} className={r.overcrowded ? "overcrowded" : undefined}>
                      <td>{r.figure?.rate === null || !r.figure ? "" : i + 1}</td>
                      <th scope="row">
                        <Link to={`/monitoring/places/${r.placeId}`}>{r.placeName}</Link>
                        {r.isOpen ? null : ` (${t("monitoring.occupancy.closed")})`}
                      </th>
                      <td className="rate">
                        {r.figure?.rate === null || r.figure?.rate === undefined
                          ? t("monitoring.occupancy.noFigure")
                          : `${number.format(r.figure.rate)} %`}
                        {r.overcrowded ? (
                          <span className="overcrowded-badge">
                            {t("monitoring.occupancy.overcrowdedBadge")}
                          </span>
                        ) : null}
                      </td>
                      <td className="optional">
                        {r.operator ? t(`monitoring.occupancy.operators.${r.operator}`) : ""}
                      </td>
                      <td>{r.figure?.asOf ?? ""}</td>
                      <td className="optional">{r.figure?.source ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : table.loading ? (
        <p>{t("monitoring.occupancy.loading")}</p>
      ) : null}
    </div>
  );
}
