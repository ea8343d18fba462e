// A district's incident counts on its page (coordination's district page), for a user who may read them there.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { districtScope } from "./incident-access";
import { incidentRequests } from "./incident-requests";
import { StatisticsTables } from "./StatisticsTables";
import "./incidents.css";

/** The district page's panel: this district's counts, for a user who may read them there. */
export function IncidentStatisticsPanel({ districtId }: { districtId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const allowed = can("incident_statistics", "read", districtScope(districtId));
  const statistics = useAsync(
    () => (allowed ? incidentRequests.statistics({ districtId }) : Promise.resolve(undefined)),
    [districtId, allowed],
  );
  if (!allowed) return null;
  return (
    <section aria-labelledby="incident-statistics-title" data-testid="district-incident-statistics">
      <h2 id="incident-statistics-title">{t("incidents.statistics.panelTitle")}</h2>
      {statistics.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, statistics.error)}
        </p>
      ) : statistics.data ? (
        <StatisticsTables
          statistics={statistics.data}
          breakdowns={["byKind", "byMonth", "bySex", "byAgeGroup"]}
        />
      ) : (
        <p className="muted">{t("common.loading")}</p>
      )}
      <p>
        <Link to={`/incidents/statistics?districtId=${districtId}`}>{t("incidents.statistics.more")}</Link>
      </p>
    </section>
  );
}
