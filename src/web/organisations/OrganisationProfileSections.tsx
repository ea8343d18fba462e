// The parts of an organisation's page read from other modules: agreements, programmes, where it works, reporting.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PlaceRef } from "../../modules/coordination/coordination.schema";
import type { OrganisationProfile } from "../../modules/profiles/profiles.schema";
import { SignedOn, StatusBadge } from "../agreements/AgreementBits";
import { type UiLocale, useUiLocale } from "../ui/locale";
import "../reporting/timeliness.css";

const placeName = (p: PlaceRef, locale: UiLocale) => p.names[locale] || p.name;

export function OrganisationAgreements({ agreements }: { agreements: OrganisationProfile["agreements"] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="org-agreements-title">
      <h2 id="org-agreements-title">
        {t("profile.agreements")} <span className="muted">({agreements.total})</span>
      </h2>
      {agreements.items.length === 0 ? <p className="muted">{t("profile.noAgreements")}</p> : null}
      <ul className="cards">
        {agreements.items.map((a) => (
          <li key={a.id} className="card">
            <div className="card-top">
              <Link to={`/agreements/${a.id}`} className="card-title">
                {a.title}
              </Link>
              <StatusBadge status={a.effectiveStatus} />
            </div>
            <div className="card-meta">
              <span className="tag tag-quiet">{t(`agreements.kinds.${a.kind}`)}</span>
              {a.roles.map((r) => (
                <span key={r} className="tag tag-quiet">
                  {t(`agreements.roles.${r}`)}
                </span>
              ))}
            </div>
            <div className="card-meta">
              <span>
                {t("agreements.signed")}: <SignedOn date={a.signedOn} />
              </span>
              {a.validFrom || a.validUntil ? (
                <span>{t("profile.period", { from: a.validFrom ?? "…", until: a.validUntil ?? "…" })}</span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {agreements.total > agreements.items.length ? (
        <p>{t("profile.moreAgreements", { count: agreements.total - agreements.items.length })}</p>
      ) : null}
    </section>
  );
}

export function OrganisationProgrammes({ programmes }: { programmes: OrganisationProfile["programmes"] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="org-programmes-title">
      <h2 id="org-programmes-title">
        {t("profile.programmes")} <span className="muted">({programmes.total})</span>
      </h2>
      {programmes.items.length === 0 ? <p className="muted">{t("profile.noProgrammes")}</p> : null}
      <ul className="cards">
        {programmes.items.map((p) => (
          <li key={p.id} className="card">
            <div className="card-top">
              <Link to={`/programmes/${p.id}`} className="card-title">
                {p.title}
              </Link>
              <span className="status">{t(`programmes.statuses.${p.status}`)}</span>
            </div>
            <div className="card-meta">
              <span className="tag tag-quiet">{t(`profile.programmeRoles.${p.role}`)}</span>
              {p.role === "partner" ? <span>{t("profile.ledBy", { name: p.lead.name })}</span> : null}
              <span>{t("profile.period", { from: p.startDate, until: p.endDate })}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OrganisationWorkAreas({ workAreas: w }: { workAreas: OrganisationProfile["workAreas"] }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const nothing =
    !w.nationwide && w.placeSets.length === 0 && w.districts.length === 0 && w.places.length === 0;
  return (
    <section aria-labelledby="org-areas-title">
      <h2 id="org-areas-title">{t("profile.workAreas")}</h2>
      <p className="muted">{t("profile.workAreasIntro", { date: w.on })}</p>
      {nothing ? <p className="muted">{t("profile.noWorkAreas")}</p> : null}
      {w.nationwide || w.placeSets.length > 0 ? (
        <div className="chips">
          {w.nationwide ? <span className="tag">{t("agreements.sets.national")}</span> : null}
          {w.placeSets.map((s) => (
            <span key={s} className="tag">
              {t(`agreements.sets.${s}`)}
            </span>
          ))}
        </div>
      ) : null}
      {w.districts.length > 0 ? (
        <>
          <h3>{t("profile.districts", { count: w.districts.length })}</h3>
          <ul
            className="chips inline-list"
            aria-label={t("profile.districts", { count: w.districts.length })}
          >
            {w.districts.map((d) => (
              <li key={d.id}>
                <Link className="tag" to={`/coordination/districts/${d.code}`}>
                  {placeName(d, locale)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {w.places.length > 0 ? (
        <>
          <h3>{t("profile.places")}</h3>
          <ul className="chips inline-list">
            {w.places.map((p) => (
              <li key={p.id} className="tag tag-quiet">
                {placeName(p, locale)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function OrganisationReporting({ reporting: r }: { reporting: OrganisationProfile["reporting"] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="org-reporting-title">
      <h2 id="org-reporting-title">{t("profile.reporting")}</h2>
      {r.obligations.length === 0 ? <p className="muted">{t("profile.noObligations")}</p> : null}
      {r.obligations.length > 0 ? (
        <ul className="plain-list">
          {r.obligations.map((o) => (
            <li key={o.id}>
              {t("profile.reportsTo", {
                body: o.bodyName,
                every: t(`reports.periodTypes.${o.periodType}`),
              })}
              {o.pausedBecause ? <span className="muted"> · {t("profile.paused")}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {r.obligations.length > 0 && !r.visible ? <p className="muted">{t("profile.reportsHidden")}</p> : null}
      {r.periods.length > 0 ? (
        <>
          <h3>{t("profile.latestPeriods")}</h3>
          <ul className="chips inline-list">
            {r.periods.map((p) => (
              <li key={p.period} className={`report-state report-state-${p.state}`}>
                {p.period}: {t(`timeliness.states.${p.state}`)}
                {p.state === "late" && p.daysLate > 0
                  ? ` (${t("profile.daysLate", { count: p.daysLate })})`
                  : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.submissions.length > 0 ? (
        <>
          <h3>{t("profile.latestReports")}</h3>
          <ul className="cards">
            {r.submissions.map((s) => (
              <li key={s.id} className="card card-row">
                <Link to={`/reports/${s.id}`}>{s.period}</Link>
                <span className={`status status-${s.status}`}>{t(`reports.status.${s.status}`)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
