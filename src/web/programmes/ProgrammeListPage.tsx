// The programmes: who runs what, until when, and how many people it reached; the example programme on offer.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { PROGRAMME_STATUSES, type ProgrammeStatus } from "../../modules/programmes/programmes.schema";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { FilterSelect, ListPage, SearchBox } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { IatiImportForm } from "./IatiImportForm";
import { formatNumber } from "./ProgrammeBits";

const PAGE_SIZE = 50;
const FILTERS = ["q", "status"] as const;

export function ProgrammeListPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { canSomewhere } = useSession();
  const filters = useUrlFilters(FILTERS, { pageSize: PAGE_SIZE });
  const { q } = filters.values;
  const status = filters.values.status as ProgrammeStatus | "";
  const list = useAsync(
    () =>
      unwrap(
        client.api.programmes.$get({
          query: { ...(q ? { q } : {}), ...(status ? { status } : {}), ...filters.range },
        }),
      ),
    [q, status, filters.page],
  );

  return (
    <ListPage
      title={t("programmes.title")}
      actions={
        <>
          <Link to="/programmes/dashboard" className="button">
            {t("programmes.dashboard")}
          </Link>
          <a href="/api/programmes/export/iati" className="button" download>
            {t("programmes.exportIati")}
          </a>
          {canSomewhere("programme", "create") ? (
            <Link to="/programmes/results-table" className="button">
              {t("programmes.resultsTable.open")}
            </Link>
          ) : null}
          {canSomewhere("programme", "create") ? (
            <Link to="/programmes/new" className="button button-primary">
              {t("programmes.new")}
            </Link>
          ) : null}
        </>
      }
      head={
        <>
          <p className="muted">{t("programmes.intro")}</p>
          <div className="filters">
            <SearchBox value={filters.text} onChange={filters.setText} placeholder={t("programmes.search")} />
            <FilterSelect
              label={t("programmes.fields.status")}
              value={status}
              onChange={(v) => filters.set("status", v)}
            >
              {PROGRAMME_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`programmes.statuses.${s}`)}
                </option>
              ))}
            </FilterSelect>
          </div>
          <DemoOffer />
          {canSomewhere("programme", "create") && canSomewhere("organisation", "create") ? (
            <IatiImportForm onImported={list.reload} />
          ) : null}
        </>
      }
      list={list}
      emptyText={t("programmes.none")}
      itemKey={(p) => p.id}
      renderItem={(p) => (
        <>
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
        </>
      )}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}

/** The example programme, offered while the register has none. */
function DemoOffer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
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
  if (!demo.data?.available) return null;
  return (
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
  );
}
