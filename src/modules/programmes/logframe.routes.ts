// HTTP for a programme's logframe: add an item, edit its text, remove it (If-Match on both).
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
import { addLogframeItem, removeLogframeItem, updateLogframeItem } from "./logframe.service";
import { LogframeItemInputSchema, LogframeItemPatchSchema, LogframeItemSchema } from "./programmes.schema";

const tags = ["Programmes"];
const LABEL = "The programme";
const ITEM = "The logframe item";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Programme id (uuid)" }) });
const ItemParams = IdParams.extend({ itemId: z.string().max(64) });

export const logframeRoutes = createRouter()
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
      const item = await addLogframeItem(serviceContext(c), id, c.req.valid("json"));
      return jsonWithVersion(c, item, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/programmes/{id}/logframe/{itemId}",
      tags,
      summary: "Edit a logframe item's text in place (If-Match required)",
      request: { params: ItemParams, body: jsonBody(LogframeItemPatchSchema) },
      responses: { 200: json(LogframeItemSchema, "Changed") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      const ctx = serviceContext(c);
      const item = await updateLogframeItem(
        ctx,
        recordId(p.id, LABEL),
        recordId(p.itemId, ITEM),
        version,
        c.req.valid("json"),
      );
      return jsonWithVersion(c, item, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/programmes/{id}/logframe/{itemId}",
      tags,
      summary:
        "Remove a logframe item (If-Match required); refused (409) while items sit under it, events were recorded for it or its indicators have results. Indicators without results go with it",
      request: { params: ItemParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      await removeLogframeItem(serviceContext(c), recordId(p.id, LABEL), recordId(p.itemId, ITEM), version);
      return c.body(null, 204);
    },
  );
