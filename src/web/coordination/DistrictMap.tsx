// The district map: real shapes (d3-geo, loaded on demand) from the built-in boundaries or an administrator's, with
// their credit; the tile grid when no shapes can be had (or chosen); every district in a list underneath.
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, unwrap } from "../api";
import { useAsync } from "../ui/useAsync";
import { DISTRICT_TILES, DistrictTileMap, type DistrictValue, MapLegend } from "./DistrictTileMap";
import { MapCredit } from "./MapCredit";

// d3-geo and the layout come in their own chunk, fetched alongside the shapes rather than after them.
const loadBoundaryMap = () => import("./BoundaryMap");
const BoundaryMap = lazy(() => loadBoundaryMap().then((m) => ({ default: m.BoundaryMap })));

/** A district's page; `search` carries the period the map was drawn for ("?date=…", or ""). */
export const districtHref = (code: string, search = "") => `/coordination/districts/${code}${search}`;

const VIEWS = ["shapes", "tiles"] as const;
type View = (typeof VIEWS)[number];

export function DistrictMap({
  values,
  title,
  legend,
  search = "",
}: {
  values: ReadonlyMap<string, DistrictValue>;
  title: string;
  legend: string;
  /** The period's URL parameters, so that a district opens for the period its colour was counted in. */
  search?: string;
}) {
  const { t } = useTranslation();
  // Revalidated by ETag: after the first visit the shapes cost a 304.
  const boundaries = useAsync(() => unwrap(client.api.places.boundaries.$get()), []);
  useEffect(() => {
    void loadBoundaryMap();
  }, []);
  const [chosen, setChosen] = useState<View | null>(null);
  const shapes = boundaries.data && boundaries.data.districts.length > 0 ? boundaries.data : null;
  // No shapes to draw (none readable, or the request failed): the tiles, which need no data.
  const view: View | "waiting" = shapes ? (chosen ?? "shapes") : boundaries.loading ? "waiting" : "tiles";
  const max = Math.max(0, ...[...values.values()].map((v) => v.value));
  const hrefOf = (code: string) => districtHref(code, search);
  const tiles = <DistrictTileMap values={values} title={title} hrefOf={hrefOf} />;
  const waiting = (
    <div className="map-waiting" role="status">
      {t("coordination.districtMap.loading")}
    </div>
  );
  const byName = [...DISTRICT_TILES].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <figure className="district-map">
        {shapes ? (
          <fieldset className="segmented map-views">
            <legend className="visually-hidden">{t("coordination.districtMap.view")}</legend>
            {VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                className={v === view ? "button button-primary" : "button"}
                aria-pressed={v === view}
                onClick={() => setChosen(v)}
              >
                {t(`coordination.districtMap.views.${v}`)}
              </button>
            ))}
          </fieldset>
        ) : null}
        {view === "shapes" && shapes ? (
          <Suspense fallback={waiting}>
            <BoundaryMap boundaries={shapes} values={values} title={title} hrefOf={hrefOf} />
            <MapCredit boundaries={shapes} />
          </Suspense>
        ) : view === "waiting" ? (
          waiting
        ) : (
          tiles
        )}
        <figcaption>
          <MapLegend max={max} label={legend} />
        </figcaption>
      </figure>
      <details className="district-list">
        <summary>{t("coordination.districtMap.list")}</summary>
        <ul className="plain-list">
          {byName.map((d) => (
            <li key={d.code}>
              <Link to={hrefOf(d.code)}>{d.name}</Link>{" "}
              <span className="muted">{values.get(d.code)?.label ?? "0"}</span>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
