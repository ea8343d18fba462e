// Incident statistics for a district or the whole country, by kind, district, month, sex and age group; small
// counts suppressed by the server.
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { INCIDENT_KINDS } from "../../modules/incidents/incidents.schema";
import { errorText } from "../ui/errors";
import { FilterSelect } from "../ui/ListPage";
import { useAsync } from "../ui/useAsync";
import { IncidentsNav, useDistricts } from "./IncidentBits";
import { incidentRequests } from "./incident-requests";
import { StatisticsTables } from "./StatisticsTables";

const FIRST_YEAR = 2020;

export function StatisticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const districtId = params.get("districtId") ?? "";
  const kind = INCIDENT_KINDS.find((k) => k === params.get("kind"));
  const year = params.get("year") ?? "";
  const districts = useDistricts();
  const statistics = useAsync(
    () => incidentRequests.statistics({ districtId: districtId || undefined, kind, year: year || undefined }),
    [districtId, kind, year],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => String(thisYear - i));
  // A district-scoped reader asking for no district gets their own: the answer says which.
  const shownDistrict = statistics.data?.filters.districtId ?? districtId;
  const districtName = districts.data?.items.find((d) => d.id === shownDistrict)?.name;
  return (
    <div className="page">
      <IncidentsNav />
      <h1>
        {districtName
          ? t("incidents.statistics.titleFor", { district: districtName })
          : t("incidents.statistics.title")}
      </h1>
      <p className="muted">{t("incidents.statistics.intro")}</p>
      <search className="filters">
        <FilterSelect
          label={t("incidents.fields.district")}
          value={districtId}
          onChange={(v) => setFilter("districtId", v)}
        >
          {districts.data?.items.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("incidents.fields.kind")}
          value={kind ?? ""}
          onChange={(v) => setFilter("kind", v)}
        >
          {INCIDENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`incidents.kind.${k}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("incidents.statistics.year")}
          value={year}
          onChange={(v) => setFilter("year", v)}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </FilterSelect>
      </search>
      {statistics.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, statistics.error)}
        </p>
      ) : statistics.data ? (
        <StatisticsTables statistics={statistics.data} />
      ) : (
        <p className="muted">{t("common.loading")}</p>
      )}
    </div>
  );
}
