// HTTP for re-dating what a status report loaded before imports asked for the report's day (decision 042).
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  json,
  jsonBody,
  ProblemSchema,
  problemResponses,
  serviceContext,
} from "../../server/http";
import { RedateLoadInputSchema, RedateLoadResultSchema, StatusReportLoadListSchema } from "./redate.schema";
import { listStatusReportLoads, redateStatusReportLoad } from "./redate.service";

const tags = ["Imports"];

const LoadParamsSchema = z.object({
  id: z
    .string()
    .max(40)
    .openapi({
      param: { name: "id", in: "path" },
      description: "The load's id, as the list of loads gives it",
      example: "20250310T060000.000000Z-3fa9c1d2e4b5",
    }),
});

export const loadRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/imports/status-report/loads",
      tags,
      summary:
        "Progress loaded in one transaction and still dated with the day it was loaded (an import made before reports had a day of their own), newest first",
      responses: { 200: json(StatusReportLoadListSchema, "The loads"), ...problemResponses },
    }),
    async (c) => c.json(await listStatusReportLoads(serviceContext(c)), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/imports/status-report/loads/{id}/redate",
      tags,
      summary:
        "Date a load's progress with the day its report was as of (marked date not reported) and register the agreements it created on that day, in one transaction",
      request: { params: LoadParamsSchema, body: jsonBody(RedateLoadInputSchema) },
      responses: {
        200: json(RedateLoadResultSchema, "Re-dated"),
        ...problemResponses,
        409: {
          description: "Nothing in the load is left to re-date, or it changed since the count confirmed",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json(await redateStatusReportLoad(serviceContext(c), id, c.req.valid("json")), 200);
    },
  );
