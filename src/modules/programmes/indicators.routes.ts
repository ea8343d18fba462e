// HTTP for a programme's indicators and their results: add, change (If-Match), remove (If-Match), list results.
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
  versionedRoute,
} from "../../server/http";
import { addIndicator, removeIndicator, updateIndicator } from "./indicators.service";
import {
  IndicatorInputSchema,
  IndicatorPatchSchema,
  IndicatorSchema,
  ResultInputSchema,
  ResultSchema,
} from "./programmes.schema";
import { addResult, listResults, removeResult } from "./results.service";

const tags = ["Programmes"];
const LABEL = "The programme";
const INDICATOR = "The indicator";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Programme id (uuid)" }) });
const IndicatorParams = IdParams.extend({ indicatorId: z.string().max(64) });
const ResultParams = IdParams.extend({ resultId: z.string().max(64) });

export const indicatorRoutes = createRouter()
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
      const indicator = await addIndicator(serviceContext(c), id, c.req.valid("json"));
      return jsonWithVersion(c, indicator, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/programmes/{id}/indicators/{indicatorId}",
      tags,
      summary:
        "Change an indicator: title, level, unit, baseline, targets per period (replaced), disaggregation, calculation (If-Match required)",
      request: { params: IndicatorParams, body: jsonBody(IndicatorPatchSchema) },
      responses: { 200: json(IndicatorSchema, "Changed") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      const indicator = await updateIndicator(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.indicatorId, INDICATOR),
        version,
        c.req.valid("json"),
      );
      return jsonWithVersion(c, indicator, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/programmes/{id}/indicators/{indicatorId}",
      tags,
      summary: "Remove an indicator and its results (If-Match required)",
      request: { params: IndicatorParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      await removeIndicator(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.indicatorId, INDICATOR),
        version,
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
        recordId(p.indicatorId, INDICATOR),
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
      const result = await addResult(serviceContext(c), id, c.req.valid("json"));
      return jsonWithVersion(c, result, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/programmes/{id}/results/{resultId}",
      tags,
      summary: "Remove a reported result (If-Match required; results from events go with their event)",
      request: { params: ResultParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      await removeResult(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.resultId, "The result"),
        version,
      );
      return c.body(null, 204);
    },
  );
