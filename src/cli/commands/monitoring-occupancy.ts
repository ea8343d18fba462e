// `monitoring import-occupancy FILE [--source TEXT] [--as-of YYYY-MM-DD] [--dry-run] [--json]`: an occupancy table
// (CSV or XLSX) into figures of places of detention; every bad cell named by file, row and column, nothing written.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { importOccupancyTable, type OccupancyImportResult } from "../../modules/monitoring";
import { IsoDateSchema } from "../../shared/iso-date";
import { CliError, type RunCommand, singleFileArgument, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { formatTable } from "../text-table";

const figureText = (r: OccupancyImportResult["rows"][number]) =>
  [
    r.publishedRate === null ? null : `${r.publishedRate}%`,
    r.population === null ? null : `population ${r.population}`,
    r.capacity === null ? null : `capacity ${r.capacity}`,
  ]
    .filter((x) => x !== null)
    .join(", ");

export const runImportOccupancy: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      source: { type: "string" },
      "as-of": { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  const path = singleFileArgument(positionals);
  const asOf = values["as-of"];
  if (asOf !== undefined && !IsoDateSchema.safeParse(asOf).success)
    throw new UsageError(`--as-of ${asOf} is not a date such as 2021-10-31.`);
  const upload = { fileName: basename(path), bytes: new Uint8Array(await readFile(path)) };
  await withMigratedDatabase(
    io,
    async (_handle, ctx) => {
      const options = { source: values.source, asOf };
      // The preview first: its problems are printed whole, and then nothing is written.
      const preview = await importOccupancyTable(ctx, upload, { ...options, dryRun: true });
      const result =
        values["dry-run"] || preview.errors.length > 0
          ? preview
          : await importOccupancyTable(ctx, upload, { ...options, dryRun: false });
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else {
        if (result.rows.length > 0)
          io.out(
            formatTable(
              ["ROW", "NAME IN FILE", "PLACE OF DETENTION", "DATE", "FIGURE", "SOURCE", "ACTION"],
              result.rows.map((r) => [
                String(r.row),
                r.facilityName,
                r.placeName,
                r.asOf,
                figureText(r),
                r.source,
                r.action,
              ]),
            ),
          );
        for (const e of result.errors)
          io.err(
            `${e.file}${e.row === null ? "" : `, row ${e.row}`}${e.column ? `, column ${e.column}` : ""}: ${e.message}`,
          );
      }
      if (result.errors.length > 0)
        throw new CliError(`${result.errors.length} problem(s) in ${upload.fileName}: nothing was imported.`);
      if (!values.json)
        io.out(
          result.written
            ? `Imported ${result.rows.length} figures from ${upload.fileName}.`
            : `Dry run: ${result.rows.length} figures would be written; nothing was written.`,
        );
    },
    // Facility names are matched to the reference places of detention: load them first, as `migrate` does.
    { referencePlaces: true },
  );
};
