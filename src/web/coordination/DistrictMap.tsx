// The district map: real shapes when an administrator loaded boundaries (d3-geo, loaded on demand), else the tile grid.
import { lazy, Suspense } from "react";
import { client, unwrap } from "../api";
import { useAsync } from "../ui/useAsync";
import { DistrictTileMap, type DistrictValue, MapLegend } from "./DistrictTileMap";

// d3-geo and the shapes are fetched only when boundaries exist: the tile grid needs neither.
const BoundaryMap = lazy(() => import("./BoundaryMap").then((m) => ({ default: m.BoundaryMap })));

export const districtHref = (code: string) => `/coordination/districts/${code}`;

export function DistrictMap({
  values,
  title,
  legend,
}: {
  values: ReadonlyMap<string, DistrictValue>;
  title: string;
  legend: string;
}) {
  const status = useAsync(() => unwrap(client.api.places.boundaries.status.$get()), []);
  const max = Math.max(0, ...[...values.values()].map((v) => v.value));
  const tiles = <DistrictTileMap values={values} title={title} hrefOf={districtHref} />;
  return (
    <figure className="district-map">
      {status.data?.loaded ? (
        <Suspense fallback={tiles}>
          <BoundaryMap values={values} title={title} hrefOf={districtHref} />
        </Suspense>
      ) : (
        tiles
      )}
      <figcaption>
        <MapLegend max={max} label={legend} />
      </figcaption>
    </figure>
  );
}
