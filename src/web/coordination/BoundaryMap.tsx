// Real district shapes drawn with d3-geo: a separate chunk, loaded only when boundaries were uploaded.
import { geoMercator, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useMemo } from "react";
import { Link } from "react-router";
import { client, unwrap } from "../api";
import { useAsync } from "../ui/useAsync";
import { colourOf, colourSteps, isDarkFill } from "./colour-steps";
import type { DistrictValue } from "./DistrictTileMap";

const WIDTH = 400;
const HEIGHT = 340;

export function BoundaryMap({
  values,
  title,
  hrefOf,
}: {
  values: ReadonlyMap<string, DistrictValue>;
  title: string;
  hrefOf(code: string): string;
}) {
  const boundaries = useAsync(() => unwrap(client.api.places.boundaries.$get()), []);
  const shapes = useMemo(() => {
    const features = boundaries.data?.districts ?? [];
    if (features.length === 0) return [];
    const collection: FeatureCollection<Geometry, { code: string; name: string }> = {
      type: "FeatureCollection",
      features: features.map(
        (d): Feature<Geometry, { code: string; name: string }> => ({
          type: "Feature",
          properties: { code: d.code, name: d.name },
          geometry: d.geometry as Geometry,
        }),
      ),
    };
    const projection = geoMercator().fitSize([WIDTH, HEIGHT], collection);
    const path = geoPath(projection);
    return collection.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      d: path(f) ?? "",
      centre: path.centroid(f),
    }));
  }, [boundaries.data]);
  const steps = colourSteps(Math.max(0, ...[...values.values()].map((v) => v.value)));
  return (
    <svg className="boundary-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
      {shapes.map((s) => {
        const v = values.get(s.code) ?? { value: 0, label: "0" };
        const fill = colourOf(v.value, steps);
        return (
          <Link key={s.code} to={hrefOf(s.code)} aria-label={`${s.name}: ${v.label}`} className="tile">
            <title>{`${s.name}: ${v.label}`}</title>
            <path d={s.d} fill={fill} stroke="#fff" strokeWidth={1} />
            <text
              x={s.centre[0]}
              y={s.centre[1]}
              textAnchor="middle"
              className={isDarkFill(fill) ? "tile-count tile-text-dark" : "tile-count"}
            >
              {v.value}
            </text>
          </Link>
        );
      })}
    </svg>
  );
}
