// Who does what where: the 3W matrix for a theme and a date or period, pivoted by place, theme or organisation, with the map.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { Matrix, PlaceLevel } from "../../modules/coordination/coordination.schema";
import { PLACE_LEVELS } from "../../modules/coordination/place-levels";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { DistrictMap } from "./DistrictMap";
import type { DistrictValue } from "./DistrictTileMap";
import { HxlImportForm } from "./HxlImportForm";
import {
  PeriodControl,
  periodInvalid,
  periodQuery,
  periodSearch,
  periodText,
  readPeriod,
} from "./PeriodControl";
import { ReportedRowText } from "./ReportedRowText";
import "./coordination.css";

const PIVOTS = ["place", "theme", "organisation"] as const;
type Pivot = (typeof PIVOTS)[number];

type Row = {
  key: string;
  label: string;
  href?: string;
  organisations: Set<string>;
  /** Agreements, and rows of imported 3W files, counted apart. */
  agreements: Set<string>;
  reported: Set<string>;
  details: Map<string, Set<string>>;
};

function pivotRows(
  matrix: Matrix,
  pivot: Pivot,
  label: (kind: "theme" | "org" | "place", id: string) => string,
  /** The period's URL parameters, carried to the district page. */
  search: string,
): Row[] {
  const rows = new Map<string, Row>();
  const reportedIds = new Set(matrix.records.filter((r) => r.source !== "agreement").map((r) => r.id));
  for (const cell of matrix.cells) {
    const key = pivot === "place" ? cell.placeId : pivot === "theme" ? cell.theme : cell.organisationId;
    let row = rows.get(key);
    if (!row) {
      const place = pivot === "place" ? matrix.places.find((p) => p.id === key) : undefined;
      const districtCode = place?.kind === "district" ? place.code : undefined;
      row = {
        key,
        label: label(pivot === "place" ? "place" : pivot === "theme" ? "theme" : "org", key),
        href: districtCode ? `/coordination/districts/${districtCode}${search}` : undefined,
        organisations: new Set(),
        agreements: new Set(),
        reported: new Set(),
        details: new Map(),
      };
      rows.set(key, row);
    }
    row.organisations.add(cell.organisationId);
    for (const r of cell.recordIds) (reportedIds.has(r) ? row.reported : row.agreements).add(r);
    // Behind each row: pivot by place → organisation: themes; by theme → organisation: places; by organisation → place: themes.
    const [detailKey, detailValue] =
      pivot === "organisation"
        ? [label("place", cell.placeId), label("theme", cell.theme)]
        : pivot === "theme"
          ? [label("org", cell.organisationId), label("place", cell.placeId)]
          : [label("org", cell.organisationId), label("theme", cell.theme)];
    const set = row.details.get(detailKey) ?? new Set<string>();
    set.add(detailValue);
    row.details.set(detailKey, set);
  }
  return [...rows.values()].sort(
    (a, b) => b.organisations.size - a.organisations.size || a.label.localeCompare(b.label),
  );
}

