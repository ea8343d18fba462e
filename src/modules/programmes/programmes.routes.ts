// HTTP for programmes: one route definition per endpoint, each calling the service.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  etagOf,
  expectedVersion,
  IfMatchHeaderSchema,
  json,
  jsonBody,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
} from "../../server/http";
import { AuditEntrySchema } from "../audit";
import { INDICATOR_LIBRARY, IndicatorLibraryEntrySchema } from "./indicator-library";
import { isProgrammeDemoAvailable, loadProgrammeDemo, readProgrammeSeed } from "./programme-demo";
import { exportIati } from "./programmes.export";
import { DEFAULT_IATI_SCHEMA, importIati } from "./programmes.import";
import {
  EventInputSchema,
  EventPatchSchema,
  IndicatorInputSchema,
  IndicatorPatchSchema,
  IndicatorSchema,
  LogframeItemInputSchema,
  LogframeItemPatchSchema,
  LogframeItemSchema,
  ProgrammeDashboardSchema,
  ProgrammeDetailSchema,
  ProgrammeEventSchema,
  ProgrammeInputSchema,
  ProgrammeListQuerySchema,
  ProgrammeListSchema,
  ProgrammePatchSchema,
  ReachTableRowSchema,
  ResultInputSchema,
  ResultSchema,
} from "./programmes.schema";
import {
  addIndicator,
  addLogframeItem,
  addResult,
  createProgramme,
  DOUBLE_COUNTING_RULE,
  deleteProgramme,
  getProgramme,
  getProgrammeDashboard,
  getProgrammeHistory,
  getReachTable,
  listProgrammes,
  listResults,
  recordEvent,
  removeEvent,
  removeIndicator,
  removeLogframeItem,
  removeResult,
  updateEvent,
  updateIndicator,
  updateLogframeItem,
  updateProgramme,
} from "./programmes.service";

