// Occupancy figures of places of detention: a place's series, adding, correcting and removing a figure, the national
// table. Figures are children of their place (kernel child helpers: lock, version, audit of both).

import type { Executor } from "../../db/client";
import {
  addChild,
  assertAllowedOnResource,
  type ChildDefinition,
  changeChild,
  inTransaction,
  isUniqueViolation,
  removeChild,
  type ServiceContext,
} from "../../kernel";
import { conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { figuresOfTable, readOccupancyTable } from "./occupancy.import";
import {
  type NationalOccupancy,
  type NationalOccupancyQuery,
  type OccupancyFigure,
  OccupancyFigureInputSchema,
  OccupancyFigurePatchSchema,
  type OccupancyImportResult,
  type OccupancyImportRow,
  type OccupancySeries,
} from "./occupancy.schema";
import {
  deleteFigureRow,
  type FigureValues,
  figureKey,
  insertFigure,
  type OccupancyPlace,
  selectFigure,
  selectFigures,
  selectFiguresByKeys,
  selectNationalOccupancy,
  selectOccupancyPlace,
  selectPlacesOfDetention,
  updateFigureRow,
} from "./occupancy.store";

const PLACE_LABEL = "The place of detention";

type PlaceParent = OccupancyPlace & { label: string };

async function loadPlaceOfDetention(db: Executor, placeId: string): Promise<PlaceParent> {
  const place = await selectOccupancyPlace(db, placeId);
  if (place?.kind !== "place_of_detention") throw notFound(PLACE_LABEL);
  return { ...place, label: place.name };
}

const figureChild: ChildDefinition<PlaceParent, OccupancyFigure> = {
  parentEntityType: "place",
  entityType: "place_occupancy",
  notFoundLabel: "The occupancy figure",
  parentKey: "placeId",
  historyKey: "occupancy",
  loadParent: (tx, _actor, placeId) => loadPlaceOfDetention(tx, placeId),
  loadChild: (tx, parent, figureId, options) => selectFigure(tx, parent.id, figureId, options),
  label: (f) => `${f.asOf} · ${f.source}`,
  historyLine: (f) => ({ asOf: f.asOf, rate: f.rate, population: f.population, source: f.source }),
};

const DUPLICATE = (error: unknown) => {
  if (!isUniqueViolation(error)) return error;
  return conflict("This source already gave a figure for this place on this day: correct that one instead.", [
    {
      path: "source",
      message: "Already a figure of this source on this day.",
      code: "duplicate",
      in: "body",
    },
  ]);
};

/** One place's figures, oldest first, and the latest (what the place's page shows beside visits). */
export async function getOccupancySeries(ctx: ServiceContext, placeId: string): Promise<OccupancySeries> {
  assertAllowedOnResource(ctx.actor, "occupancy", "read");
  const place = await loadPlaceOfDetention(ctx.db, placeId);
  const figures = await selectFigures(ctx.db, placeId);
  return {
    placeId,
    placeName: place.name,
    capacity: place.capacity,
    figures,
    latest: figures.at(-1) ?? null,
  };
}

export async function addOccupancyFigure(
  ctx: ServiceContext,
  placeId: string,
  input: unknown,
): Promise<OccupancyFigure> {
  const values = parseInput(OccupancyFigureInputSchema, input);
  assertAllowedOnResource(ctx.actor, "occupancy", "create");
  try {
    return await addChild(ctx, figureChild, placeId, (tx, place) => insertFigure(tx.db, place.id, values));
  } catch (error) {
    throw DUPLICATE(error);
  }
}

export async function updateOccupancyFigure(
  ctx: ServiceContext,
  placeId: string,
  figureId: string,
  expectedVersion: number,
  patch: unknown,
): Promise<OccupancyFigure> {
  const changes = parseInput(OccupancyFigurePatchSchema, patch);
  assertAllowedOnResource(ctx.actor, "occupancy", "update");
  try {
    return await changeChild(ctx, figureChild, placeId, figureId, expectedVersion, (tx, current) => {
      const next: FigureValues = {
        asOf: current.asOf,
        capacity: current.capacity,
        population: current.population,
        men: current.men,
        women: current.women,
        minors: current.minors,
        publishedRate: current.publishedRate,
        source: current.source,
        ...changes,
      };
      // The table refuses a figure with nothing to count; say so on the field instead of a 500.
      parseInput(OccupancyFigureInputSchema, next);
      return updateFigureRow(tx.db, figureId, expectedVersion, next);
    });
  } catch (error) {
    throw DUPLICATE(error);
  }
}

export async function removeOccupancyFigure(
  ctx: ServiceContext,
  placeId: string,
  figureId: string,
  expectedVersion: number,
): Promise<void> {
  assertAllowedOnResource(ctx.actor, "occupancy", "delete");
  await removeChild(ctx, figureChild, placeId, figureId, expectedVersion, (tx) =>
    deleteFigureRow(tx.db, figureId, expectedVersion),
  );
}

/** Each place of detention's latest figure (as of a day), ranked by rate, highest first; those above 100 % flagged. */
export async function listNationalOccupancy(
  ctx: ServiceContext,
  query: NationalOccupancyQuery,
): Promise<NationalOccupancy> {
  assertAllowedOnResource(ctx.actor, "occupancy", "read");
  const rows = await selectNationalOccupancy(ctx.db, query);
  return { asOf: query.asOf ?? null, rows, overcrowdedCount: rows.filter((r) => r.overcrowded).length };
}

export type OccupancyImportOptions = {
  /** The source of every row that names none ("NCHR annual report 2021"). */
  source?: string;
  /** The day of every row that gives none. */
  asOf?: string;
  /** Say what would be written, write nothing. */
  dryRun: boolean;
};

/**
 * Imports an occupancy table: each row a new figure, or the replacement of the one the same source gave for the same
 * place and day. A dry run, or any problem in any row, writes nothing; figures are written in one transaction through
 * the same use cases as one figure added by hand (audit included).
 */
export async function importOccupancyTable(
  ctx: ServiceContext,
  upload: { fileName: string; bytes: Uint8Array },
  options: OccupancyImportOptions,
): Promise<OccupancyImportResult> {
  assertAllowedOnResource(ctx.actor, "occupancy", "create");
  const table = await readOccupancyTable(upload.fileName, upload.bytes);
  const places = await selectPlacesOfDetention(ctx.db);
  const { figures, errors } = figuresOfTable(table, places, options);
  const stored = await selectFiguresByKeys(
    ctx.db,
    figures.map((f) => f.place.id),
  );
  const rows: OccupancyImportRow[] = figures.map((f) => ({
    row: f.row,
    facilityName: f.facilityName,
    placeId: f.place.id,
    placeName: f.place.name,
    asOf: f.asOf,
    capacity: f.capacity,
    population: f.population,
    men: f.men,
    women: f.women,
    minors: f.minors,
    publishedRate: f.publishedRate,
    source: f.source,
    action: stored.has(figureKey(f.place.id, f.asOf, f.source)) ? "replace" : "create",
  }));
  const result = { file: upload.fileName, dryRun: options.dryRun, written: false, rows, errors };
  if (options.dryRun) return result;
  if (errors.length > 0) {
    throw invalid(
      errors.map((e) => ({
        path: e.row === null ? "file" : `rows.${e.row}.${e.column ?? "file"}`,
        message: e.row === null ? e.message : `${e.file}, row ${e.row}, column ${e.column}: ${e.message}`,
        code: e.code,
        params: {
          file: e.file,
          ...(e.row === null ? {} : { row: e.row }),
          ...(e.column ? { column: e.column } : {}),
        },
        in: "body",
      })),
      `${upload.fileName}: ${errors.length} problem(s); nothing was imported.`,
    );
  }
  await inTransaction(ctx, async (tx) => {
    for (const f of figures) {
      const values: FigureValues = {
        asOf: f.asOf,
        capacity: f.capacity,
        population: f.population,
        men: f.men,
        women: f.women,
        minors: f.minors,
        publishedRate: f.publishedRate,
        source: f.source,
      };
      const existing = stored.get(figureKey(f.place.id, f.asOf, f.source));
      if (existing) await updateOccupancyFigure(tx, f.place.id, existing.id, existing.version, values);
      else await addOccupancyFigure(tx, f.place.id, values);
    }
  });
  return { ...result, written: true };
}
