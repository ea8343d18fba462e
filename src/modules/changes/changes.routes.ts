// HTTP for the recent-changes feed (issue 22).
import { createRoute } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { ChangeFeedQuerySchema, ChangePageSchema } from "./changes.schema";
import { listChanges } from "./changes.service";

export const changeRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/changes",
    tags: ["Changes"],
    summary:
      "Recent changes across the register, newest first, a page at a time: who created, updated or deleted which " +
      "record, only for records the reader may read. Never the changed values; no titles of confidential records.",
    request: { query: ChangeFeedQuerySchema },
    responses: {
      200: json(ChangePageSchema, "One page; nextCursor for the next (older) one"),
      ...problemResponses,
    },
  }),
  async (c) => c.json(await listChanges(serviceContext(c), c.req.valid("query")), 200),
);
