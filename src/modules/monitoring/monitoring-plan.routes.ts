// HTTP for the monitoring body's roadmap: its items and the progress of each plan.
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
import {
  PlanItemInputSchema,
  PlanItemListQuerySchema,
  PlanItemPatchSchema,
  PlanItemSchema,
  PlanSummarySchema,
} from "./monitoring-plan.schema";
import {
  createPlanItem,
  deletePlanItem,
  getPlanItem,
  listPlanItems,
  listPlanSummaries,
  updatePlanItem,
} from "./monitoring-plan.service";

const tags = ["Monitoring roadmap"];
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Roadmap item id (uuid)" }) });
const LABEL = "The roadmap item";

export const monitoringPlanRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-plans",
      tags,
      summary:
        "The roadmaps the actor reads, with progress per area and overall and the overdue items counted",
      request: { query: PlanItemListQuerySchema },
      responses: { 200: json(z.array(PlanSummarySchema), "Plans by monitoring body"), ...problemResponses },
    }),
    async (c) => c.json(await listPlanSummaries(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-plan-items",
      tags,
      summary: "Items of the roadmaps of the actor's monitoring body or bodies, by area and position",
      request: { query: PlanItemListQuerySchema },
      responses: { 200: json(z.array(PlanItemSchema), "Items"), ...problemResponses },
    }),
    async (c) => c.json(await listPlanItems(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/monitoring-plan-items",
      tags,
      summary: "Add an item at the end of an area of a monitoring body's roadmap",
      request: { body: jsonBody(PlanItemInputSchema) },
      responses: { 201: json(PlanItemSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createPlanItem(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/monitoring-plan-items/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-plan-items/{id}",
      tags,
      summary: "One roadmap item",
      request: { params: IdParams },
      responses: { 200: json(PlanItemSchema, "The item; ETag carries its version"), ...problemResponses },
    }),
    async (c) => {
      const found = await getPlanItem(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, found, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/monitoring-plan-items/{id}",
      tags,
      summary:
        "Change an item: title, owner, due date, status, progress, area, or its position in its area (If-Match required)",
      request: { params: IdParams, body: jsonBody(PlanItemPatchSchema) },
      responses: { 200: json(PlanItemSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updatePlanItem(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/monitoring-plan-items/{id}",
      tags,
      summary: "Remove an item from the roadmap (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      await deletePlanItem(serviceContext(c), recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  );
