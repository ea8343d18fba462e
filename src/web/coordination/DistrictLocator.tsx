// Where a district lies: Rwanda's districts drawn small with d3-geo, this one filled (a chunk loaded with the shapes).
import { geoMercator, geoPath } from "d3-geo";
import type { FeatureCollection, Geometry } from "geojson";
import { useMemo } from "react";
import type { DistrictBoundaries } from "../../modules/places/place-boundaries.schema";
import { MAP_COLOURS } from "./colour-steps";

const WIDTH = 220;

export function DistrictLocator({
  boundaries,
  code,
  label,
}: {
  boundaries: DistrictBoundaries;
  code: string;
  label: string;
}) {
  const drawn = useMemo(() => {
    const collection: FeatureCollection<Geometry, { code: string }> = {
      type: "FeatureCollection",
      features: boundaries.districts.map((d) => ({
        type: "Feature",
        properties: { code: d.code },
        geometry: d.geometry,
      })),
    };
    const path = geoPath(geoMercator().fitWidth(WIDTH, collection));
    const height = Math.ceil(path.bounds(collection)[1][1]);
    return {
      height,
      shapes: collection.features.map((f) => ({ code: f.properties.code, d: path(f) ?? "" })),
    };
  }, [boundaries]);
  // The district last, so that its outline is drawn over its neighbours'.
  const shapes = [...drawn.shapes].sort((a, b) => Number(a.code === code) - Number(b.code === code));
  return (
    <svg
      className="district-locator-map"
      viewBox={`0 0 ${WIDTH} ${drawn.height}`}
      width={WIDTH}
      height={drawn.height}
      role="img"
      aria-label={label}
    >
      {shapes.map((s) => (
        <path
          key={s.code}
          d={s.d}
          className={s.code === code ? "current" : undefined}
          fill={s.code === code ? MAP_COLOURS[5] : MAP_COLOURS[0]}
          stroke={s.code === code ? "#1f2a33" : "#9aa5b1"}
          strokeWidth={s.code === code ? 1.5 : 0.5}
        />
      ))}
    </svg>
  );
}
