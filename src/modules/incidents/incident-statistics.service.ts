// Incident counts for dashboards and public pages: one cube of incidents (kind × district × month) and one of victims
// (kind × district × month × sex × age group) over the WHOLE register, small cells suppressed with their complements
// (small-cells.ts); every answer reads cells of those cubes, whoever asks and whatever the filter, so that two
// answers cannot be subtracted to reveal a small count. A district-scoped reader gets their districts' cells only.
import { isAllowed, listScope, type ServiceContext } from "../../kernel";
import { AppError, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type IncidentStatistics,
  IncidentStatisticsQuerySchema,
  type StatisticsItem,
} from "./incident-statistics.schema";
import {
  selectDistrictNames,
  selectStatisticsGeneration,
  selectStatisticsLeaves,
} from "./incident-statistics.store";
import { AGE_GROUPS, INCIDENT_KINDS, SEXES } from "./incidents.schema";
import {
  ALL,
  buildSuppressedCube,
  type CellReading,
  DEFAULT_THRESHOLD,
  defineDimension,
  type SuppressedCube,
} from "./small-cells";

/** The threshold below which a count is "small": configurable (INCIDENT_STATISTICS_THRESHOLD, at least 3). */
export function statisticsThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.INCIDENT_STATISTICS_THRESHOLD ?? DEFAULT_THRESHOLD);
  return Number.isInteger(value) && value >= 3 ? value : DEFAULT_THRESHOLD;
}

type IncidentDims = "kind" | "district" | "time";
type VictimDims = IncidentDims | "sex" | "age";
type Cubes = {
  generation: string;
  threshold: number;
  incidents: SuppressedCube<IncidentDims>;
  victims: SuppressedCube<VictimDims>;
  months: string[];
  districtNames: Map<string, string>;
};

// The cubes of the register as it was at `generation` (count and last change of incidents and persons): built once
// per change, not per request. One process-wide cache per database handle.
const cache = new WeakMap<object, Cubes>();

async function loadCubes(ctx: ServiceContext): Promise<Cubes> {
  const threshold = statisticsThreshold();
  const generation = `${await selectStatisticsGeneration(ctx.db)}|${threshold}`;
  const cached = cache.get(ctx.db);
  if (cached && cached.generation === generation) return cached;
  const [leaves, districtNames] = await Promise.all([
    selectStatisticsLeaves(ctx.db),
    selectDistrictNames(ctx.db),
  ]);
  const years = new Set<string>();
  for (const l of leaves) if (l.month) years.add(l.month.slice(0, 4));
  const months: string[] = [];
  for (const year of [...years].sort()) {
    for (let m = 1; m <= 12; m++) months.push(`${year}-${String(m).padStart(2, "0")}`);
    months.push(`${year}-??`);
  }
  const time = defineDimension("time", [
    ...months.map((key) => ({ key, within: [key.slice(0, 4)] })),
    "unknown",
  ]);
  const kind = defineDimension("kind", [...INCIDENT_KINDS]);
  const district = defineDimension("district", [...districtNames.keys(), "abroad", "unknown"]);
  const sex = defineDimension("sex", [...SEXES]);
  const age = defineDimension("age", [...AGE_GROUPS]);
  const timeOf = (month: string | null) => month ?? "unknown";
  const districtOf = (l: { districtId: string | null; abroad: boolean }) =>
    l.districtId ?? (l.abroad ? "abroad" : "unknown");
  const incidents = buildSuppressedCube<IncidentDims>({
    dimensions: [kind, district, time],
    leafCounts: leaves
      .filter((l) => l.unit === "incident")
      .map((l) => ({ coords: [l.kind, districtOf(l), timeOf(l.month)], count: l.count })),
    threshold,
  });
  const victims = buildSuppressedCube<VictimDims>({
    dimensions: [kind, district, time, sex, age],
    leafCounts: leaves
      .filter((l) => l.unit === "victim")
      .map((l) => ({
        coords: [l.kind, districtOf(l), timeOf(l.month), l.sex ?? "unknown", l.ageGroup ?? "unknown"],
        count: l.count,
      })),
    threshold,
  });
  const cubes: Cubes = { generation, threshold, incidents, victims, months, districtNames };
  cache.set(ctx.db, cubes);
  return cubes;
}

const published = (cell: CellReading) => ({ count: cell.count, suppressed: cell.suppressed });

/**
 * Counts by kind, district, month, sex and age group, filtered by district, kind and year. A national reader may ask
 * for any district or all; a district-scoped one only for their districts (404 for another: it does not exist to
 * them), and "all districts" is then refused, since a sum of their districts is no cell of the cube.
 */
export async function getIncidentStatistics(
  ctx: ServiceContext,
  query: unknown,
): Promise<IncidentStatistics> {
  const filters = parseInput(IncidentStatisticsQuerySchema, query, "query");
  const scope = listScope(ctx.actor, "incident_statistics");
  if (!scope.all && scope.districtIds.length === 0)
    throw new AppError("forbidden", "Your role does not give incident statistics.");
  const districtId = filters.districtId ?? (scope.all ? undefined : scope.districtIds[0]);
  if (
    districtId &&
    !isAllowed(ctx.actor, "incident_statistics", "read", { organisationIds: [], districtIds: [districtId] })
  )
    throw notFound("The district");
  const cubes = await loadCubes(ctx);
  if (districtId && !cubes.districtNames.has(districtId)) throw notFound("The district");
  const year = filters.year ? String(filters.year) : ALL;
  const base = { kind: filters.kind ?? ALL, district: districtId ?? ALL, time: year };
  const label = (dimension: string, key: string) =>
    dimension === "district" ? (cubes.districtNames.get(key) ?? key) : key;
  const along = (cube: "incidents" | "victims", dimension: VictimDims): StatisticsItem[] => {
    // Along a dimension the filter does not hold: every kind beside the chosen district, and so on.
    const at = { ...base, [dimension]: dimension === "time" ? year : ALL };
    const b =
      cube === "incidents"
        ? cubes.incidents.breakdown(at, dimension as IncidentDims)
        : cubes.victims.breakdown(at, dimension);
    return b.items.map((item) => ({
      key: item.key,
      label: label(dimension, item.key),
      cell: published(item.cell),
    }));
  };
  // Months of the chosen year only (all years' months would be a long, mostly empty list).
  // The months of the chosen year, or the years when none is chosen.
  const byMonth = along("incidents", "time");
  return {
    threshold: cubes.threshold,
    filters: { districtId: districtId ?? null, kind: filters.kind ?? null, year: filters.year ?? null },
    incidents: published(cubes.incidents.cell(base)),
    victims: published(cubes.victims.cell(base)),
    byKind: along("incidents", "kind"),
    byDistrict: districtId ? [] : along("incidents", "district"),
    byMonth,
    bySex: along("victims", "sex"),
    byAgeGroup: along("victims", "age"),
  };
}
