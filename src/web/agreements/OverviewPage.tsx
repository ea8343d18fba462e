// Cooperation at a glance: how many agreements in which state, what expires soon, what is overdue, what happened.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";
import { PartyNames, ProgressDate, StatusBadge, themeName } from "./AgreementBits";
import { StatusReportExport } from "./StatusReportExport";

export function OverviewPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const overview = useAsync(() => unwrap(client.api.agreements.overview.$get({ query: {} })), []);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const o = overview.data;
  if (overview.error) {
    return <PageFailure error={overview.error} />;
  }
  if (!o) return <p className="page">{t("common.loading")}</p>;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("overview.title")}</h1>
        <Link to="/agreements" className="button">
          {t("agreements.title")}
        </Link>
      </div>
      <p className="muted">{t("overview.asOf", { date: formatDate(o.today, locale), count: o.total })}</p>
      <StatusReportExport filters={{}} />
      <section className="stats" aria-label={t("overview.byStatus")}>
        {o.byStatus.map((s) => (
          <Link key={s.status} to={`/agreements?status=${s.status}`} className="stat">
            <span className="stat-number">{s.count}</span>
            <span>{t(`agreements.statuses.${s.status}`)}</span>
          </Link>
        ))}
      </section>
      <div className="two-columns">
        <section>
          <h2>{t("overview.byKind")}</h2>
          <table className="counts">
            <tbody>
              {o.byKind.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">
                    <Link to={`/agreements?kind=${k.kind}`}>{t(`agreements.kinds.${k.kind}`)}</Link>
                  </th>
                  <td>{k.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>{t("overview.byTheme")}</h2>
          <table className="counts">
            <tbody>
              {o.byTheme.map((k) => (
                <tr key={k.theme}>
                  <th scope="row">
                    <Link to={`/agreements?theme=${k.theme}`}>
                      {themeName(themes.data?.items, k.theme, locale)}
                    </Link>
                  </th>
                  <td>{k.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section>
        <h2>{t("overview.expiringSoon")}</h2>
        {o.expiringSoon.length === 0 ? <p className="muted">{t("overview.noneExpiring")}</p> : null}
        <ul className="cards">
          {o.expiringSoon.map((a) => (
            <li key={a.id} className="card">
              <Link to={`/agreements/${a.id}`} className="card-title">
                {a.title}
              </Link>
              <div className="card-meta">
                <StatusBadge status={a.effectiveStatus} />
                <PartyNames parties={a.parties} />
                {a.daysUntilExpiry !== null ? (
                  <span className="flag flag-warn">
                    {t("agreements.expiresIn", { count: a.daysUntilExpiry })}
                  </span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t("overview.overdue")}</h2>
        {o.overduePlanned.length === 0 ? <p className="muted">{t("overview.noneOverdue")}</p> : null}
        <ul className="cards">
          {o.overduePlanned.map((item) => (
            <li key={item.entry.id} className="card">
              <Link to={`/agreements/${item.agreementId}`} className="card-title">
                {item.agreementTitle}
              </Link>
              <p className="timeline-text">{item.entry.text}</p>
              {item.entry.dueOn ? (
                <span className="flag flag-danger">
                  {t("agreements.overdueSince", { date: formatDate(item.entry.dueOn, locale) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t("overview.recent")}</h2>
        <ol className="timeline">
          {o.recentProgress.map((item) => (
            <li key={item.entry.id} className="timeline-entry">
              <div className="card-meta">
                <span className={`tag kind-${item.entry.kind}`}>
                  {t(`agreements.progressKinds.${item.entry.kind}`)}
                </span>
                <ProgressDate entry={item.entry} />
                <Link to={`/agreements/${item.agreementId}`}>{item.agreementTitle}</Link>
              </div>
              <p className="timeline-text">{item.entry.text}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
