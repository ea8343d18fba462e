// HTTP for first-start setup, the signed-in user's profile, and user administration.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  type AppEnv,
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
  AcceptInvitationInputSchema,
  ChangePasswordSchema,
  InvitationInputSchema,
  InvitationLookupSchema,
  InvitationSummarySchema,
  MeSchema,
  SessionStateSchema,
  SetupInputSchema,
  UpdateMeSchema,
  UserDetailSchema,
  UserInputSchema,
  UserPatchSchema,
  UserSummarySchema,
} from "./access.schema";
import {
  changeMyPassword,
  createFirstAdministrator,
  createUser,
  getMe,
  getSessionState,
  getUser,
  isSetupNeeded,
  listUsers,
  setMyLocale,
  updateUser,
} from "./access.service";
import { acceptInvitation, inviteUser, listInvitations, lookupInvitation } from "./invitations.service";

/** better-auth's ids: 32 URL-safe characters; anything else names no user. */
const UserIdParamSchema = z.object({
  id: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]{1,64}$/),
});

/** Emails written by the request's transaction go out once it has committed. */
function deliverAfterCommit(c: Context<AppEnv>): void {
  c.get("mailer").deliverSoon();
}

export const accessRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/setup",
      tags: ["Access"],
      security: [],
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
      security: [],
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
      path: "/api/session",
      tags: ["Access"],
      // Named: derived from the path it would be "getSession", better-auth's own GET /api/auth/get-session.
      operationId: "getSessionState",
      security: [],
      summary:
        "Whether setup is needed and who is signed in (me is null for nobody): the browser's first request",
      responses: { 200: json(SessionStateSchema, "Setup state and the signed-in user") },
    }),
    async (c) =>
      c.json(await getSessionState(c.get("db"), c.get("actor") ? serviceContext(c) : undefined), 200),
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/users/{id}",
      tags: ["Access"],
      summary: "One user with roles, scopes, organisations and version (administrators)",
      request: { params: UserIdParamSchema },
      responses: { 200: json(UserDetailSchema, "The user"), ...problemResponses },
    }),
    async (c) => jsonWithVersion(c, await getUser(serviceContext(c), c.req.valid("param").id), 200),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/users/{id}",
      tags: ["Access"],
      summary:
        "Change a user's roles, scopes, organisations, name or language; deactivate (sessions end at once) or reactivate",
      request: { params: UserIdParamSchema, body: jsonBody(UserPatchSchema) },
      responses: { 200: json(UserDetailSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const user = await updateUser(serviceContext(c), c.req.valid("param").id, version, c.req.valid("json"));
      return jsonWithVersion(c, user, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/invitations",
      tags: ["Access"],
      summary: "Invitations, newest first, with their state (administrators)",
      responses: {
        200: json(z.object({ items: z.array(InvitationSummarySchema) }), "Invitations"),
        ...problemResponses,
      },
    }),
    async (c) => c.json({ items: await listInvitations(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/invitations",
      tags: ["Access"],
      summary: "Invite someone by email with roles in scopes; the one-time link expires (administrators)",
      request: { body: jsonBody(InvitationInputSchema) },
      responses: {
        201: json(InvitationSummarySchema, "Invited; the email is sent or held in the outbox"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const invitation = await inviteUser(serviceContext(c), c.get("accountLinks"), c.req.valid("json"));
      deliverAfterCommit(c);
      return c.json(invitation, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/invitations/lookup",
      tags: ["Access"],
      security: [],
      summary:
        "Which address an invitation link invites, if it can still be used (no sign-in: the token is the key)",
      request: { query: z.object({ token: z.string().max(200) }) },
      responses: { 200: json(InvitationLookupSchema, "The invitation"), ...versionedProblemResponses },
    }),
    async (c) => c.json(await lookupInvitation(c.get("db"), c.req.valid("query").token), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/invitations/accept",
      tags: ["Access"],
      security: [],
      summary: "Accept an invitation: choose a name and password; the link is spent (no sign-in)",
      request: { body: jsonBody(AcceptInvitationInputSchema) },
      responses: {
        201: json(z.object({ userId: z.string(), email: z.string() }), "Account created: sign in"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => c.json(await acceptInvitation(c.get("db"), c.get("auth"), c.req.valid("json")), 201),
  );
