// Gaps: places of detention (or districts) with no active partner for a theme, on a date or in a period.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import {
  PeriodControl,
  periodInvalid,
  periodQuery,
  periodSearch,
  periodText,
  readPeriod,
} from "./PeriodControl";
import "./coordination.css";

export function GapsPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [params, setParams] = useSearchParams();
  const theme = params.get("theme") || "legal_aid";
  const level = params.get("level") === "district" ? "district" : "place_of_detention";
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const period = readPeriod(params);
  const periodParams = periodQuery(period);
  const badPeriod = periodInvalid(period);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const gaps = useAsync(
    () =>
      badPeriod
        ? Promise.resolve(undefined)
        : unwrap(client.api.coordination.gaps.$get({ query: { theme, level, ...periodParams } })),
    [theme, level, JSON.stringify(periodParams), badPeriod],
  );
  const g = gaps.data;
  const themeLabel = themeName(themes.data?.items, theme, locale);
  return (
    <div className="page coordination">
      <div className="page-head">
        <h1>{t("coordination.gaps.title")}</h1>
        <Link to={`/coordination${periodSearch(period, { theme })}`} className="button">
          {t("coordination.title")}
        </Link>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("coordination.theme")}
          <select value={theme} onChange={(e) => set("theme", e.target.value)}>
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
            <option value="place_of_detention">{t("coordination.levels.place_of_detention")}</option>
            <option value="district">{t("coordination.levels.district")}</option>
          </select>
        </label>
        <PeriodControl params={params} setParams={setParams} />
      </form>
      {g && !badPeriod ? <p className="period-summary">{periodText(t, g.period, locale)}</p> : null}
      {gaps.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, gaps.error)}
        </p>
      ) : null}
      {!g && !badPeriod ? <p>{t("common.loading")}</p> : null}
      {g && !badPeriod ? (
        <section aria-labelledby="gaps-title">
          <h2 id="gaps-title">
            {level === "district"
              ? t("coordination.gaps.districtsWithout", { theme: themeLabel, count: g.gaps.length })
              : t("coordination.gaps.facilitiesWithout", { theme: themeLabel, count: g.gaps.length })}
          </h2>
          <p className="muted">{t("coordination.gaps.covered", { count: g.covered })}</p>
          {g.gaps.length === 0 ? (
            <p className="alert alert-success">{t("coordination.gaps.none", { theme: themeLabel })}</p>
          ) : (
            <ul className="cards gap-list">
              {g.gaps.map((p) => {
                const district = g.districts.find((d) => d.id === p.districtId);
                return (
                  <li key={p.id} className="card">
                    <strong>{p.names[locale]}</strong>
                    {district ? (
                      <span className="card-meta">
                        {p.kind === "district" ? null : `${district.names[locale]} · `}
                        <Link to={`/coordination/districts/${district.code}${periodSearch(period)}`}>
                          {t("coordination.district.open")}
                        </Link>
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
