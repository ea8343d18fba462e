// HTTP for programmes: one route definition per endpoint, each calling the service. The logframe, indicators and
// results, and events have their own routes files, mounted here.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { AuditEntrySchema } from "../audit";
import { DOUBLE_COUNTING_RULE, getProgrammeDashboard, getReachTable } from "./dashboard.service";
import { eventRoutes } from "./events.routes";
import { INDICATOR_LIBRARY, IndicatorLibraryEntrySchema } from "./indicator-library";
import { indicatorRoutes } from "./indicators.routes";
import { logframeRoutes } from "./logframe.routes";
import { isProgrammeDemoAvailable, loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
import { exportIati } from "./programmes.export";
import { DEFAULT_IATI_SCHEMA, importIati } from "./programmes.import";
import {
  ProgrammeDashboardSchema,
  ProgrammeDetailSchema,
  ProgrammeInputSchema,
  ProgrammeListQuerySchema,
  ProgrammeListSchema,
  ProgrammePatchSchema,
  ReachTableRowSchema,
} from "./programmes.schema";
import {
  createProgramme,
  deleteProgramme,
  getProgramme,
  getProgrammeHistory,
  listProgrammes,
  updateProgramme,
} from "./programmes.service";

const tags = ["Programmes"];
const LABEL = "The programme";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Programme id (uuid)" }) });
const DashboardResponseSchema = ProgrammeDashboardSchema.extend({ doubleCountingRule: z.string() });

export const programmeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes",
      tags,
      summary: "List programmes with people reached",
      request: { query: ProgrammeListQuerySchema },
      responses: { 200: json(ProgrammeListSchema, "A page of programmes"), ...problemResponses },
    }),
    async (c) => c.json(await listProgrammes(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes",
      tags,
      summary:
        "Register a programme: lead, partners, donors with funding, period, places, themes, agreements",
      request: { body: jsonBody(ProgrammeInputSchema) },
      responses: { 201: json(ProgrammeDetailSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createProgramme(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/programmes/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/dashboard",
      tags,
      summary: "Across programmes: people reached by category and district, targets vs results, timeline",
      responses: { 200: json(DashboardResponseSchema, "The dashboard"), ...problemResponses },
    }),
    async (c) =>
      c.json(
        {
          ...(await getProgrammeDashboard(serviceContext(c), null)),
          doubleCountingRule: DOUBLE_COUNTING_RULE,
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/indicator-library",
      tags,
      summary: "Sector indicators reusable across programmes",
      responses: {
        200: json(z.object({ items: z.array(IndicatorLibraryEntrySchema) }), "The library"),
        401: problemResponses[401],
      },
    }),
    async (c) => {
      serviceContext(c);
      return c.json({ items: [...INDICATOR_LIBRARY] }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/export/iati",
      tags,
      summary: "Every programme the caller may read, as an IATI 2.03 activities file",
      responses: {
        200: { description: "IATI activities XML", content: { "application/xml": { schema: z.string() } } },
        ...problemResponses,
      },
    }),
    async (c) => {
      const xml = await exportIati(serviceContext(c));
      c.header("Content-Disposition", 'attachment; filename="ubufatanye-iati-activities.xml"');
      return c.body(xml, 200, { "Content-Type": "application/xml; charset=utf-8" });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/import/iati",
      tags,
      // JSON like every unsafe API request (the CSRF rule): the file's text in "xml". Larger files: the CLI.
      summary:
        "Import an IATI 2.03 activities file ({ xml }): a programme per new activity, an update of its programme for one the register holds (our own export included); all or nothing",
      // At most what the 1 MB JSON body limit lets through; larger files go through the CLI.
      request: {
        body: jsonBody(
          z.object({
            xml: z
              .string()
              .min(1, "Give the file's content.")
              .max(1_000_000, "The file is larger than 1 MB: import it with the CLI."),
          }),
        ),
      },
      responses: {
        201: json(
          z.object({
            programmes: z.number(),
            created: z.number(),
            updated: z.number(),
            unchanged: z.number(),
            organisationsCreated: z.number(),
            programmeIds: z.array(z.string()),
            indicators: z.number(),
            results: z.number(),
          }),
          "Imported",
        ),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const result = await importIati(ctx, c.req.valid("json").xml, {
        schemaPath: process.env.IATI_SCHEMA ?? DEFAULT_IATI_SCHEMA,
      });
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/{id}",
      tags,
      summary: "A programme with its logframe, indicators (targets and actuals) and events",
      request: { params: IdParams },
      responses: {
        200: json(ProgrammeDetailSchema, "The programme; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const detail = await getProgramme(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, detail, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/programmes/{id}",
      tags,
      summary: "Change fields; lists given are replaced (If-Match required)",
      request: { params: IdParams, body: jsonBody(ProgrammePatchSchema) },
      responses: { 200: json(ProgrammeDetailSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateProgramme(serviceContext(c), id, version, c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/programmes/{id}",
      tags,
      summary: "Delete a programme with everything in it (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteProgramme(serviceContext(c), recordId(c.req.valid("param").id, LABEL), version);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/{id}/history",
      tags,
      summary: "Who changed what and when, newest first",
      request: { params: IdParams },
      responses: {
        200: json(z.object({ items: z.array(AuditEntrySchema) }), "History"),
        ...problemResponses,
      },
    }),
    async (c) =>
      c.json(
        { items: await getProgrammeHistory(serviceContext(c), recordId(c.req.valid("param").id, LABEL)) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/{id}/dashboard",
      tags,
      summary: "Targets vs results, people reached by category and district, timeline",
      request: { params: IdParams },
      responses: { 200: json(DashboardResponseSchema, "The dashboard"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(
        { ...(await getProgrammeDashboard(serviceContext(c), id)), doubleCountingRule: DOUBLE_COUNTING_RULE },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/{id}/people-reached",
      tags,
      summary: "People reached per activity, by participant category (the report table)",
      request: { params: IdParams },
      responses: {
        200: json(z.object({ items: z.array(ReachTableRowSchema) }), "Rows"),
        ...problemResponses,
      },
    }),
    async (c) =>
      c.json(
        { items: await getReachTable(serviceContext(c), recordId(c.req.valid("param").id, LABEL)) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/programme",
      tags: ["Demo data"],
      summary: "Whether the example programme (IOM counter-trafficking, seed 001) can be loaded",
      responses: { 200: json(z.object({ available: z.boolean() }), "Availability"), ...problemResponses },
    }),
    async (c) =>
      c.json(
        { available: await isProgrammeDemoAvailable(serviceContext(c), await readProgrammeSeed()) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/programme",
      tags: ["Demo data"],
      summary: "Load the example programme with its logframe, indicators and events (all or nothing)",
      responses: { 201: json(z.object({ programmeId: z.string() }), "Loaded"), ...versionedProblemResponses },
    }),
    async (c) => c.json(await loadProgrammeDemo(serviceContext(c), await readProgrammeSeed()), 201),
  )
  .route("/", logframeRoutes)
  .route("/", indicatorRoutes)
  .route("/", eventRoutes);
