// `places load-boundaries FILE`: replace the district boundaries with a GeoJSON or TopoJSON file, all or nothing.
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { loadDistrictBoundaries, MAX_BOUNDARY_BYTES } from "../../modules/places";
import { CliError, type RunCommand, singleFileArgument } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";

export const runLoadBoundaries: RunCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const file = singleFileArgument(positionals);
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new CliError(`Cannot read ${file}.`);
    },
  );
  // Refused before reading: a 2 GB file must not be loaded into memory to be told it is too large.
  if (size > MAX_BOUNDARY_BYTES) {
    throw new CliError(
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is 20 MB. Simplify the shapes.`,
    );
  }
  const text = await readFile(file, "utf8");
  // The districts must exist to be matched: load the reference places as `migrate` does.
  const status = await withMigratedDatabase(
    io,
    (_handle, ctx) => loadDistrictBoundaries(ctx, { text, byteLength: size, name: basename(file) }),
    { referencePlaces: true },
  );
  io.out(`Loaded the boundaries of ${status.districts} districts from ${basename(file)}.`);
};