const tags = ["Programmes"];
const LABEL = "The programme";
const IdParams = z.object({ id: z.string().openapi({ description: "Programme id (uuid)" }) });
const ItemParams = IdParams.extend({ itemId: z.string() });
const IndicatorParams = IdParams.extend({ indicatorId: z.string() });
const ResultParams = IdParams.extend({ resultId: z.string() });
const EventParams = IdParams.extend({ eventId: z.string() });
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
      c.header("ETag", etagOf(created.version));
      return c.json(created, 201);
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
      responses: { 200: json(z.object({ items: z.array(IndicatorLibraryEntrySchema) }), "The library") },
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
      summary: "Import an IATI 2.03 activities file ({ xml }): one programme per activity, all or nothing",
      request: { body: jsonBody(z.object({ xml: z.string().min(1, "Give the file's content.") })) },
      responses: {
        201: json(
          z.object({
            programmes: z.number(),
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
      c.header("ETag", etagOf(detail.version));
      return c.json(detail, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/programmes/{id}",
      tags,
      summary: "Change fields; lists given are replaced (If-Match required)",
      request: { params: IdParams, headers: IfMatchHeaderSchema, body: jsonBody(ProgrammePatchSchema) },
      responses: { 200: json(ProgrammeDetailSchema, "Updated"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateProgramme(serviceContext(c), id, expectedVersion(c), c.req.valid("json"));
      c.header("ETag", etagOf(updated.version));
      return c.json(updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/programmes/{id}",
      tags,
      summary: "Delete a programme with everything in it (If-Match required)",
      request: { params: IdParams, headers: IfMatchHeaderSchema },
      responses: { 204: { description: "Deleted" }, ...versionedProblemResponses },
    }),
    async (c) => {
      await deleteProgramme(serviceContext(c), recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
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
      method: "post",
      path: "/api/programmes/{id}/logframe",
      tags,
      summary: "Add an objective, outcome, output or activity under its parent",
      request: { params: IdParams, body: jsonBody(LogframeItemInputSchema) },
      responses: { 201: json(LogframeItemSchema, "Added"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(await addLogframeItem(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/programmes/{id}/logframe/{itemId}",
      tags,
      summary: "Edit a logframe item's text in place",
      request: { params: ItemParams, body: jsonBody(LogframeItemPatchSchema) },
      responses: { 200: json(LogframeItemSchema, "Changed"), ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const itemId = recordId(p.itemId, "The logframe item");
      return c.json(
        await updateLogframeItem(serviceContext(c), recordId(p.id, LABEL), itemId, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/programmes/{id}/logframe/{itemId}",
      tags,
      summary:
        "Remove a logframe item; refused (409) while items sit under it, events were recorded for it or its indicators have results. Indicators without results go with it",
      request: { params: ItemParams },
      responses: {
        204: { description: "Removed" },
        409: versionedProblemResponses[409],
        ...problemResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await removeLogframeItem(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.itemId, "The logframe item"),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/{id}/indicators",
      tags,
      summary: "Add an indicator on a logframe level, with baseline, targets per period and disaggregation",
      request: { params: IdParams, body: jsonBody(IndicatorInputSchema) },
      responses: { 201: json(IndicatorSchema, "Added"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(await addIndicator(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/programmes/{id}/indicators/{indicatorId}",
      tags,
      summary:
        "Change an indicator: title, level, unit, baseline, targets per period (replaced), disaggregation, calculation",
      request: { params: IndicatorParams, body: jsonBody(IndicatorPatchSchema) },
      responses: { 200: json(IndicatorSchema, "Changed"), ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await updateIndicator(
          serviceContext(c),
          recordId(p.id, LABEL),
          recordId(p.indicatorId, "The indicator"),
          c.req.valid("json"),
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/programmes/{id}/indicators/{indicatorId}",
      tags,
      summary: "Remove an indicator and its results",
      request: { params: IndicatorParams },
      responses: { 204: { description: "Removed" }, ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await removeIndicator(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.indicatorId, "The indicator"),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/programmes/{id}/indicators/{indicatorId}/results",
      tags,
      summary: "An indicator's results per period and place, with their breakdown",
      request: { params: IndicatorParams },
      responses: { 200: json(z.object({ items: z.array(ResultSchema) }), "Results"), ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const items = await listResults(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.indicatorId, "The indicator"),
      );
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/{id}/results",
      tags,
      summary: "Report a result: exact, lower bound, qualitative or not reported, with its breakdown",
      request: { params: IdParams, body: jsonBody(ResultInputSchema) },
      responses: { 201: json(ResultSchema, "Reported"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(await addResult(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/programmes/{id}/results/{resultId}",
      tags,
      summary: "Remove a reported result (results from events go with their event)",
      request: { params: ResultParams },
      responses: { 204: { description: "Removed" }, ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await removeResult(serviceContext(c), recordId(p.id, LABEL), recordId(p.resultId, "The result"));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/{id}/events",
      tags,
      summary:
        "Record an event with participants by category and sex; it feeds the indicators it is linked to",
      request: { params: IdParams, body: jsonBody(EventInputSchema) },
      responses: { 201: json(ProgrammeEventSchema, "Recorded"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(await recordEvent(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/programmes/{id}/events/{eventId}",
      tags,
      summary:
        "Change an event: dates, places, organisers, participants by category and sex; the results it gives follow",
      request: { params: EventParams, body: jsonBody(EventPatchSchema) },
      responses: { 200: json(ProgrammeEventSchema, "Changed"), ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await updateEvent(
          serviceContext(c),
          recordId(p.id, LABEL),
          recordId(p.eventId, "The event"),
          c.req.valid("json"),
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/programmes/{id}/events/{eventId}",
      tags,
      summary: "Remove an event and the results it gave",
      request: { params: EventParams },
      responses: { 204: { description: "Removed" }, ...problemResponses },
    }),
    async (c) => {
      const p = c.req.valid("param");
      await removeEvent(serviceContext(c), recordId(p.id, LABEL), recordId(p.eventId, "The event"));
      return c.body(null, 204);
    },
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
  );
