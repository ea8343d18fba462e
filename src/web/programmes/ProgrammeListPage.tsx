// The programmes: who runs what, until when, and how many people it reached; the example programme on offer.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { IatiImportForm } from "./IatiImportForm";
import { formatNumber } from "./ProgrammeBits";

export function ProgrammeListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const list = useAsync(() => unwrap(client.api.programmes.$get({ query: q ? { q } : {} })), [q]);
  const demo = useAsync(() => unwrap(client.api.demo.programme.$get()), []);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loadingDemo, setLoadingDemo] = useState(false);

  const loadDemo = async () => {
    setLoadingDemo(true);
    try {
      const { programmeId } = await unwrap(client.api.demo.programme.$post());
      navigate(`/programmes/${programmeId}`);
    } catch (e) {
      setLoadError(e);
      setLoadingDemo(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("programmes.title")}</h1>
        <div className="actions">
          <Link to="/programmes/dashboard" className="button">
            {t("programmes.dashboard")}
          </Link>
          <a href="/api/programmes/export/iati" className="button" download>
            {t("programmes.exportIati")}
          </a>
          {can("programme", "create") ? (
            <Link to="/programmes/new" className="button button-primary">
              {t("programmes.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">{t("programmes.intro")}</p>
      <div className="filters">
        <label className="filter-search">
          <span className="visually-hidden">{t("programmes.search")}</span>
          <input
            type="search"
            value={q}
            placeholder={t("programmes.search")}
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
      </div>
      {demo.data?.available ? (
        <div className="card">
          <p>{t("programmes.demoOffer")}</p>
          <button type="button" className="button" disabled={loadingDemo} onClick={loadDemo}>
            {t("programmes.loadDemo")}
          </button>
          {loadError ? (
            <p className="alert alert-error" role="alert">
              {errorText(t, loadError)}
            </p>
          ) : null}
        </div>
      ) : null}
      {can("programme", "create") && can("organisation", "create") ? (
        <IatiImportForm onImported={list.reload} />
      ) : null}
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      {list.data && list.data.items.length === 0 ? <p className="empty">{t("programmes.none")}</p> : null}
      <ul className="cards">
        {list.data?.items.map((p) => (
          <li key={p.id} className="card">
            <Link to={`/programmes/${p.id}`} className="card-title">
              {p.title}
            </Link>
            <div className="card-meta">
              <span className="tag">{t(`programmes.statuses.${p.status}`)}</span>
              <span>{p.lead.acronym ?? p.lead.name}</span>
              <span className="muted">
                {formatDate(p.startDate, locale)} – {formatDate(p.endDate, locale)}
              </span>
              <span>
                {t("programmes.reachedCount", {
                  count: p.peopleReached,
                  formatted: formatNumber(p.peopleReached, locale),
                })}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
