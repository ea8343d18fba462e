// `migrate`: applies the migrations and loads the reference places, as the server does at start.
import { parseArgs } from "node:util";
import { databaseOptionsFromEnv } from "../../db/client";
import { countPlacesByKind } from "../../modules/places";
import type { RunCommand } from "../cli-command";
import { describeDatabase, withMigratedDatabase } from "../cli-database";
import { countOf } from "../text-table";

export const runMigrate: RunCommand = async (args, io) => {
  parseArgs({ args, options: {}, strict: true });
  const byKind = await withMigratedDatabase(io, (handle) => countPlacesByKind(handle.db), {
    referencePlaces: true,
  });
  io.out(
    `Migrated the ${describeDatabase(databaseOptionsFromEnv(io.env))}; reference places: ` +
      `${countOf(byKind.province ?? 0, "province")}, ${countOf(byKind.district ?? 0, "district")}, ` +
      `${countOf(byKind.sector ?? 0, "sector")}, ` +
      `${countOf(byKind.place_of_detention ?? 0, "place of detention", "places of detention")}.`,
  );
};
