// HTTP for follow-up actions: the addressee's action plan, each action serving one or more recommendations.
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
  FollowUpActionInputSchema,
  FollowUpActionListQuerySchema,
  FollowUpActionListSchema,
  FollowUpActionPatchSchema,
  FollowUpActionSchema,
} from "./follow-up-actions.schema";
import {
  createFollowUpAction,
  deleteFollowUpAction,
  getFollowUpAction,
  listFollowUpActions,
  updateFollowUpAction,
} from "./follow-up-actions.service";

const tags = ["Follow-up actions"];
const LABEL = "The follow-up action";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Follow-up action id (uuid)" }) });

export const followUpActionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/follow-up-actions",
      tags,
      summary:
        "Actions the caller reaches: their organisation's, and those serving their monitoring body's recommendations",
      request: { query: FollowUpActionListQuerySchema },
      responses: { 200: json(FollowUpActionListSchema, "Actions by due date"), ...problemResponses },
    }),
    async (c) => c.json(await listFollowUpActions(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/follow-up-actions",
      tags,
      summary:
        "Add an action to an organisation's plan (its staff); 422 `recommendationIds.N` for one not addressed to it",
      request: { body: jsonBody(FollowUpActionInputSchema) },
      responses: { 201: json(FollowUpActionSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createFollowUpAction(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/follow-up-actions/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/follow-up-actions/{id}",
      tags,
      summary: "One action with the recommendations it serves",
      request: { params: IdParams },
      responses: {
        200: json(FollowUpActionSchema, "The action; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getFollowUpAction(serviceContext(c), recordId(c.req.valid("param").id, LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/follow-up-actions/{id}",
      tags,
      summary: "Update an action: progress, status, the recommendations it serves (If-Match required)",
      request: { params: IdParams, body: jsonBody(FollowUpActionPatchSchema) },
      responses: { 200: json(FollowUpActionSchema, "Changed") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      return jsonWithVersion(
        c,
        await updateFollowUpAction(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/follow-up-actions/{id}",
      tags,
      summary: "Remove an action from the plan (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      await deleteFollowUpAction(
        serviceContext(c),
        recordId(c.req.valid("param").id, LABEL),
        expectedVersion(c),
      );
      return c.body(null, 204);
    },
  );
