// The organisation register: search that forgives misspellings, filter by kind, page through.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";

const PAGE_SIZE = 25;

export function OrganisationListPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const kind = (params.get("kind") ?? "") as OrganisationKind | "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [text, setText] = useState(q);

  // Search as the user types, without a request per keystroke on slow connections.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text === q) return;
      const next = new URLSearchParams(params);
      if (text) next.set("q", text);
      else next.delete("q");
      next.delete("page");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q, params, setParams]);

  const list = useAsync(
    () =>
      unwrap(
        client.api.organisations.$get({
          query: {
            ...(q ? { q } : {}),
            ...(kind ? { kind } : {}),
            limit: String(PAGE_SIZE),
            offset: String((page - 1) * PAGE_SIZE),
          },
        }),
      ),
    [q, kind, page],
  );
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const goTo = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    setParams(next);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("organisations.title")}</h1>
        {can("organisation", "create") ? (
          <Link to="/organisations/new" className="button button-primary">
            {t("organisations.new")}
          </Link>
        ) : null}
      </div>
      <search className="filters">
        <label className="filter-search">
          <span className="visually-hidden">{t("common.search")}</span>
          <input
            type="search"
            value={text}
            placeholder={t("organisations.searchPlaceholder")}
            onChange={(e) => setText(e.target.value)}
            aria-label={t("common.search")}
          />
        </label>
        <label>
          <span className="visually-hidden">{t("organisation.kind")}</span>
          <select
            value={kind}
            aria-label={t("organisation.kind")}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set("kind", e.target.value);
              else next.delete("kind");
              next.delete("page");
              setParams(next);
            }}
          >
            <option value="">{t("organisations.allKinds")}</option>
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`organisation.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </search>
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      <p className="muted" aria-live="polite">
        {list.loading && !list.data ? t("common.loading") : t("organisations.total", { count: total })}
      </p>
      {list.data && list.data.items.length === 0 ? (
        <p className="empty">{q || kind ? t("organisations.noMatch") : t("organisations.empty")}</p>
      ) : null}
      <ul className="cards">
        {list.data?.items.map((o) => (
          <li key={o.id} className="card">
            <Link to={`/organisations/${o.id}`} className="card-title">
              {o.name}
              {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
            </Link>
            <div className="card-meta">
              <span className="tag">{t(`organisation.kinds.${o.kind}`)}</span>
              {o.countryCode !== "RW" ? (
                <span className="tag tag-quiet">{o.countryCode ?? t("organisation.international")}</span>
              ) : null}
              {o.email ? <span className="muted">{o.email}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("common.pages")}>
          <button type="button" className="button" disabled={page <= 1} onClick={() => goTo(page - 1)}>
            {t("common.previous")}
          </button>
          <span>{t("common.pageOf", { page, pages })}</span>
          <button type="button" className="button" disabled={page >= pages} onClick={() => goTo(page + 1)}>
            {t("common.next")}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
