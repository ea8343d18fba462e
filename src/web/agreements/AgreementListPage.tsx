// The agreements register: search across titles, parties, commitments and progress; filter; page through.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AgreementSummary, SearchCorrection, Theme } from "../../modules/agreements/agreements.schema";
import { normaliseForSearch } from "../../shared/search-text";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { ListPage, SearchBox } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { PartyNames, SignedOn, StatusBadge, themeName } from "./AgreementBits";
import { AGREEMENT_FILTERS, AgreementFilters } from "./AgreementFilters";
import { StatusReportExport } from "./StatusReportExport";

const PAGE_SIZE = 25;
type ListQuery = Parameters<typeof client.api.agreements.$get>[0]["query"];

export function AgreementListPage() {
  const { t } = useTranslation();
  const { canSomewhere } = useSession();
  const filters = useUrlFilters(AGREEMENT_FILTERS, { pageSize: PAGE_SIZE, notFilters: ["sort"] });
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const query = { ...filters.query, ...filters.range };
  const queryKey = JSON.stringify(query);
  const list = useAsync(
    // Values come from the address bar: the server validates them and answers 422 for nonsense.
    () => unwrap(client.api.agreements.$get({ query: query as ListQuery })),
    [queryKey],
  );

  return (
    <ListPage
      title={t("agreements.title")}
      actions={
        <>
          <Link to="/agreements/overview" className="button">
            {t("nav.overview")}
          </Link>
          {canSomewhere("agreement", "create") ? (
            <Link to="/import" className="button">
              {t("import.fromList")}
            </Link>
          ) : null}
          {canSomewhere("agreement", "create") ? (
            <Link to="/agreements/new" className="button button-primary">
              {t("agreements.new")}
            </Link>
          ) : null}
        </>
      }
      head={
        <>
          <search className="filters">
            <SearchBox
              value={filters.text}
              onChange={filters.setText}
              placeholder={t("agreements.searchPlaceholder")}
            />
          </search>
          {list.data?.corrections?.length ? (
            <p className="muted" role="status">
              {t("agreements.showingResultsFor", {
                query: correctedQuery(filters.query.q ?? "", list.data.corrections, t("agreements.searchOr")),
              })}
            </p>
          ) : null}
          <AgreementFilters filters={filters} themes={themes.data?.items} />
          {/* The export takes the list's filters; its order only when the user chose one (else the report's). */}
          <StatusReportExport filters={filters.query} />
        </>
      }
      list={list}
      totalText={(count) => t("agreements.total", { count })}
      emptyText={filters.filtered ? t("agreements.noMatch") : t("agreements.empty")}
      itemKey={(a) => a.id}
      renderItem={(a) => <AgreementCard agreement={a} themes={themes.data?.items} />}
      paging={{ page: filters.page, pageSize: PAGE_SIZE, setPage: filters.setPage }}
    />
  );
}

/** Most corrections shown for one word (the search may use up to ten, closest first). */
const SHOWN_CORRECTIONS = 3;

/** The query as it was searched: each corrected word replaced by the words searched for ("bridges or brings"). */
function correctedQuery(typed: string, corrections: SearchCorrection[], or: string): string {
  const byWord = new Map(corrections.map((c) => [c.typed, c.searchedFor.slice(0, SHOWN_CORRECTIONS)]));
  return [...new Set(normaliseForSearch(typed).split(" "))]
    .filter((word) => word !== "")
    .map((word) => byWord.get(word)?.join(` ${or} `) ?? word)
    .join(" ");
}

function AgreementCard({
  agreement: a,
  themes,
}: {
  agreement: AgreementSummary;
  themes: Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <>
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
          <span className="flag flag-warn">{t("agreements.expiresIn", { count: a.daysUntilExpiry })}</span>
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
              {themeName(themes, code, locale)}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
