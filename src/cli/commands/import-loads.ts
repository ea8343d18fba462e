// `import loads`: progress loaded in one transaction and still dated with the day of loading (decision 042).
// `import redate LOAD_ID --as-of YYYY-MM-DD`: dates such a load with the day its report was as of.
import { parseArgs } from "node:util";
import {
  listStatusReportLoads,
  type RedateLoadResult,
  redateStatusReportLoad,
  type StatusReportLoad,
} from "../../modules/imports";
import { AppError } from "../../shared/app-errors";
import { CliError, type RunCommand, requireOption, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const summaryOf = (load: StatusReportLoad) =>
  `${countOf(load.progressEntries, "progress entry", "progress entries")} of ${countOf(load.agreements, "agreement")}` +
  (load.registrations > 0 ? `, ${countOf(load.registrations, "agreement")} registered that day` : "");

export const runListLoads: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const { items } = await withMigratedDatabase(io, (_handle, ctx) => listStatusReportLoads(ctx));
  if (values.json) {
    io.out(JSON.stringify({ items }, null, 2));
    return;
  }
  if (items.length === 0) {
    io.out("No load is left to re-date: no progress is still dated with the day it was loaded.");
    return;
  }
  io.out(
    formatTable(
      ["ID", "LOADED (UTC)", "DAY", "BY", "ENTRIES", "AGREEMENTS", "REGISTERED", "TITLES"],
      items.map((l) => [
        l.id,
        l.loadedAt.slice(0, 19).replace("T", " "),
        l.loadDay,
        l.loadedBy,
        String(l.progressEntries),
        String(l.agreements),
        String(l.registrations),
        l.agreementTitles.join("; ") + (l.agreements > l.agreementTitles.length ? "; …" : ""),
      ]),
    ),
  );
  io.out(
    `${countOf(items.length, "load")} still dated with the day of loading. Date one with the day its report was as of: ` +
      "npm run cli -- import redate ID --as-of YYYY-MM-DD",
  );
};

/** The service's field names as this command's options. */
function withOptionNames(error: unknown): unknown {
  if (!(error instanceof AppError) || error.errors.length === 0) return error;
  const errors = error.errors.map((e) => (e.path === "reportDate" ? { ...e, path: "--as-of" } : e));
  return new AppError(error.kind, error.message, errors);
}

export const runRedateLoad: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { "as-of": { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const [id, ...extra] = positionals;
  if (id === undefined || id === "") throw new UsageError("LOAD_ID is required (see `import loads`).");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  const asOf = requireOption(values["as-of"], "--as-of");
  if (!ISO_DATE.test(asOf)) throw new UsageError("--as-of: use a date such as 2024-06-30.");

  await withMigratedDatabase(io, async (_handle, ctx) => {
    if (values["dry-run"]) {
      const load = (await listStatusReportLoads(ctx)).items.find((l) => l.id === id);
      if (!load) throw new CliError(`No load ${id} is left to re-date. See \`npm run cli -- import loads\`.`);
      if (asOf > load.loadDay)
        throw new CliError(`--as-of: ${asOf} is after the day the load was made (${load.loadDay}).`);
      if (values.json) io.out(JSON.stringify({ load, reportDate: asOf }, null, 2));
      else
        io.out(
          `Would date ${summaryOf(load)}, loaded on ${load.loadDay} by ${load.loadedBy}, as of ${asOf} ` +
            "(date not reported). Nothing was changed.",
        );
      return;
    }
    let result: RedateLoadResult;
    try {
      result = await redateStatusReportLoad(ctx, id, { reportDate: asOf });
    } catch (error) {
      throw withOptionNames(error);
    }
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
      return;
    }
    const kept =
      result.registrationsKept > 0
        ? ` ${countOf(result.registrationsKept, "registration")} kept on ${result.loadDay}: a later status change of the agreement is dated before ${result.reportDate}.`
        : "";
    io.out(
      `Re-dated: ${countOf(result.progressEntries, "progress entry", "progress entries")} of ${countOf(result.agreements, "agreement")} ` +
        `now of ${result.reportDate} (date not reported), ${countOf(result.registrations, "agreement")} registered on ${result.reportDate}.${kept}`,
    );
  });
};
