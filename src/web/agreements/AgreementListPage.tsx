// The agreements register: search across titles, parties, commitments and progress; filter; page through.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES } from "../../modules/agreements/agreements.schema";
import { ORGANISATION_KINDS } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { PartyNames, SignedOn, StatusBadge, themeName } from "./AgreementBits";
import { StatusReportExport } from "./StatusReportExport";

const PAGE_SIZE = 25;
type ListQuery = Parameters<typeof client.api.agreements.$get>[0]["query"];
/** Query parameters the page keeps in the address, so a filtered view can be bookmarked and shared. */
const FILTERS = [
  "q",
  "kind",
  "status",
  "partyKind",
  "theme",
  "placeId",
  "signedYear",
  "expiringWithinDays",
  "hasOverduePlanned",
  "sort",
] as const;

export function AgreementListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [text, setText] = useState(q);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const facilities = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "100" } })),
    [],
  );
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );

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

  const query: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  query.limit = String(PAGE_SIZE);
  query.offset = String((page - 1) * PAGE_SIZE);
  const queryKey = JSON.stringify(query);
  const list = useAsync(
    // Values come from the address bar: the server validates them and answers 422 for nonsense.
    () => unwrap(client.api.agreements.$get({ query: query as ListQuery })),
    [queryKey],
  );
  const setFilter = (key: (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    setParams(next);
  };
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const years = Array.from(
    { length: new Date().getFullYear() - 1999 },
    (_, i) => new Date().getFullYear() - i,
  );
  const filtered = FILTERS.some((k) => k !== "sort" && params.get(k));

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("agreements.title")}</h1>
        <div className="actions">
          <Link to="/agreements/overview" className="button">
            {t("nav.overview")}
          </Link>
          {can("agreement", "create") ? (
            <Link to="/import" className="button">
              {t("import.fromList")}
            </Link>
          ) : null}
          {can("agreement", "create") ? (
            <Link to="/agreements/new" className="button button-primary">
              {t("agreements.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <search className="filters">
        <label className="filter-search">
          <span className="visually-hidden">{t("common.search")}</span>
          <input
            type="search"
            value={text}
            placeholder={t("agreements.searchPlaceholder")}
            aria-label={t("common.search")}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      </search>
      <details className="filter-panel" open={filtered}>
        <summary>{t("agreements.filters")}</summary>
        <div className="filters">
          <FilterSelect
            label={t("agreements.kind")}
            value={params.get("kind") ?? ""}
            onChange={(v) => setFilter("kind", v)}
          >
            {AGREEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`agreements.kinds.${k}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t("agreements.status")}
            value={params.get("status") ?? ""}
            onChange={(v) => setFilter("status", v)}
          >
            {AGREEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`agreements.statuses.${s}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t("agreements.partyKind")}
            value={params.get("partyKind") ?? ""}
            onChange={(v) => setFilter("partyKind", v)}
          >
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`organisation.kinds.${k}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t("agreements.theme")}
            value={params.get("theme") ?? ""}
            onChange={(v) => setFilter("theme", v)}
          >
            {themes.data?.items.map((th) => (
              <option key={th.code} value={th.code}>
                {th.names[locale]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t("agreements.place")}
            value={params.get("placeId") ?? ""}
            onChange={(v) => setFilter("placeId", v)}
          >
            <optgroup label={t("agreements.facilities")}>
              {facilities.data?.items
                .filter((p) => p.isOpen)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.names[locale]}
                  </option>
                ))}
            </optgroup>
            <optgroup label={t("agreements.districts")}>
              {districts.data?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          </FilterSelect>
          <FilterSelect
            label={t("agreements.signedYear")}
            value={params.get("signedYear") ?? ""}
            onChange={(v) => setFilter("signedYear", v)}
          >
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={t("agreements.expiring")}
            value={params.get("expiringWithinDays") ?? ""}
            onChange={(v) => setFilter("expiringWithinDays", v)}
          >
            {[30, 90, 180, 365].map((d) => (
              <option key={d} value={String(d)}>
                {t("agreements.withinDays", { count: d })}
              </option>
            ))}
          </FilterSelect>
          <label className="check">
            <input
              type="checkbox"
              checked={params.get("hasOverduePlanned") === "true"}
              onChange={(e) => setFilter("hasOverduePlanned", e.target.checked ? "true" : "")}
            />
            {t("agreements.hasOverdue")}
          </label>
          <FilterSelect
            label={t("agreements.sort")}
            value={params.get("sort") ?? ""}
            onChange={(v) => setFilter("sort", v)}
            all={false}
          >
            {(["signed_desc", "signed_asc", "title", "updated_desc", "expiry"] as const).map((s) => (
              <option key={s} value={s === "signed_desc" ? "" : s}>
                {t(`agreements.sorts.${s}`)}
              </option>
            ))}
          </FilterSelect>
        </div>
      </details>
      <StatusReportExport filters={exportFilters(params)} />
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      <p className="muted" aria-live="polite">
        {list.loading && !list.data ? t("common.loading") : t("agreements.total", { count: total })}
      </p>
      {list.data && list.data.items.length === 0 ? (
        <p className="empty">{filtered ? t("agreements.noMatch") : t("agreements.empty")}</p>
      ) : null}
      <ul className="cards">
        {list.data?.items.map((a) => (
          <li key={a.id} className="card">
            <div className="card-top">
              <Link to={`/agreements/${a.id}`} className="card-title">
                {a.title}
              </Link>
              <StatusBadge status={a.effectiveStatus} />
            </div>
            <div className="card-meta">
              <span className="tag tag-quiet">{t(`agreements.kinds.${a.kind}`)}</span>
              <PartyNames parties={a.parties} />
            </div>
            <div className="card-meta">
              <span>
                {t("agreements.signed")}: <SignedOn date={a.signedOn} />
              </span>
              {a.daysUntilExpiry !== null && a.daysUntilExpiry >= 0 && a.daysUntilExpiry <= 90 ? (
                <span className="flag flag-warn">
                  {t("agreements.expiresIn", { count: a.daysUntilExpiry })}
                </span>
              ) : null}
              {a.overduePlanned > 0 ? (
                <span className="flag flag-danger">
                  {t("agreements.overdueCount", { count: a.overduePlanned })}
                </span>
              ) : null}
            </div>
            {a.themes.length > 0 ? (
              <div className="card-meta">
                {a.themes.map((code) => (
                  <span key={code} className="tag">
                    {themeName(themes.data?.items, code, locale)}
                  </span>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav className="pager" aria-label={t("common.pages")}>
          <button
            type="button"
            className="button"
            disabled={page <= 1}
            onClick={() => setParams((p) => ({ ...Object.fromEntries(p), page: String(page - 1) }))}
          >
            {t("common.previous")}
          </button>
          <span>{t("common.pageOf", { page, pages })}</span>
          <button
            type="button"
            className="button"
            disabled={page >= pages}
            onClick={() => setParams((p) => ({ ...Object.fromEntries(p), page: String(page + 1) }))}
          >
            {t("common.next")}
          </button>
        </nav>
      ) : null}
    </div>
  );
}

/** The list's filters as the export takes them; its order only when the user chose one (else the report's). */
function exportFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

function FilterSelect({
  label,
  value,
  onChange,
  children,
  all = true,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  children: React.ReactNode;
  all?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all ? <option value="">{t("common.all")}</option> : null}
        {children}
      </select>
    </label>
  );
}
