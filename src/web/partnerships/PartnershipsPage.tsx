// The partnerships (coalitions, platforms, consortia, networks) with their members and period; the example
// partnership (seed 004's Rwanda Peace Partnership) on offer while there is none of that name.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { ListPage, SearchBox } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { PeriodText } from "./PartnershipBits";
import { partnershipRequests } from "./partnership-requests";

const FILTERS = ["q"] as const;

export function PartnershipsPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can, state } = useSession();
  const filters = useUrlFilters(FILTERS, { pageSize: 200 });
  const { q } = filters.values;
  const list = useAsync(async () => {
    const items = await partnershipRequests.list(q ? { q } : {});
    return { items, total: items.length };
  }, [q]);
  const ownOrganisations = state.status === "signed-in" ? state.me.organisationIds : [];
  const mayCreate = can("partnership", "create", { organisationIds: ownOrganisations, districtIds: [] });
  return (
    <ListPage
      title={t("partnerships.title")}
      actions={
        mayCreate ? (
          <Link to="/partnerships/new" className="button button-primary">
            {t("partnerships.new")}
          </Link>
        ) : null
      }
      head={
        <>
          <p className="muted">{t("partnerships.intro")}</p>
          <div className="filters">
            <SearchBox
              value={filters.text}
              onChange={filters.setText}
              placeholder={t("partnerships.search")}
            />
          </div>
          <DemoOffer />
        </>
      }
      list={list}
      emptyText={t("partnerships.none")}
      itemKey={(p) => p.id}
      renderItem={(p) => (
        <>
          <Link to={`/partnerships/${p.id}`} className="card-title">
            {p.name}
            {p.acronym ? ` (${p.acronym})` : ""}
          </Link>
          <div className="card-meta">
            <span className="tag">{t(`partnerships.kinds.${p.kind}`)}</span>
            <span>
              <PeriodText period={p.period} locale={locale} />
            </span>
            <span>{t("partnerships.memberCount", { count: p.members.length })}</span>
          </div>
          <p className="muted">{p.members.map((m) => m.acronym ?? m.name).join(" · ")}</p>
        </>
      )}
    />
  );
}

/** Seed 004's partnership, offered to those who may load it while no partnership has its name. */
function DemoOffer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const demo = useAsync(() => partnershipRequests.demoAvailable(), []);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  if (!demo.data?.available) return null;
  const load = async () => {
    setLoading(true);
    try {
      const { partnershipId } = await partnershipRequests.loadDemo();
      navigate(`/partnerships/${partnershipId}`);
    } catch (e) {
      setFailure(e);
      setLoading(false);
    }
  };
  return (
    <div className="card">
      <p>{t("partnerships.demoOffer")}</p>
      <button type="button" className="button" disabled={loading} onClick={load}>
        {loading ? t("common.working") : t("partnerships.loadDemo")}
      </button>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
    </div>
  );
}
