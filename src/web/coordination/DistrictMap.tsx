// The district map: real shapes when an administrator loaded boundaries (d3-geo, loaded on demand), else the tile
// grid; on a phone the tiles by default (30 equal, named targets), and every district in a list underneath.
import { lazy, Suspense, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { client, unwrap } from "../api";
import { useAsync } from "../ui/useAsync";
import { DISTRICT_TILES, DistrictTileMap, type DistrictValue, MapLegend } from "./DistrictTileMap";

// d3-geo and the shapes are fetched only when boundaries exist: the tile grid needs neither.
const BoundaryMap = lazy(() => import("./BoundaryMap").then((m) => ({ default: m.BoundaryMap })));

/** A district's page; `search` carries the period the map was drawn for ("?date=…", or ""). */
export const districtHref = (code: string, search = "") => `/coordination/districts/${code}${search}`;

/** Phones: at this width real shapes leave Kigali's districts a few pixels wide, so the tiles come first. */
const NARROW = "(max-width: 40rem)";
const subscribeNarrow = (notify: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", notify);
  return () => query.removeEventListener("change", notify);
};
const useNarrowScreen = () =>
  useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );

const VIEWS = ["tiles", "shapes"] as const;
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
  const status = useAsync(() => unwrap(client.api.places.boundaries.status.$get()), []);
  const narrow = useNarrowScreen();
  const [chosen, setChosen] = useState<View | null>(null);
  const loaded = status.data?.loaded === true;
  const view: View = loaded ? (chosen ?? (narrow ? "tiles" : "shapes")) : "tiles";
  const max = Math.max(0, ...[...values.values()].map((v) => v.value));
  const hrefOf = (code: string) => districtHref(code, search);
  const tiles = <DistrictTileMap values={values} title={title} hrefOf={hrefOf} />;
  const byName = [...DISTRICT_TILES].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <figure className="district-map">
        {loaded ? (
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
        {view === "shapes" ? (
          <Suspense fallback={tiles}>
            <BoundaryMap values={values} title={title} hrefOf={hrefOf} />
          </Suspense>
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
