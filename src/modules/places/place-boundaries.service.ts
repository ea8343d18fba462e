// District boundaries: the built-in set until an administrator loads a whole file (all 30 districts, each checked, or
// nothing changes); removing that file brings the built-in set back.
import type { Database } from "../../db/client";
import { assertAllowedOnResource, inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { invalid } from "../../shared/app-errors";
import { recordChange } from "../audit";
import type * as PlaceBoundaries from "./place-boundaries.import";
import {
  type BoundaryParseResult,
  type DistrictKey,
  type ParsedBoundary,
  readBuiltInBoundaries,
} from "./place-boundaries.import";
import { type BoundaryStatus, BUILT_IN_BOUNDARIES, type DistrictBoundaries } from "./place-boundaries.schema";
import {
  deleteBoundaries,
  replaceBoundaries,
  selectBoundaries,
  selectBoundaryStatus,
} from "./place-boundaries.store";
import { selectPlaces } from "./places.store";

/** Read in a worker thread (kernel/files): JSON.parse of 20 MB and the arcs' decoding stay off the request thread. */
const BOUNDARY_PARSER = codeModuleUrl("modules/places/place-boundaries.import.ts");

async function districtKeys(db: Database): Promise<(DistrictKey & { id: string })[]> {
  const { items } = await selectPlaces(db, { kind: "district", limit: 100 });
  return items.map((d) => ({
    id: d.id,
    placeCode: d.code,
    name: d.name,
    nisrCode: d.code.replace(/^RW-D/, ""),
  }));
}

/**
 * Replaces the boundaries with a file's: its text (the CLI), or an upload's JSON body as received (null when it came
 * without a JSON Content-Type; handed to the worker, which also checks it as the router would have).
 */
export async function loadDistrictBoundaries(
  ctx: ServiceContext,
  file: { text: string; byteLength: number; name: string } | { body: ArrayBuffer | null; name: string },
): Promise<BoundaryStatus> {
  assertAllowedOnResource(ctx.actor, "place", "update");
  const districts = await districtKeys(ctx.db);
  const { boundaries, errors } = await parseOffThread<BoundaryParseResult>({
    module: BOUNDARY_PARSER,
    ...("body" in file
      ? {
          exportName: "parseBoundaryBodyWithinLimits" satisfies keyof typeof PlaceBoundaries,
          args: [file.body, districts, file.name],
          transfer: file.body ? [file.body] : [],
        }
      : {
          exportName: "parseBoundaryFileWithinLimits" satisfies keyof typeof PlaceBoundaries,
          args: [file.text, file.byteLength, districts, file.name],
        }),
    file: file.name,
    field: "file",
  });
  if (errors.length > 0)
    throw invalid(errors, `The boundaries in ${file.name} were not loaded; the current ones stay.`);
  const idOf = new Map(districts.map((d) => [d.placeCode, d.id]));
  const before = await selectBoundaryStatus(ctx.db);
  await inTransaction(ctx, async ({ db: tx }) => {
    await replaceBoundaries(
      tx,
      boundaries.flatMap((b) => {
        const placeId = idOf.get(b.placeCode);
        return placeId ? [{ placeId, geometry: b.geometry }] : [];
      }),
      file.name,
      ctx.actor.label,
    );
    await recordChange(tx, ctx.actor, {
      action: before.count > 0 ? "update" : "create",
      entityType: "district_boundaries",
      entityId: "RW",
      entityLabel: "District boundaries",
      before: before.count > 0 ? { sourceName: before.sourceName, districts: before.count } : null,
      after: { sourceName: file.name, districts: boundaries.length, loadedAt: new Date().toISOString() },
    });
  });
  return getBoundaryStatus(ctx);
}

/** Removes an administrator's boundaries: the map draws the built-in set again. Nothing loaded, nothing changes. */
export async function removeDistrictBoundaries(ctx: ServiceContext): Promise<BoundaryStatus> {
  assertAllowedOnResource(ctx.actor, "place", "update");
  await inTransaction(ctx, async ({ db: tx }) => {
    const before = await selectBoundaryStatus(tx);
    if (before.count === 0) return;
    await deleteBoundaries(tx);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: "district_boundaries",
      entityId: "RW",
      entityLabel: "District boundaries",
      before: { sourceName: before.sourceName, districts: before.count },
      after: null,
    });
  });
  return getBoundaryStatus(ctx);
}

/**
 * The built-in set for these districts, read once per process (41 KB of TopoJSON, ~20 ms); null when it does not
 * fit them (a database without the reference districts): the map then shows its tiles.
 */
let builtIn: { key: string; boundaries: ParsedBoundary[] | null } | undefined;
async function builtInBoundaries(db: Database): Promise<ParsedBoundary[] | null> {
  const districts = await districtKeys(db);
  const key = districts.map((d) => `${d.placeCode}=${d.name}`).join("\n");
  if (builtIn?.key !== key) {
    const { boundaries, errors } = readBuiltInBoundaries(districts);
    builtIn = {
      key,
      boundaries:
        errors.length === 0 ? boundaries.sort((a, b) => a.placeCode.localeCompare(b.placeCode)) : null,
    };
  }
  return builtIn.boundaries;
}

export async function getBoundaryStatus(ctx: ServiceContext): Promise<BoundaryStatus> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  const s = await selectBoundaryStatus(ctx.db);
  if (s.count > 0) {
    return {
      loaded: true,
      source: "loaded",
      districts: s.count,
      loadedAt: s.loadedAt ? new Date(s.loadedAt).toISOString() : null,
      sourceName: s.sourceName,
      attribution: null,
    };
  }
  const shipped = await builtInBoundaries(ctx.db);
  return {
    loaded: false,
    source: shipped ? "built_in" : null,
    districts: shipped?.length ?? 0,
    loadedAt: null,
    sourceName: shipped ? BUILT_IN_BOUNDARIES.name : null,
    attribution: shipped ? BUILT_IN_BOUNDARIES.attribution : null,
  };
}

export async function getDistrictBoundaries(ctx: ServiceContext): Promise<DistrictBoundaries> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  const rows = await selectBoundaries(ctx.db);
  const first = rows[0];
  if (first) {
    return {
      source: "loaded",
      attribution: null,
      loadedAt: first.loadedAt.toISOString(),
      sourceName: first.sourceName,
      districts: rows.map((r) => ({ code: r.code, name: r.name, geometry: r.geometry })),
    };
  }
  const shipped = await builtInBoundaries(ctx.db);
  return {
    source: shipped ? "built_in" : null,
    attribution: shipped ? BUILT_IN_BOUNDARIES.attribution : null,
    loadedAt: null,
    sourceName: shipped ? BUILT_IN_BOUNDARIES.name : null,
    districts: (shipped ?? []).map((b) => ({ code: b.placeCode, name: b.name, geometry: b.geometry })),
  };
}
