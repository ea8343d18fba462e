// `coordination matrix|gaps|district`: the 3W views of the API, as text tables, JSON or HXL CSV.
import { parseArgs } from "node:util";
import {
  DistrictQuerySchema,
  exportMatrixHxl,
  GapsQuerySchema,
  getDistrictSummary,
  getMatrix,
  listGaps,
  MatrixQuerySchema,
} from "../../modules/coordination";
import { parseInput } from "../../shared/validation";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { formatTable } from "../text-table";

const byText = new Intl.Collator("en").compare;

const periodOptions = {
  date: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  json: { type: "boolean" },
} as const;

export const runMatrix: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      ...periodOptions,
      theme: { type: "string" },
      level: { type: "string" },
      hxl: { type: "boolean" },
    },
    strict: true,
  });
  const { json, hxl, ...rest } = values;
  const query = parseInput(MatrixQuerySchema, rest, "query");
  await withMigratedDatabase(io, async (_handle, ctx) => {
    if (hxl) {
      io.out((await exportMatrixHxl(ctx, query)).trimEnd());
      return;
    }
    const matrix = await getMatrix(ctx, query);
    if (json) {
      io.out(JSON.stringify(matrix, null, 2));
      return;
    }
    const orgs = new Map(matrix.organisations.map((o) => [o.id, o.acronym ?? o.name]));
    const places = new Map(matrix.places.map((p) => [p.id, p.name]));
    const rows = matrix.cells
      .map((c) => [
        places.get(c.placeId) ?? "",
        c.theme,
        orgs.get(c.organisationId) ?? "",
        String(c.recordIds.length),
      ])
      .sort((a, b) => a.join("|").localeCompare(b.join("|")));
    if (rows.length > 0) io.out(formatTable(["PLACE", "THEME", "ORGANISATION", "RECORDS"], rows));
    io.out(
      `${matrix.cells.length} cells, ${matrix.organisations.length} organisations, ${matrix.period.from} to ${matrix.period.to}`,
    );
  });
};

export const runGaps: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { ...periodOptions, theme: { type: "string" }, level: { type: "string" } },
    strict: true,
  });
  const { json, ...rest } = values;
  const query = parseInput(GapsQuerySchema, rest, "query");
  const gaps = await withMigratedDatabase(io, (_handle, ctx) => listGaps(ctx, query));
  if (json) {
    io.out(JSON.stringify(gaps, null, 2));
    return;
  }
  for (const p of gaps.gaps) io.out(p.name);
  io.out(`${gaps.gaps.length} without a partner for ${gaps.theme}, ${gaps.covered} with one.`);
};

export const runDistrict: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: periodOptions,
    allowPositionals: true,
    strict: true,
  });
  const [code] = positionals;
  if (!code) throw new UsageError("CODE is required (e.g. RW-D11).");
  const { json, ...rest } = values;
  const query = parseInput(DistrictQuerySchema, rest, "query");
  const summary = await withMigratedDatabase(io, (_handle, ctx) => getDistrictSummary(ctx, code, query));
  if (json) {
    io.out(JSON.stringify(summary, null, 2));
    return;
  }
  const byId = new Map(summary.organisationsById.map((o) => [o.id, o.acronym ?? o.name]));
  io.out(`${summary.district.name} (${summary.province?.name ?? ""})`);
  io.out(
    formatTable(
      ["ORGANISATION", "THEMES"],
      summary.organisations.map((o) => [o.organisation.acronym ?? o.organisation.name, o.themes.join(", ")]),
    ),
  );
  for (const f of summary.facilities) {
    io.out(`${f.place.name}${f.isOpen ? "" : " (closed)"}`);
    for (const t of f.themes) {
      // By the short name printed (the service orders them so too): ADEPR, ARDHO, LoH…, not by full name.
      const partners = t.organisationIds.map((id) => byId.get(id) ?? id).sort(byText);
      io.out(`  ${t.theme}: ${partners.join(", ")}`);
    }
  }
};
