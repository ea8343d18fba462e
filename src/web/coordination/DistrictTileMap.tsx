// Rwanda's 30 districts as a tile-grid cartogram: one equal square each (Kigali's three stay tappable), no map data.
import { Link } from "react-router";

/** Column and row of each district (by our place code), laid out from the districts' real positions. */
export const DISTRICT_TILES: readonly { code: string; name: string; col: number; row: number }[] = [
  { code: "RW-D33", name: "Rubavu", col: 1, row: 0 },
  { code: "RW-D34", name: "Nyabihu", col: 2, row: 0 },
  { code: "RW-D43", name: "Musanze", col: 3, row: 0 },
  { code: "RW-D44", name: "Burera", col: 4, row: 0 },
  { code: "RW-D45", name: "Gicumbi", col: 5, row: 0 },
  { code: "RW-D52", name: "Nyagatare", col: 6, row: 0 },
  { code: "RW-D32", name: "Rutsiro", col: 1, row: 1 },
  { code: "RW-D35", name: "Ngororero", col: 2, row: 1 },
  { code: "RW-D42", name: "Gakenke", col: 3, row: 1 },
  { code: "RW-D41", name: "Rulindo", col: 4, row: 1 },
  { code: "RW-D12", name: "Gasabo", col: 5, row: 1 },
  { code: "RW-D53", name: "Gatsibo", col: 6, row: 1 },
  { code: "RW-D31", name: "Karongi", col: 1, row: 2 },
  { code: "RW-D27", name: "Muhanga", col: 2, row: 2 },
  { code: "RW-D28", name: "Kamonyi", col: 3, row: 2 },
  { code: "RW-D11", name: "Nyarugenge", col: 4, row: 2 },
  { code: "RW-D13", name: "Kicukiro", col: 5, row: 2 },
  { code: "RW-D51", name: "Rwamagana", col: 6, row: 2 },
  { code: "RW-D54", name: "Kayonza", col: 7, row: 2 },
  { code: "RW-D37", name: "Nyamasheke", col: 0, row: 3 },
  { code: "RW-D25", name: "Nyamagabe", col: 1, row: 3 },
  { code: "RW-D26", name: "Ruhango", col: 2, row: 3 },
  { code: "RW-D21", name: "Nyanza", col: 3, row: 3 },
  { code: "RW-D57", name: "Bugesera", col: 4, row: 3 },
  { code: "RW-D56", name: "Ngoma", col: 5, row: 3 },
  { code: "RW-D55", name: "Kirehe", col: 6, row: 3 },
  { code: "RW-D36", name: "Rusizi", col: 0, row: 4 },
  { code: "RW-D23", name: "Nyaruguru", col: 1, row: 4 },
  { code: "RW-D24", name: "Huye", col: 2, row: 4 },
  { code: "RW-D22", name: "Gisagara", col: 3, row: 4 },
];

const TILE = 50;
const GAP = 3;
/** Five steps from pale to deep; zero stays grey so an empty district reads as a gap. */
const SCALE = ["#eef1f4", "#d3e7dc", "#a6d1b8", "#6fb592", "#3a946b", "#1d6b49"];

export function tileColour(value: number, max: number): string {
  if (value <= 0 || max <= 0) return SCALE[0] as string;
  const step = Math.min(5, Math.max(1, Math.ceil((value / max) * 5)));
  return SCALE[step] as string;
}

/** The two deepest steps take white text. */
export const isDarkFill = (fill: string) => fill === SCALE[4] || fill === SCALE[5];

export type DistrictValue = { value: number; label: string };

export function DistrictTileMap({
  values,
  title,
  hrefOf,
}: {
  /** By district code. */
  values: ReadonlyMap<string, DistrictValue>;
  title: string;
  hrefOf(code: string): string;
}) {
  const max = Math.max(0, ...[...values.values()].map((v) => v.value));
  return (
    <svg
      className="tile-map"
      viewBox={`0 0 ${8 * TILE} ${5 * TILE}`}
      role="img"
      aria-label={title}
      preserveAspectRatio="xMidYMid meet"
    >
      {DISTRICT_TILES.map((d) => {
        const v = values.get(d.code) ?? { value: 0, label: "0" };
        const fill = tileColour(v.value, max);
        const dark = isDarkFill(fill);
        return (
          <Link key={d.code} to={hrefOf(d.code)} aria-label={`${d.name}: ${v.label}`} className="tile">
            <title>{`${d.name}: ${v.label}`}</title>
            <rect
              x={d.col * TILE + GAP / 2}
              y={d.row * TILE + GAP / 2}
              width={TILE - GAP}
              height={TILE - GAP}
              rx={4}
              fill={fill}
            />
            <text
              x={d.col * TILE + TILE / 2}
              y={d.row * TILE + 21}
              textAnchor="middle"
              className={dark ? "tile-text tile-text-dark" : "tile-text"}
            >
              {d.name.slice(0, 5)}
            </text>
            <text
              x={d.col * TILE + TILE / 2}
              y={d.row * TILE + 38}
              textAnchor="middle"
              className={dark ? "tile-count tile-text-dark" : "tile-count"}
            >
              {v.value}
            </text>
          </Link>
        );
      })}
    </svg>
  );
}

export function MapLegend({ max, label }: { max: number; label: string }) {
  const steps = [0, 1, 2, 3, 4, 5].map((i) => (i === 0 ? 0 : Math.ceil((max * i) / 5)));
  return (
    <p className="map-legend" aria-hidden="true">
      <span>{label}</span>
      {steps.map((v, i) => (
        <span key={SCALE[i]} className="map-legend-step">
          <span className="swatch" style={{ background: SCALE[i] }} />
          {i === 0 ? "0" : `≤${v}`}
        </span>
      ))}
    </p>
  );
}