export function CoordinationPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can, canSomewhere } = useSession();
  const [params, setParams] = useSearchParams();
  const theme = params.get("theme") ?? "legal_aid";
  const level = (PLACE_LEVELS as readonly string[]).includes(params.get("level") ?? "")
    ? (params.get("level") as PlaceLevel)
    : "district";
  const period = readPeriod(params);
  const periodParams = periodQuery(period);
  const search = periodSearch(period);
  const pivot: Pivot = (PIVOTS as readonly string[]).includes(params.get("pivot") ?? "")
    ? (params.get("pivot") as Pivot)
    : "place";
  const colourBy = params.get("colour") === "agreements" ? "agreements" : "organisations";
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const query = { level, ...(theme ? { theme } : {}), ...periodParams };
  const badPeriod = periodInvalid(period);
  const matrix = useAsync(
    () => (badPeriod ? Promise.resolve(undefined) : unwrap(client.api.coordination.matrix.$get({ query }))),
    [theme, level, JSON.stringify(periodParams), badPeriod],
  );
  const m = matrix.data;
  const label = useMemo(() => {
    const orgs = new Map(m?.organisations.map((o) => [o.id, o.acronym ?? o.name]));
    const places = new Map(m?.places.map((p) => [p.id, p.names[locale]]));
    return (kind: "theme" | "org" | "place", id: string) =>
      kind === "theme"
        ? themeName(themes.data?.items, id, locale)
        : ((kind === "org" ? orgs : places).get(id) ?? id);
  }, [m, themes.data, locale]);
  const rows = useMemo(() => (m ? pivotRows(m, pivot, label, search) : []), [m, pivot, label, search]);

  const districtValues = useMemo(() => {
    const values = new Map<string, DistrictValue>();
    if (!m || level !== "district") return values;
    // Colouring by agreements counts agreements only: rows of imported 3W files are not agreements.
    const agreementIds = new Set(m.records.filter((r) => r.source === "agreement").map((r) => r.id));
    const byDistrict = new Map<string, { orgs: Set<string>; records: Set<string> }>();
    for (const c of m.cells) {
      const code = m.places.find((p) => p.id === c.placeId)?.code;
      if (!code) continue;
      const entry = byDistrict.get(code) ?? { orgs: new Set(), records: new Set() };
      entry.orgs.add(c.organisationId);
      for (const r of c.recordIds) if (agreementIds.has(r)) entry.records.add(r);
      byDistrict.set(code, entry);
    }
    for (const [code, e] of byDistrict) {
      const value = colourBy === "agreements" ? e.records.size : e.orgs.size;
      values.set(code, {
        value,
        label:
          colourBy === "agreements"
            ? t("coordination.agreementCount", { count: value })
            : t("coordination.organisationCount", { count: value }),
      });
    }
    return values;
  }, [m, level, colourBy, t]);

  const csvHref = `/api/coordination/matrix.csv?${new URLSearchParams(query).toString()}`;

  return (
    <div className="page coordination">
      <div className="page-head">
        <h1>{t("coordination.title")}</h1>
        <div className="actions">
          <Link
            to={`/coordination/gaps${periodSearch(period, { theme: theme || "legal_aid" })}`}
            className="button"
          >
            {t("coordination.gaps.title")}
          </Link>
          <a href={csvHref} className="button" download>
            {t("coordination.exportHxl")}
          </a>
          {can("place", "update") ? (
            <Link to="/admin/boundaries" className="button">
              {t("coordination.boundaries.title")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">{t("coordination.intro")}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("coordination.theme")}
          <select value={theme} onChange={(e) => set("theme", e.target.value)}>
            <option value="">{t("coordination.allThemes")}</option>
            {themes.data?.items.map((th) => (
              <option key={th.code} value={th.code}>
                {th.names[locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("coordination.level")}
          <select value={level} onChange={(e) => set("level", e.target.value)}>
            {PLACE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`coordination.levels.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <PeriodControl params={params} setParams={setParams} />
      </form>
      {m && !badPeriod ? <p className="period-summary">{periodText(t, m.period, locale)}</p> : null}

      {canSomewhere("agreement", "create") ? (
        <HxlImportForm onChanged={matrix.reload} themes={themes.data?.items} />
      ) : null}
      {matrix.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, matrix.error)}
        </p>
      ) : null}
      {!m && !badPeriod ? <p>{t("common.loading")}</p> : null}

      {m && !badPeriod && level === "district" ? (
        <section aria-labelledby="map-title">
          <div className="section-head">
            <h2 id="map-title">{t("coordination.map")}</h2>
            <label className="inline-label">
              {t("coordination.colourBy")}
              <select value={colourBy} onChange={(e) => set("colour", e.target.value)}>
                <option value="organisations">{t("coordination.byOrganisations")}</option>
                <option value="agreements">{t("coordination.byAgreements")}</option>
              </select>
            </label>
          </div>
          <DistrictMap
            values={districtValues}
            search={search}
            title={t("coordination.mapTitle", {
              theme: theme ? label("theme", theme) : t("coordination.allThemes"),
            })}
            legend={
              colourBy === "agreements" ? t("coordination.byAgreements") : t("coordination.byOrganisations")
            }
          />
        </section>
      ) : null}

      {m && !badPeriod ? (
        <section aria-labelledby="matrix-title">
          <div className="section-head">
            <h2 id="matrix-title">{t("coordination.matrix")}</h2>
            <fieldset className="segmented">
              <legend className="visually-hidden">{t("coordination.pivot")}</legend>
              {PIVOTS.map((p) => (
                <button
                  key={p}
                  type="button"
                  className={p === pivot ? "button button-primary" : "button"}
                  aria-pressed={p === pivot}
                  onClick={() => set("pivot", p)}
                >
                  {t(`coordination.pivots.${p}`, { level: t(`coordination.levels.${level}`) })}
                </button>
              ))}
            </fieldset>
          </div>
          {rows.length === 0 ? <p className="muted">{t("coordination.nobody")}</p> : null}
          <ul className="pivot-list">
            {rows.map((row) => (
              <li key={row.key} className="card">
                <details>
                  <summary>
                    <span className="pivot-label">{row.label}</span>
                    <span className="pivot-counts">
                      {t("coordination.organisationCount", { count: row.organisations.size })} ·{" "}
                      {t("coordination.agreementCount", { count: row.agreements.size })}
                      {row.reported.size > 0
                        ? ` · ${t("coordination.reportedCount", { count: row.reported.size })}`
                        : null}
                    </span>
                  </summary>
                  <table className="counts pivot-detail">
                    <tbody>
                      {[...row.details.entries()]
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([k, v]) => (
                          <tr key={k}>
                            <th scope="row">{k}</th>
                            <td className="pivot-values">{[...v].sort().join(", ")}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                  <ul className="plain-list pivot-records">
                    {m.records
                      .filter((r) => row.agreements.has(r.id) || row.reported.has(r.id))
                      .map((r) => (
                        <li key={r.id}>
                          {r.reportedRow ? (
                            <ReportedRowText row={r.reportedRow} period={r} />
                          ) : (
                            <Link to={`/agreements/${r.id}`}>{r.title}</Link>
                          )}
                        </li>
                      ))}
                  </ul>
                </details>
                {/* Beside the summary, not inside it: a link within a summary is a control inside a control. */}
                {row.href ? (
                  <Link className="pivot-open" to={row.href}>
                    {t("coordination.openDistrict", { name: row.label })}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
