// The open recommendations concerning a place (neither implemented nor not accepted): its own and those to all
// facilities, as far as the reader may read them; overdue ones flagged.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { SETTLED_STATUSES } from "../../modules/monitoring/recommendation-status";
import { formatDate } from "../../shared/dates";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { OverdueBadge, RecommendationStatusBadge } from "./RecommendationListPage";
import { recommendationRequests } from "./recommendation-requests";

const READ = 500;

export function PlaceRecommendationsSection({ placeId }: { placeId: string }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const list = useAsync(() => recommendationRequests.list({ placeId, limit: String(READ) }), [placeId]);
  const open = (list.data?.items ?? []).filter((r) => !SETTLED_STATUSES.includes(r.status));
  return (
    <section
      className="place-recommendations"
      aria-labelledby="place-recommendations-heading"
      aria-busy={list.loading || undefined}
    >
      <h2 id="place-recommendations-heading">{t("monitoring.placePage.recommendations.title")}</h2>
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      {list.data && open.length === 0 ? (
        <p className="empty">{t("monitoring.placePage.recommendations.none")}</p>
      ) : null}
      <ul className="place-page-list">
        {open.map((r) => (
          <li key={r.id}>
            <Link to={`/monitoring/recommendations/${r.id}`}>{r.reference}</Link> ·{" "}
            {t(`monitoring.themes.${r.theme}`)} <RecommendationStatusBadge status={r.status} />{" "}
            {r.overdue ? <OverdueBadge /> : null}
            <br />
            <span className="place-page-text">{r.text}</span>
            <br />
            <span className="muted">
              {[
                r.addressee.name,
                r.deadline
                  ? t("monitoring.placePage.recommendations.deadline", {
                      date: formatDate(r.deadline, locale),
                    })
                  : null,
                r.allFacilities ? t("monitoring.recommendations.allFacilities") : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </span>
          </li>
        ))}
      </ul>
      {list.data && list.data.total > 0 ? (
        <p className="muted">
          {t("monitoring.placePage.recommendations.counts", { open: open.length, count: list.data.total })}
        </p>
      ) : null}
    </section>
  );
}
