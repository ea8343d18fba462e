// HTTP for occupancy: a place's figures (add, correct, remove with If-Match), the national table and its download,
// the import of a table (dry run first).
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  ProblemSchema,
  problemResponses,
  recordId,
  serviceContext,
  versionedRoute,
} from "../../server/http";
import { IsoDateSchema } from "../../shared/iso-date";
import { nationalOccupancyFile } from "./occupancy.export";
import {
  NationalOccupancyExportQuerySchema,
  NationalOccupancyQuerySchema,
  NationalOccupancySchema,
  OccupancyFigureInputSchema,
  OccupancyFigurePatchSchema,
  OccupancyFigureSchema,
  OccupancyImportResultSchema,
  OccupancySeriesSchema,
} from "./occupancy.schema";
import {
  addOccupancyFigure,
  getOccupancySeries,
  importOccupancyTable,
  listNationalOccupancy,
  removeOccupancyFigure,
  updateOccupancyFigure,
} from "./occupancy.service";

const tags = ["Monitoring"];
const PLACE = "The place of detention";
const FIGURE = "The occupancy figure";
const PlaceParams = z.object({ id: z.string().max(64) });
const FigureParams = PlaceParams.extend({ figureId: z.string().max(64) });
const binary = z.string().openapi({ format: "binary" });
const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;

/** The path the upload body limit and the multipart exception apply to (src/server/app.ts). */
export const OCCUPANCY_IMPORT_PATH = "/api/occupancy/import";

const ImportUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description:
      "CSV (UTF-8) or XLSX: columns facility, date, capacity, population, men, women, minors, rate (138.6 or 138.6%), source",
  }),
  source: z.string().trim().max(500).optional().openapi({ description: "Source of the rows that name none" }),
  asOf: IsoDateSchema.optional().openapi({ description: "Date of the rows that give none" }),
  dryRun: z.enum(["true", "false"]).default("true").openapi({ description: "true (default): write nothing" }),
});

export const occupancyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places/{id}/occupancy",
      tags,
      summary:
        "A place of detention's occupancy figures, oldest first, each with its rate (published, else population ÷ capacity) and which it is",
      request: { params: PlaceParams },
      responses: { 200: json(OccupancySeriesSchema, "The series"), ...problemResponses },
    }),
    async (c) =>
      c.json(await getOccupancySeries(serviceContext(c), recordId(c.req.valid("param").id, PLACE)), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/places/{id}/occupancy",
      tags,
      summary:
        "Record a figure as its source gave it: capacity and population (men, women, minors), or a rate",
      request: { params: PlaceParams, body: jsonBody(OccupancyFigureInputSchema) },
      responses: { 201: json(OccupancyFigureSchema, "Recorded"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, PLACE);
      return jsonWithVersion(c, await addOccupancyFigure(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/places/{id}/occupancy/{figureId}",
      tags,
      summary: "Correct a figure (If-Match required)",
      request: { params: FigureParams, body: jsonBody(OccupancyFigurePatchSchema) },
      responses: { 200: json(OccupancyFigureSchema, "Corrected") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const { id, figureId } = c.req.valid("param");
      const figure = await updateOccupancyFigure(
        serviceContext(c),
        recordId(id, PLACE),
        recordId(figureId, FIGURE),
        version,
        c.req.valid("json"),
      );
      return jsonWithVersion(c, figure, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/places/{id}/occupancy/{figureId}",
      tags,
      summary: "Remove a figure (If-Match required)",
      request: { params: FigureParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const { id, figureId } = c.req.valid("param");
      await removeOccupancyFigure(
        serviceContext(c),
        recordId(id, PLACE),
        recordId(figureId, FIGURE),
        version,
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/occupancy",
      tags,
      summary:
        "Each place of detention's latest figure (on or before asOf), ranked by rate, highest first; those above 100 % flagged",
      request: { query: NationalOccupancyQuerySchema },
      responses: { 200: json(NationalOccupancySchema, "The national table"), ...problemResponses },
    }),
    async (c) => c.json(await listNationalOccupancy(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/occupancy/export",
      tags,
      summary: "The national table as an Excel workbook or CSV, in the reader's language",
      request: { query: NationalOccupancyExportQuerySchema },
      responses: {
        200: {
          description: "The table, as an attachment",
          content: { [CONTENT_TYPES.xlsx]: { schema: binary }, [CONTENT_TYPES.csv]: { schema: binary } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { format, lang, ...query } = c.req.valid("query");
      const table = await listNationalOccupancy(serviceContext(c), query);
      const file = await nationalOccupancyFile(table, format, lang);
      const name = `occupancy-${table.asOf ?? "latest"}.${format}`;
      return c.body(new Uint8Array(file), 200, {
        "content-type": CONTENT_TYPES[format],
        "content-disposition": `attachment; filename="${name}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: OCCUPANCY_IMPORT_PATH,
      tags,
      summary:
        "Import an occupancy table (CSV or XLSX). dryRun=true (default) says what would be written and every problem by file, row and column; dryRun=false writes all rows in one transaction, or nothing (422) when any row has a problem",
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: ImportUploadSchema } } },
      },
      responses: {
        200: json(OccupancyImportResultSchema, "The preview, or what was written"),
        ...problemResponses,
        413: {
          description: "The file is larger than the upload limit",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const { file, source, asOf, dryRun } = c.req.valid("form");
      const result = await importOccupancyTable(
        serviceContext(c),
        { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        { source, asOf, dryRun: dryRun === "true" },
      );
      return c.json(result, 200);
    },
  );
