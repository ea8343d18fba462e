// HTTP for administrators' view of break-the-glass exceptions; opening one is the owning module's route (incidents).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { BreakGlassListItemSchema, BreakGlassListQuerySchema } from "./break-glass.schema";
import { listBreakGlass } from "./break-glass.service";

export const breakGlassRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/access/break-glass",
    tags: ["Access"],
    summary:
      "Who broke the glass on which record, why and until when, for exceptions opened between two dates (administrators)",
    request: { query: BreakGlassListQuerySchema },
    responses: {
      200: json(z.object({ items: z.array(BreakGlassListItemSchema) }), "Newest first, at most 1,000"),
      ...problemResponses,
    },
  }),
  async (c) => c.json({ items: await listBreakGlass(serviceContext(c), c.req.valid("query")) }, 200),
);
