// Real district shapes drawn with d3-geo: a separate chunk, loaded with the shapes (DistrictMap fetches them).
import { type RefObject, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DistrictBoundaries } from "../../modules/places/place-boundaries.schema";
import { COUNT_SIZE, layoutBoundaryMap, NAME_SIZE } from "./boundary-layout";
import { colourOf, colourSteps } from "./colour-steps";
import { DISTRICT_TILES, type DistrictValue } from "./DistrictTileMap";

const linesOf = (code: string) => DISTRICT_TILES.find((d) => d.code === code)?.lines ?? [];

/** The element's width in CSS pixels, followed as it changes: the map is laid out at 1:1 so its text stays legible. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function BoundaryMap({
  boundaries,
  values,
  title,
  hrefOf,
}: {
  boundaries: DistrictBoundaries;
  values: ReadonlyMap<string, DistrictValue>;
  title: string;
  hrefOf(code: string): string;
}) {
  const { t } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>();
  const layout = useMemo(
    () =>
      layoutBoundaryMap(boundaries.districts, Math.min(width, 720), {
        counts: new Map([...values].map(([code, v]) => [code, String(v.value)])),
        linesOf,
      }),
    [boundaries, width, values],
  );
  const steps = colourSteps(Math.max(0, ...[...values.values()].map((v) => v.value)));
  const valueFor = (code: string) => values.get(code) ?? { value: 0, label: "0" };
  const main = layout.shapes.filter((s) => !s.inset);
  const enlarged = layout.shapes.filter((s) => s.inset);
  return (
    <div ref={ref} className="boundary-map-frame">
      {layout.height > 0 ? (
        <svg
          className="boundary-map"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          aria-label={title}
        >
          <g className="shapes">
            {main.map((s) => {
              const v = valueFor(s.code);
              return (
                <Link key={s.code} to={hrefOf(s.code)} aria-label={`${s.name}: ${v.label}`} className="tile">
                  <title>{`${s.name}: ${v.label}`}</title>
                  <path d={s.d} fill={colourOf(v.value, steps)} stroke="#fff" strokeWidth={1} />
                </Link>
              );
            })}
          </g>
          {layout.kigali && layout.inset ? (
            <rect className="kigali-outline" {...layout.kigali} rx={3} />
          ) : null}
          {layout.inset ? (
            // Kigali again, enlarged for fingers; out of the tab order, the country map's links come first.
            <g className="kigali-inset">
              <rect className="inset-frame" {...layout.inset} rx={4} />
              <text className="inset-caption" x={layout.inset.x + 6} y={layout.inset.y + 13}>
                {t("coordination.districtMap.kigali")}
              </text>
              {enlarged.map((s) => {
                const v = valueFor(s.code);
                return (
                  <Link
                    key={s.code}
                    to={hrefOf(s.code)}
                    tabIndex={-1}
                    aria-label={`${s.name}: ${v.label}`}
                    className="tile"
                  >
                    <title>{`${s.name}: ${v.label}`}</title>
                    <path d={s.d} fill={colourOf(v.value, steps)} stroke="#fff" strokeWidth={1.5} />
                  </Link>
                );
              })}
            </g>
          ) : null}
          {/* Last, so that no neighbouring shape covers a label; taps go through to the shape beneath. */}
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: SVG text is not focusable; the links say it all */}
          <g className="map-labels" aria-hidden="true">
            {layout.labels.map((l) => (
              <text key={l.code} data-code={l.code} textAnchor="middle">
                {l.lines.map((line, i) => (
                  <tspan key={line} x={l.x} y={l.lineY[i]} fontSize={NAME_SIZE} className="map-label-name">
                    {line}
                  </tspan>
                ))}
                <tspan x={l.x} y={l.countY} fontSize={COUNT_SIZE} className="map-label-count">
                  {valueFor(l.code).value}
                </tspan>
              </text>
            ))}
          </g>
        </svg>
      ) : null}
    </div>
  );
}
