// The monitoring visits to a place that the reader may see (their body's, and every published one), newest first.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

const SHOWN = 20;

export function PlaceVisitsSection({ placeId }: { placeId: string }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const visits = useAsync(
    () => unwrap(client.api["monitoring-visits"].$get({ query: { placeId, pageSize: String(SHOWN) } })),
    [placeId],
  );
  return (
    <section
      className="place-visits"
      aria-labelledby="place-visits-heading"
      aria-busy={visits.loading || undefined}
    >
      <h2 id="place-visits-heading">{t("monitoring.placePage.visits.title")}</h2>
      {visits.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, visits.error)}
        </p>
      ) : null}
      {visits.data && visits.data.items.length === 0 ? (
        <p className="empty">{t("monitoring.placePage.visits.none")}</p>
      ) : null}
      <ul className="place-page-list">
        {visits.data?.items.map((v) => (
          <li key={v.id}>
            <Link to={`/monitoring/visits/${v.id}`}>{v.reference}</Link> · {formatDate(v.startsOn, locale)}
            <br />
            <span className="muted">
              {[
                t(`monitoring.visits.status.${v.status}`),
                t(`monitoring.visits.type.${v.visitType}`),
                t(`monitoring.visits.announcedValue.${v.announced}`),
                t("monitoring.visits.list.findingCount", { count: v.findingCount }),
                v.publishedOn ? null : t("monitoring.visits.list.confidential"),
              ]
                .filter(Boolean)
                .join(" · ")}
            </span>
          </li>
        ))}
      </ul>
      {visits.data && visits.data.total > visits.data.items.length ? (
        <p>
          <Link to={`/monitoring/visits?placeId=${placeId}`}>
            {t("monitoring.placePage.visits.all", { count: visits.data.total })}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
