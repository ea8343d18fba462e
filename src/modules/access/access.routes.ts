// HTTP for first-start setup, the signed-in user's profile, and user administration.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { AppError } from "../../shared/app-errors";
import {
  ChangePasswordSchema,
  MeSchema,
  SetupInputSchema,
  UpdateMeSchema,
  UserInputSchema,
  UserSummarySchema,
} from "./access.schema";
import {
  changeMyPassword,
  createFirstAdministrator,
  createUser,
  getMe,
  isSetupNeeded,
  listUsers,
  setMyLocale,
} from "./access.service";

export const accessRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/setup",
      tags: ["Access"],
      summary: "Whether the first administrator still has to be created",
      responses: { 200: json(z.object({ needed: z.boolean() }), "Setup state") },
    }),
    async (c) => c.json({ needed: await isSetupNeeded(c.get("db")) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/setup",
      tags: ["Access"],
      summary: "Create the first administrator (only while there is no user)",
      request: { body: jsonBody(SetupInputSchema) },
      responses: { 201: json(z.object({ userId: z.string() }), "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const userId = await createFirstAdministrator(c.get("db"), c.get("auth"), c.req.valid("json"));
      return c.json({ userId }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      tags: ["Access"],
      summary: "The signed-in user, their roles and language",
      responses: { 200: json(MeSchema, "The signed-in user"), ...problemResponses },
    }),
    async (c) => c.json(await getMe(serviceContext(c)), 200),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/me",
      tags: ["Access"],
      summary: "Remember the signed-in user's language",
      request: { body: jsonBody(UpdateMeSchema) },
      responses: { 200: json(MeSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const me = await setMyLocale(serviceContext(c), c.req.valid("json").locale, version);
      return jsonWithVersion(c, me, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/me/password",
      tags: ["Access"],
      summary: "Change the signed-in user's password; every other session of the user ends",
      request: { body: jsonBody(ChangePasswordSchema) },
      responses: {
        200: json(z.object({ otherSessionsEnded: z.number().int() }), "Changed"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const session = await c.get("auth").api.getSession({ headers: c.req.raw.headers });
      if (!session) throw new AppError("unauthenticated", "Sign in first.");
      const result = await changeMyPassword(
        serviceContext(c),
        c.get("auth"),
        c.req.valid("json"),
        session.session.id,
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/users",
      tags: ["Access"],
      summary: "Users with their roles and scopes (administrators)",
      responses: { 200: json(z.object({ items: z.array(UserSummarySchema) }), "Users"), ...problemResponses },
    }),
    async (c) => c.json({ items: await listUsers(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/users",
      tags: ["Access"],
      summary: "Create a user with roles in scopes (administrators)",
      request: { body: jsonBody(UserInputSchema) },
      responses: { 201: json(UserSummarySchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => c.json(await createUser(serviceContext(c), c.get("auth"), c.req.valid("json")), 201),
  );
