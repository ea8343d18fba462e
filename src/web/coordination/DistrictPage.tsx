// One district on one screen: who works there on what, its places of detention by theme, agreements, rows of
// imported 3W files, progress, expiries; for a date or a period kept in the URL, which the exports carry too.
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { formatDate } from "../../shared/dates";
import { StatusBadge, themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { IncidentStatisticsPanel } from "../incidents/IncidentStatisticsPanel";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { MapCredit } from "./MapCredit";
import {
  PeriodControl,
  periodInvalid,
  periodQuery,
  periodSearch,
  periodText,
  readPeriod,
} from "./PeriodControl";
import { ReportedRowText } from "./ReportedRowText";
import { ReportsLateSection } from "./ReportsLateSection";
import "./coordination.css";
import { PageFailure } from "../ui/PageFailure";
import { scrollRegion } from "../ui/scroll-region";

// d3-geo comes in its own chunk, with the shapes.
const DistrictLocator = lazy(() => import("./DistrictLocator").then((m) => ({ default: m.DistrictLocator })));

export function DistrictPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { code = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const periodParams = periodQuery(period);
  const badPeriod = periodInvalid(period);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  // Revalidated by ETag: the 3W page's map has usually fetched them already.
  const boundaries = useAsync(() => unwrap(client.api.places.boundaries.$get()), []);
  const shapes = boundaries.data && boundaries.data.districts.length > 0 ? boundaries.data : null;
  const summary = useAsync(
    () =>
      badPeriod
        ? Promise.resolve(undefined)
        : unwrap(client.api.coordination.districts[":code"].$get({ param: { code }, query: periodParams })),
    [code, JSON.stringify(periodParams), badPeriod],
  );
  const s = summary.data;
  const theme = (c: string) => themeName(themes.data?.items, c, locale);
  if (summary.error) {
    return (
      <PageFailure error={summary.error} back={{ to: "/coordination", label: t("coordination.title") }} />
    );
  }
  const periodForm = (
    <form className="filters no-print" onSubmit={(e) => e.preventDefault()}>
      <PeriodControl params={params} setParams={setParams} />
    </form>
  );
  if (badPeriod) {
    return (
      <div className="page coordination district-page">
        <p className="muted">
          <Link to="/coordination">{t("coordination.title")}</Link>
        </p>
        {periodForm}
      </div>
    );
  }
  if (!s) return <p className="page">{t("common.loading")}</p>;
  const orgName = new Map(s.organisationsById.map((o) => [o.id, o.acronym ?? o.name]));
  const exportQuery = new URLSearchParams({ lang: locale, ...periodParams });
  return (
    <div className="page coordination district-page">
      <div className="page-head">
        <div>
          <p className="muted no-print">
            <Link to={`/coordination${periodSearch(period)}`}>{t("coordination.title")}</Link>
          </p>
          <h1>{t("coordination.district.title", { name: s.district.names[locale] })}</h1>
          <p className="muted">
            {s.province?.names[locale]} · {periodText(t, s.period, locale)}
          </p>
          {shapes ? (
            <Suspense fallback={null}>
              <figure className="district-locator">
                <DistrictLocator
                  boundaries={shapes}
                  code={s.district.code}
                  label={t("coordination.district.locator", { name: s.district.names[locale] })}
                />
                <MapCredit boundaries={shapes} />
              </figure>
            </Suspense>
          ) : null}
        </div>
        <div className="actions no-print">
          <button type="button" className="button" onClick={() => window.print()}>
            {t("coordination.print")}
          </button>
          <Link className="button" to={`/meetings?districtId=${s.district.id}`}>
            {t("meetings.nav")}
          </Link>
          <a
            className="button"
            href={`/api/coordination/districts/${s.district.code}/export?format=xlsx&${exportQuery}`}
            download
          >
            {t("coordination.exportXlsx")}
          </a>
          <a
            className="button"
            href={`/api/coordination/districts/${s.district.code}/export?format=csv&${exportQuery}`}
            download
          >
            {t("coordination.exportHxl")}
          </a>
        </div>
      </div>
      {periodForm}

      <ReportsLateSection districtId={s.district.id} />
      <IncidentStatisticsPanel districtId={s.district.id} />

      <section aria-labelledby="facilities-title">
        <h2 id="facilities-title">{t("coordination.district.facilities")}</h2>
        {s.facilities.length === 0 ? <p className="muted">{t("coordination.district.noFacility")}</p> : null}
        {s.facilities.map((f) => (
          <article key={f.place.id} className="card facility">
            <h3>
              {f.place.names[locale]}
              {f.isOpen ? null : <span className="muted"> ({t("coordination.district.closed")})</span>}
            </h3>
            {f.themes.length === 0 ? (
              <p className="muted">{t("coordination.district.noPartner")}</p>
            ) : (
              // Long Kinyarwanda words ("Abafatanyabikorwa") do not break: on a phone the table scrolls, not the page.
              <div
                className="table-scroll"
                {...scrollRegion(`${f.place.names[locale]}: ${t("coordination.partners")}`)}
              >
                <table className="counts partner-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("coordination.theme")}</th>
                      <th scope="col">{t("coordination.partners")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.themes.map((row) => (
                      <tr key={row.theme}>
                        <th scope="row">{theme(row.theme)}</th>
                        <td className="pivot-values">
                          {/* Sorted by the server by the short names shown here. */}
                          {row.organisationIds.map((id) => orgName.get(id) ?? id).join(", ")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </article>
        ))}
      </section>

      <section aria-labelledby="who-title">
        <h2 id="who-title">{t("coordination.district.who")}</h2>
        {s.organisations.length === 0 ? <p className="muted">{t("coordination.nobody")}</p> : null}
        <table className="counts partner-table">
          <tbody>
            {s.organisations.map((o) => (
              <tr key={o.organisation.id}>
                <th scope="row">
                  <Link to={`/organisations/${o.organisation.id}`}>
                    {o.organisation.acronym ? `${o.organisation.acronym} · ` : ""}
                    {o.organisation.name}
                  </Link>
                  {o.coverage.length === 1 && o.coverage[0] === "national" ? (
                    <span className="muted"> ({t("coordination.coverage.national")})</span>
                  ) : null}
                </th>
                <td className="pivot-values">{o.themes.map(theme).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="two-columns">
        <section aria-labelledby="agreements-title">
          <h2 id="agreements-title">{t("coordination.district.agreements", { count: s.agreementsTotal })}</h2>
          <ul className="plain-list district-agreements">
            {s.agreements.map((a) => (
              <li key={a.id}>
                <Link to={`/agreements/${a.id}`}>{a.title}</Link>{" "}
                <span className="muted">
                  {a.organisationIds.map((id) => orgName.get(id) ?? "").join(" · ")}
                </span>
              </li>
            ))}
          </ul>
          {s.reportedTotal > 0 ? (
            <>
              <h3 id="reported-title">{t("coordination.district.reported", { count: s.reportedTotal })}</h3>
              <ul className="plain-list district-reported" aria-labelledby="reported-title">
                {s.reported.map((r) => (
                  <li key={r.id}>
                    <strong>
                      {r.reportedRow?.implementerNotNamed
                        ? t("coordination.import.notNamed")
                        : r.organisationIds
                            .filter((id) => id !== r.reportedRow?.funderId)
                            .map((id) => orgName.get(id) ?? "")
                            .join(" · ")}{" "}
                      · {r.themes.map(theme).join(", ")}
                    </strong>
                    {r.reportedRow?.funderId
                      ? ` (${t("coordination.import.fundedBy", { name: orgName.get(r.reportedRow.funderId) ?? "" })})`
                      : null}
                    {": "}
                    {r.reportedRow ? <ReportedRowText row={r.reportedRow} period={r} /> : r.title}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section aria-labelledby="expiring-title">
          <h2 id="expiring-title">{t("coordination.district.expiring")}</h2>
          {s.expiring.length === 0 ? (
            <p className="muted">{t("coordination.district.noneExpiring")}</p>
          ) : null}
          <ul className="plain-list">
            {s.expiring.map((a) => (
              <li key={a.id}>
                <Link to={`/agreements/${a.id}`}>{a.title}</Link> <StatusBadge status={a.status} />{" "}
                {a.validUntil ? <span className="muted">{formatDate(a.validUntil, locale)}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="progress-title">
        <h2 id="progress-title">{t("coordination.district.progress")}</h2>
        {s.recentProgress.length === 0 ? (
          <p className="muted">{t("coordination.district.noProgress")}</p>
        ) : null}
        <ul className="plain-list">
          {s.recentProgress.map((p) => (
            <li key={p.entry.id}>
              <span className="muted">{formatDate(p.entry.entryDate, locale)}</span> ·{" "}
              <Link to={`/agreements/${p.agreementId}`}>{p.agreementTitle}</Link>: {p.entry.text}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
