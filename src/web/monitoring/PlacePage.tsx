// A place of detention's page: its facts (edited in place by those who may change places of detention), then side by
// side (stacked on a phone) its occupancy, the visits to it, the open recommendations concerning it and its partners
// per theme from the 3W.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Place } from "../../modules/places/places.schema";
import { client, unwrap } from "../api";
import { maySomewhere } from "../incidents/incident-access";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { PlaceEditForm } from "./PlaceEditForm";
import { PlaceOccupancySection } from "./PlaceOccupancySection";
import { PlacePartnersSection } from "./PlacePartnersSection";
import { PlaceRecommendationsSection } from "./PlaceRecommendationsSection";
import { PlaceVisitsSection } from "./PlaceVisitsSection";
import "./occupancy.css";

function PlaceFacts({ place }: { place: Place }) {
  const { t } = useTranslation();
  return (
    <dl className="facts place-facts">
      <dt>{t("monitoring.placePage.facts.district")}</dt>
      <dd>{place.parentName ?? "—"}</dd>
      <dt>{t("monitoring.occupancy.newPlace.operator")}</dt>
      <dd>{place.operator ? t(`monitoring.occupancy.operators.${place.operator}`) : "—"}</dd>
      <dt>{t("monitoring.occupancy.newPlace.facilityKind")}</dt>
      <dd>{place.facilityKind ? t(`monitoring.occupancy.facilityKinds.${place.facilityKind}`) : "—"}</dd>
      <dt>{t("monitoring.occupancy.newPlace.capacity")}</dt>
      <dd>{place.capacity ?? "—"}</dd>
      <dt>{t("monitoring.placePage.facts.state")}</dt>
      <dd>{place.isOpen ? t("monitoring.placePage.facts.open") : t("monitoring.placePage.facts.closed")}</dd>
    </dl>
  );
}

export function PlacePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { id = "" } = useParams();
  const loaded = useAsync(() => unwrap(client.api.places[":id"].$get({ param: { id } })), [id]);
  const [current, setCurrent] = useState<Place | null>(null);
  const place = current?.id === id && current.version >= (loaded.data?.version ?? 0) ? current : loaded.data;
  const mayEdit = maySomewhere(me.grants, "occupancy", "update");
  return (
    <div className="page occupancy-place-page place-page">
      <MonitoringTabs />
      <p>
        <Link to="/monitoring/occupancy">{t("monitoring.occupancy.place.back")}</Link>
      </p>
      {loaded.error ? (
        <p className="field-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
      ) : null}
      {place ? (
        <>
          <h1>{place.name}</h1>
          <p>
            {[
              place.parentName,
              place.operator ? t(`monitoring.occupancy.operators.${place.operator}`) : null,
              place.facilityKind ? t(`monitoring.occupancy.facilityKinds.${place.facilityKind}`) : null,
              place.isOpen ? null : t("monitoring.occupancy.closed"),
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <PlaceFacts place={place} />
          {mayEdit && place.kind === "place_of_detention" ? (
            <PlaceEditForm
              place={place}
              onSaved={setCurrent}
              onStale={() => {
                setCurrent(null);
                loaded.reload();
              }}
            />
          ) : null}
          <div className="place-page-grid">
            <div className="place-page-wide">
              <PlaceOccupancySection placeId={id} />
            </div>
            <PlaceVisitsSection placeId={id} />
            <PlaceRecommendationsSection placeId={id} />
            <PlacePartnersSection placeId={id} />
          </div>
        </>
      ) : null}
    </div>
  );
}
