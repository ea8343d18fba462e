// `export status-report`: the status report as a file, with the agreements list's filters, as of a date.
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { findOrganisationByName } from "../../modules/organisations";
import { findPlaceIdsByCodes } from "../../modules/places";
import { exportStatusReport, REPORT_FORMATS } from "../../modules/status-report";
import { invalid } from "../../shared/app-errors";
import { CliError, type RunCommand, requireOption, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const runExportStatusReport: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: "string" },
      out: { type: "string" },
      "as-of": { type: "string" },
      lang: { type: "string" },
      section: { type: "string" },
      status: { type: "string" },
      kind: { type: "string" },
      theme: { type: "string" },
      place: { type: "string" },
      party: { type: "string" },
      "party-kind": { type: "string" },
      "signed-year": { type: "string" },
      q: { type: "string" },
      sort: { type: "string" },
      force: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals.join(" ")}`);
  const format = requireOption(values.format, "--format");
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}.`);
  }
  const out = requireOption(values.out, "--out");
  if (existsSync(out) && !values.force) {
    throw new CliError(`${out} already exists. Choose another name, or add --force to replace it.`);
  }
  const file = await withMigratedDatabase(io, async (handle, ctx) => {
    // --place takes a place code (RW-D51, RW-F-NYANZA) or id; --party an organisation's name or id.
    let placeId = values.place;
    if (placeId && !UUID.test(placeId)) {
      placeId = (await findPlaceIdsByCodes(handle.db, [placeId])).get(placeId);
      if (!placeId)
        throw invalid([{ path: "place", message: `No place has the code "${values.place}".`, in: "query" }]);
    }
    let organisationId = values.party;
    if (organisationId && !UUID.test(organisationId)) {
      organisationId = (await findOrganisationByName(ctx, organisationId))?.id;
      if (!organisationId) {
        throw invalid([
          { path: "party", message: `No organisation is named "${values.party}".`, in: "query" },
        ]);
      }
    }
    // Same validation as GET /api/reports/status-report: a bad value names its field.
    return exportStatusReport(ctx, {
      format,
      asOf: values["as-of"],
      lang: values.lang,
      section: values.section,
      status: values.status,
      kind: values.kind,
      theme: values.theme,
      placeId,
      organisationId,
      partyKind: values["party-kind"],
      signedYear: values["signed-year"],
      q: values.q,
      sort: values.sort,
    });
  });
  // Written beside the target, then renamed: an interrupted export leaves no half file under the name.
  const partial = `${out}.partial`;
  try {
    await writeFile(partial, file.bytes);
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  io.out(
    `Wrote ${out} (${file.bytes.byteLength.toLocaleString("en")} bytes, ${file.contentType.split(";")[0]}).`,
  );
};
