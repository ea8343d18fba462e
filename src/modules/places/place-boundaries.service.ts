// District boundaries: an administrator loads a whole file (all 30 districts, each checked) or nothing changes.
import type { Database } from "../../db/client";
import { assertAllowedOnResource, inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { invalid } from "../../shared/app-errors";
import { recordChange } from "../audit";
import type * as PlaceBoundaries from "./place-boundaries.import";
import type { BoundaryParseResult, DistrictKey } from "./place-boundaries.import";
import type { BoundaryStatus, DistrictBoundaries } from "./place-boundaries.schema";
import { replaceBoundaries, selectBoundaries, selectBoundaryStatus } from "./place-boundaries.store";
import { selectPlaces } from "./places.store";

/** Read in a worker thread (kernel/files): JSON.parse of 20 MB and the arcs' decoding stay off the request thread. */
const BOUNDARY_PARSER = new URL("./place-boundaries.import.ts", import.meta.url);

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

export async function getBoundaryStatus(ctx: ServiceContext): Promise<BoundaryStatus> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  const s = await selectBoundaryStatus(ctx.db);
  return {
    loaded: s.count > 0,
    districts: s.count,
    loadedAt: s.loadedAt ? new Date(s.loadedAt).toISOString() : null,
    sourceName: s.sourceName,
  };
}

export async function getDistrictBoundaries(ctx: ServiceContext): Promise<DistrictBoundaries> {
  assertAllowedOnResource(ctx.actor, "place", "read");
  const rows = await selectBoundaries(ctx.db);
  const first = rows[0];
  return {
    loadedAt: first ? first.loadedAt.toISOString() : null,
    sourceName: first?.sourceName ?? null,
    districts: rows.map((r) => ({ code: r.code, name: r.name, geometry: r.geometry })),
  };
}
