// A place of detention's page: for now its occupancy (the section the fuller place page will reuse).
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { PlaceOccupancySection } from "./PlaceOccupancySection";

export function OccupancyPlacePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const place = useAsync(() => unwrap(client.api.places[":id"].$get({ param: { id } })), [id]);
  return (
    <div className="page occupancy-place-page">
      <MonitoringTabs />
      <p>
        <Link to="/monitoring/occupancy">{t("monitoring.occupancy.place.back")}</Link>
      </p>
      {place.error ? (
        <p className="field-error" role="alert">
          {errorText(t, place.error)}
        </p>
      ) : null}
      {place.data ? (
        <>
          <h1>{place.data.name}</h1>
          <p>
            {[
              place.data.parentName,
              place.data.operator ? t(`monitoring.occupancy.operators.${place.data.operator}`) : null,
              place.data.facilityKind
                ? t(`monitoring.occupancy.facilityKinds.${place.data.facilityKind}`)
                : null,
              place.data.isOpen ? null : t("monitoring.occupancy.closed"),
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <PlaceOccupancySection placeId={id} />
        </>
      ) : null}
    </div>
  );
}
