// Rwanda's 30 districts as a tile-grid cartogram: one equal tile each (Kigali's three stay tappable), no map data.
import { Link } from "react-router";
import { type ColourStep, colourOf, colourSteps, MAP_COLOURS, textColourOn } from "./colour-steps";
import { estimateWidthEm, nameLines } from "./name-lines";

/** Letters a line of a tile holds at 12 units (≥ 10 px on a 360 px phone); a longer name is cut or shrunk. */
const LETTERS_PER_LINE = 5;

/**
 * Column and row of each district (by our place code), laid out from the districts' real positions, and its
 * name in one or two lines cut at a syllable with a hyphen ("Musa-" "nze"): the whole name stays readable on a
 * phone-sized tile, so no two tiles look alike (Nyarugenge and Nyaruguru, Nyamasheke and Nyamagabe). A name no
 * syllable cut fits (none today) is drawn whole on one line, smaller (`scale`).
 */
export const DISTRICT_TILES: readonly {
  code: string;
  name: string;
  lines: readonly string[];
  scale: number;
  col: number;
  row: number;
}[] = (
  [
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
  ] as const
).map((d) => {
  const lines = nameLines(d.name, LETTERS_PER_LINE);
  return lines
    ? { ...d, lines, scale: 1 }
    : { ...d, lines: [d.name], scale: Math.min(1, LETTERS_PER_LINE / d.name.length) };
});

// Eight columns fill a 360 px phone at ~42 px a column: tiles are taller than wide to hold two lines of name
// at 12 units (≥ 10 px there) above the count, and every tile stays a ≥ 40 px target.
const TILE_W = 50;
const TILE_H = 62;
const GAP = 2;
const COLUMNS = 8;
const ROWS = 5;
const NAME_SIZE = 12;
/**
 * A line of name may be this wide: the tile's 48 less a margin. The few lines estimated wider ("Rwama-", 49 units in
 * DejaVu Sans) are drawn narrower (`textLength`, at most ~6 %) rather than smaller: 12 units is the 10 px floor on a
 * phone.
 */
const NAME_WIDTH = 46;

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
  const steps = colourSteps(Math.max(0, ...[...values.values()].map((v) => v.value)));
  return (
    <svg
      className="tile-map"
      viewBox={`0 0 ${COLUMNS * TILE_W} ${ROWS * TILE_H}`}
      aria-label={title}
      preserveAspectRatio="xMidYMid meet"
    >
      {DISTRICT_TILES.map((d) => {
        const v = values.get(d.code) ?? { value: 0, label: "0" };
        const fill = colourOf(v.value, steps);
        const ink = textColourOn(fill);
        const x = d.col * TILE_W;
        const y = d.row * TILE_H;
        // One line sits mid-way in the name's space; two lines share it.
        const firstLine = d.lines.length === 1 ? 23 : 17;
        return (
          <Link key={d.code} to={hrefOf(d.code)} aria-label={`${d.name}: ${v.label}`} className="tile">
            <title>{`${d.name}: ${v.label}`}</title>
            <rect
              x={x + GAP / 2}
              y={y + GAP / 2}
              width={TILE_W - GAP}
              height={TILE_H - GAP}
              rx={4}
              fill={fill}
            />
            {d.lines.map((line, i) => {
              const width = estimateWidthEm(line) * NAME_SIZE * d.scale;
              return (
                <text
                  key={line}
                  x={x + TILE_W / 2}
                  y={y + firstLine + i * 13}
                  textAnchor="middle"
                  className="tile-text"
                  fill={ink}
                  style={d.scale < 1 ? { fontSize: `${NAME_SIZE * d.scale}px` } : undefined}
                  {...(width > NAME_WIDTH
                    ? { textLength: NAME_WIDTH, lengthAdjust: "spacingAndGlyphs" as const }
                    : {})}
                >
                  {line}
                </text>
              );
            })}
            <text x={x + TILE_W / 2} y={y + 51} textAnchor="middle" className="tile-count" fill={ink}>
              {v.value}
            </text>
          </Link>
        );
      })}
    </svg>
  );
}

const stepLabel = (s: ColourStep) => (s.from === s.to ? String(s.to) : `${s.from}–${s.to}`);

/** The colour steps as swatches: 0, then each step's counts ("1", "2", "3", or "1–3", "4–5"…). */
export function MapLegend({ max, label }: { max: number; label: string }) {
  const steps = [{ from: 0, to: 0, fill: MAP_COLOURS[0] }, ...colourSteps(max)];
  return (
    <p className="map-legend" aria-hidden="true">
      <span>{label}</span>
      {steps.map((s) => (
        <span key={s.fill} className="map-legend-step">
          <span className="swatch" style={{ background: s.fill }} />
          {stepLabel(s)}
        </span>
      ))}
    </p>
  );
}
