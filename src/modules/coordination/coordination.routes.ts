// HTTP for who does what where: matrix, gaps, district summary (JSON, xlsx, HXL CSV), the overlap check and 3W imports.
import { createRoute, z } from "@hono/zod-openapi";
import { codeModuleUrl } from "../../kernel/runtime-files";
import {
  bodyReadOffThread,
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
  recordId,
  serviceContext,
  versionedRoute,
} from "../../server/http";
import type * as CoordinationSchema from "./coordination.schema";
import {
  DistrictQuerySchema,
  DistrictSummarySchema,
  GapsQuerySchema,
  GapsSchema,
  HxlImportInputSchema,
  HxlImportListSchema,
  HxlImportResultSchema,
  MatrixQuerySchema,
  MatrixSchema,
  OverlapCheckInputSchema,
  OverlapListSchema,
} from "./coordination.schema";
import {
  checkOverlaps,
  exportDistrictSummary,
  exportMatrixHxl,
  getDistrictSummary,
  getMatrix,
  listGaps,
} from "./coordination.service";
import { deleteHxlImport, importHxl3w, listHxlImports } from "./hxl-import.service";

const tags = ["Coordination"];
const DistrictParams = z.object({
  code: z
    .string()
    .max(10)
    .regex(/^RW-D\d{2}$/, "Use a district code such as RW-D11.")
    .openapi({ param: { name: "code", in: "path" }, example: "RW-D11" }),
});
const IMPORT_LABEL = "The import";
const ImportParams = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, description: "Import id (uuid)" }),
});
const DistrictExportQuery = DistrictQuerySchema.extend({
  format: z.enum(["xlsx", "csv"]).default("xlsx"),
  lang: z.enum(["en", "fr", "rw"]).default("en"),
});
const CSV_TYPE = "text/csv; charset=utf-8";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const download = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: "binary" }) } },
});
const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`;

/** The 3W import's body (up to 900 KB of CSV in JSON) is read in a parsing worker by this schema (bodyReadOffThread). */
const HXL_IMPORT_BODY = {
  module: codeModuleUrl("modules/coordination/coordination.schema.ts"),
  exportName: "HxlImportInputSchema" satisfies keyof typeof CoordinationSchema,
};

const router = createRouter();
export const coordinationRoutes = router
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/matrix",
      tags,
      summary: "The 3W matrix: organisation × theme × place at one level, for a date or a period",
      request: { query: MatrixQuerySchema },
      responses: { 200: json(MatrixSchema, "Cells with the records behind each"), ...problemResponses },
    }),
    async (c) => c.json(await getMatrix(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/matrix.csv",
      tags,
      summary: "The same 3W view as HXL-tagged CSV (header row, then hashtag row)",
      request: { query: MatrixQuerySchema },
      responses: { 200: download("HXL CSV", CSV_TYPE), ...problemResponses },
    }),
    async (c) => {
      const csv = await exportMatrixHxl(serviceContext(c), c.req.valid("query"));
      return c.body(csv, 200, {
        "content-type": CSV_TYPE,
        "content-disposition": attachment("3w.csv"),
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/gaps",
      tags,
      summary: "Places of detention (or districts) with no active partner for a theme",
      request: { query: GapsQuerySchema },
      responses: { 200: json(GapsSchema, "The places without a partner"), ...problemResponses },
    }),
    async (c) => c.json(await listGaps(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/districts/{code}",
      tags,
      summary:
        "One district: who works there on what, its places of detention by theme, agreements, progress",
      request: { params: DistrictParams, query: DistrictQuerySchema },
      responses: { 200: json(DistrictSummarySchema, "The district summary"), ...problemResponses },
    }),
    async (c) =>
      c.json(
        await getDistrictSummary(serviceContext(c), c.req.valid("param").code, c.req.valid("query")),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/districts/{code}/export",
      tags,
      summary: "The district summary as a workbook (xlsx) or HXL CSV",
      request: { params: DistrictParams, query: DistrictExportQuery },
      responses: {
        200: {
          description: "The file",
          content: {
            [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
            [CSV_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { format, lang, ...query } = c.req.valid("query");
      const file = await exportDistrictSummary(
        serviceContext(c),
        c.req.valid("param").code,
        query,
        format,
        lang,
      );
      const body = typeof file.body === "string" ? file.body : new Uint8Array(file.body);
      return c.body(body, 200, {
        "content-type": format === "xlsx" ? XLSX_TYPE : CSV_TYPE,
        "content-disposition": attachment(file.fileName),
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/coordination/overlaps",
      tags,
      summary: "Who else works on these themes, on these places, in this period (a warning, never a refusal)",
      request: { body: jsonBody(OverlapCheckInputSchema) },
      responses: {
        200: json(OverlapListSchema, "Other organisations' overlapping work"),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await checkOverlaps(serviceContext(c), c.req.valid("json")), 200),
  )
  .openapi(
    bodyReadOffThread(
      router,
      createRoute({
        method: "post",
        path: "/api/coordination/imports",
        tags,
        summary:
          "Import a 3W CSV by its HXL hashtag row (headers in any language); every row matched, or nothing stored",
        request: { body: jsonBody(HxlImportInputSchema) },
        responses: {
          200: json(HxlImportResultSchema, "The rows matched (and stored unless dryRun)"),
          ...problemResponses,
          409: {
            description: "The same file was imported already (errors[0].params names that import)",
            content: { "application/problem+json": { schema: ProblemSchema } },
          },
        },
      }),
      HXL_IMPORT_BODY,
    ),
    async (c) => c.json(await importHxl3w(serviceContext(c), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/coordination/imports",
      tags,
      summary: "The imported 3W files, newest first: file name, who imported it, when, how many rows",
      responses: { 200: json(HxlImportListSchema, "The imports"), ...problemResponses },
    }),
    async (c) => c.json(await listHxlImports(serviceContext(c)), 200),
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/coordination/imports/{id}",
      tags,
      summary: "Delete an imported 3W file and its rows (administrators and coordinators)",
      request: { params: ImportParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteHxlImport(serviceContext(c), recordId(c.req.valid("param").id, IMPORT_LABEL), version);
      return c.body(null, 204);
    },
  );
