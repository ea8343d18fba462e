// Who reported, on time or not: DHIS2's definitions written out, filters in the address, tables with a chart beside
// each, late and missing reports, the partner scorecard, and the Excel download.
import { useTranslation } from "react-i18next";
import { PERIOD_TYPES } from "../../modules/reporting/periods";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { OverdueTable, ScorecardTable, TallySection } from "./TimelinessTables";

const FILTERS = [
  "periodType",
  "period",
  "last",
  "districtId",
  "provinceId",
  "bodyId",
  "organisationId",
] as const;
const SCORECARD_PAGE = 50;
const DEFINITIONS = [
  "expected",
  "onTime",
  "late",
  "missing",
  "notDue",
  "reportingRate",
  "timeliness",
] as const;

export function TimelinessPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const filters = useUrlFilters(FILTERS, { pageSize: 1 });
  const { values, query } = filters;
  // The page number in the address pages the scorecard (the one long list here).
  const scorecardPage = {
    scorecardLimit: String(SCORECARD_PAGE),
    scorecardOffset: String((filters.page - 1) * SCORECARD_PAGE),
  };
  const key = JSON.stringify([query, filters.page]);
  // An unknown period type in the address falls back to quarters.
  const periodType = PERIOD_TYPES.find((p) => p === values.periodType);
  const report = useAsync(
    () => unwrap(client.api.reporting.timeliness.$get({ query: { ...query, periodType, ...scorecardPage } })),
    [key],
  );
  const places = useAsync(async () => {
    const [districts, provinces] = await Promise.all([
      unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
      unwrap(client.api.places.$get({ query: { kind: "province", limit: "20" } })),
    ]);
    return { districts: districts.items, provinces: provinces.items };
  }, []);
  const exportHref = `/api/reporting/timeliness/export?${new URLSearchParams({ ...query, lang: locale })}`;
  const r = report.data;
  return (
    <div className="page timeliness-page">
      <h1>{t("timeliness.title")}</h1>
      <p>{t("timeliness.intro")}</p>
      <details className="definitions" open>
        <summary>{t("timeliness.definitionsTitle")}</summary>
        <ul>
          {DEFINITIONS.map((d) => (
            <li key={d}>{t(`timeliness.definitions.${d}`)}</li>
          ))}
        </ul>
      </details>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t("timeliness.title")}>
        <label>
          {t("timeliness.filters.periodType")}
          <select
            value={values.periodType || "quarter"}
            onChange={(e) => {
              filters.set("period", "");
              filters.set("periodType", e.target.value === "quarter" ? "" : e.target.value);
            }}
          >
            {PERIOD_TYPES.map((p) => (
              <option key={p} value={p}>
                {t(`timeliness.periodTypes.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("timeliness.filters.period")}
          <select
            value={values.period ? "one" : values.last || "4"}
            onChange={(e) => {
              if (e.target.value === "one") filters.set("period", r?.periods.at(-1) ?? "");
              else {
                filters.set("period", "");
                filters.set("last", e.target.value === "4" ? "" : e.target.value);
              }
            }}
          >
            {[1, 2, 4, 8, 12].map((n) => (
              <option key={n} value={String(n)}>
                {t("timeliness.filters.lastN", { count: n })}
              </option>
            ))}
            <option value="one">{t("timeliness.filters.onePeriod")}</option>
          </select>
        </label>
        {values.period ? (
          <label>
            {t("timeliness.filters.period")}
            <input
              value={values.period}
              size={8}
              onChange={(e) => filters.set("period", e.target.value.trim())}
              placeholder="2026-Q1"
            />
          </label>
        ) : null}
        <label>
          {t("timeliness.filters.province")}
          <select value={values.provinceId} onChange={(e) => filters.set("provinceId", e.target.value)}>
            <option value="">{t("timeliness.filters.all")}</option>
            {(places.data?.provinces ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.names[locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("timeliness.filters.district")}
          <select value={values.districtId} onChange={(e) => filters.set("districtId", e.target.value)}>
            <option value="">{t("timeliness.filters.all")}</option>
            {(places.data?.districts ?? [])
              .filter((d) => !values.provinceId || d.parentId === values.provinceId)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.names[locale]}
                </option>
              ))}
          </select>
        </label>
        <a className="button" href={exportHref} download>
          {t("timeliness.download")}
        </a>
      </form>
      {report.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, report.error)}
        </p>
      ) : null}
      {r && r.national.total.expected + r.national.total.notDue === 0 ? (
        <p className="muted">{t("timeliness.empty")}</p>
      ) : null}
      {r ? (
        <>
          <TallySection
            id="national"
            title={t("timeliness.sections.national")}
            firstColumn={t("timeliness.columns.period")}
            lines={[
              ...r.national.byPeriod.map((p) => ({ key: p.period, label: p.period, tally: p })),
              ...(r.periods.length > 1
                ? [{ key: "all", label: t("timeliness.columns.allPeriods"), tally: r.national.total }]
                : []),
            ]}
          />
          {r.provinces.length > 1 ? (
            <TallySection
              id="provinces"
              title={t("timeliness.sections.provinces")}
              firstColumn={t("timeliness.columns.province")}
              lines={r.provinces.map((p) => ({ key: p.id, label: p.name, tally: p.total }))}
            />
          ) : null}
          {r.districts.length > 1 ? (
            <TallySection
              id="districts"
              title={t("timeliness.sections.districts")}
              firstColumn={t("timeliness.columns.district")}
              lines={r.districts.map((d) => ({
                key: d.id,
                label: d.name,
                sub: d.provinceName,
                tally: d.total,
              }))}
            />
          ) : null}
          <TallySection
            id="bodies"
            title={t("timeliness.sections.bodies")}
            firstColumn={t("timeliness.columns.body")}
            lines={r.bodies.map((b) => ({ key: b.id, label: b.name, sub: b.districtName, tally: b.total }))}
          />
          <OverdueTable rows={r.overdue} total={r.overdueTotal} />
          <ScorecardTable
            periods={r.scorecard.periods}
            rows={r.scorecard.organisations}
            paging={{ ...r.scorecard, page: filters.page, setPage: filters.setPage }}
          />
        </>
      ) : null}
    </div>
  );
}
