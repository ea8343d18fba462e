// `incidents statistics` and `incidents retention`: the suppressed counts as the dashboards show them, and the
// retention run the server makes daily (closed incidents past their period anonymised, legal holds kept).
import { parseArgs } from "node:util";
import {
  anonymiseExpiredIncidents,
  getIncidentStatistics,
  type PublishedCount,
  retentionDays,
} from "../../modules/incidents";
import { findPlaceIdsByCodes } from "../../modules/places";
import type { RunCommand } from "../cli-command";
import { UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { formatTable } from "../text-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const shown = (cell: PublishedCount, threshold: number) =>
  cell.suppressed === "small"
    ? `<${threshold}`
    : cell.suppressed === "complementary"
      ? "–"
      : String(cell.count);

export const runIncidentStatistics: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      district: { type: "string" },
      kind: { type: "string" },
      year: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  const stats = await withMigratedDatabase(io, async (handle, ctx) => {
    let districtId = values.district;
    if (districtId && !UUID.test(districtId)) {
      districtId = (await findPlaceIdsByCodes(handle.db, [districtId])).get(districtId);
      if (!districtId) throw new UsageError(`--district: no place has the code ${values.district}.`);
    }
    // Same validation as GET /api/incidents/statistics: a bad --kind or --year names the field.
    return getIncidentStatistics(ctx, { districtId, kind: values.kind, year: values.year });
  });
  if (values.json) {
    io.out(JSON.stringify(stats, null, 2));
    return;
  }
  const t = stats.threshold;
  io.out(`Incidents ${shown(stats.incidents, t)}, victims ${shown(stats.victims, t)}`);
  for (const [title, items] of [
    ["KIND", stats.byKind],
    ["DISTRICT", stats.byDistrict],
    [stats.filters.year ? "MONTH" : "YEAR", stats.byMonth],
    ["SEX (VICTIMS)", stats.bySex],
    ["AGE GROUP (VICTIMS)", stats.byAgeGroup],
  ] as const) {
    if (items.length === 0) continue;
    io.out("");
    io.out(
      formatTable(
        [title, "COUNT"],
        items.map((i) => [i.label, shown(i.cell, t)]),
      ),
    );
  }
  io.out("");
  io.out(`<${t}: fewer than ${t} (zero included); –: hidden so that a total cannot reveal a small count.`);
};

export const runIncidentRetention: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { date: { type: "string" }, days: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  if (values.date !== undefined && !ISO_DATE.test(values.date))
    throw new UsageError(`--date: write the day as 2026-12-31 (was ${values.date}).`);
  const days = values.days === undefined ? retentionDays(io.env) : Number(values.days);
  if (!Number.isInteger(days) || days < 1)
    throw new UsageError(`--days: a whole number of days, at least 1 (was ${values.days}).`);
  const report = await withMigratedDatabase(io, (_handle, ctx) =>
    anonymiseExpiredIncidents({ ...ctx, ...(values.date ? { today: values.date } : {}) }, { days }),
  );
  if (values.json) {
    io.out(JSON.stringify({ ...report, days }, null, 2));
    return;
  }
  io.out(
    `${report.anonymised} closed incident${report.anonymised === 1 ? "" : "s"} anonymised (closed more than ${days} days ago, not on legal hold).`,
  );
};
