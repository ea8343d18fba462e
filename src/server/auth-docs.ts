// The OpenAPI description of the better-auth endpoints an integrator needs (sign in, session, sign out): better-auth
// answers them under /api/auth (app.ts mountAuth); these declarations only describe them, with the same body rules.

import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { type AppEnv, json, jsonBody, ProblemSchema } from "./http";

/** What sign-in takes; the length limits are checked before better-auth runs (app.ts checkAuthBody). */
export const SignInEmailBodySchema = z
  .looseObject({
    email: z.string().max(254).openapi({ example: "officer@example.org" }),
    password: z.string().max(128),
    rememberMe: z
      .boolean()
      .optional()
      .openapi({ description: "false: the session ends when the browser closes. Default true." }),
    callbackURL: z.string().max(2000).optional(),
  })
  .openapi("SignInEmailBody");

const SessionUserSchema = z
  .looseObject({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    locale: z.string().optional(),
    twoFactorEnabled: z.boolean().nullable().optional(),
  })
  .openapi("SessionUser");

const SignedInSchema = z
  .object({
    redirect: z.boolean(),
    token: z.string().openapi({
      description:
        "The session's id. Send the session cookie set by this answer, not this value: it is not accepted as a bearer token.",
    }),
    url: z.string().nullable().optional(),
    user: SessionUserSchema,
  })
  .openapi("SignedIn");

const SecondFactorNeededSchema = z
  .object({
    twoFactorRedirect: z.literal(true),
    twoFactorMethods: z.array(z.string()).optional(),
  })
  .openapi("SecondFactorNeeded");

const SessionSchema = z
  .object({
    session: z.looseObject({ id: z.string(), userId: z.string(), expiresAt: z.string() }),
    user: SessionUserSchema,
  })
  .openapi("Session");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Declares the sign-in, session and sign-out endpoints in the router's OpenAPI registry. */
export function describeAuthEndpoints(router: Pick<OpenAPIHono<AppEnv>, "openAPIRegistry">): void {
  const tags = ["Authentication"];
  router.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/auth/sign-in/email",
    operationId: "signInEmail",
    tags,
    summary: "Sign in with email and password; the answer sets the session cookie",
    description:
      "On success the Set-Cookie header carries the session cookie (see the sessionCookie security scheme); send it with every later request. An account with a second factor answers twoFactorRedirect instead, and the sign-in is finished in the browser app.",
    security: [],
    request: { body: jsonBody(SignInEmailBodySchema) },
    responses: {
      200: json(
        z.union([SignedInSchema, SecondFactorNeededSchema]),
        "Signed in, or a second factor is needed",
      ),
      400: problem("The request could not be read"),
      401: problem("Wrong email or password"),
      403: problem("The account is deactivated"),
      422: problem("Some fields are not valid; errors[] names each"),
      429: problem("Too many attempts: wait and try again"),
    },
  });
  router.openAPIRegistry.registerPath({
    method: "get",
    path: "/api/auth/get-session",
    operationId: "getSession",
    tags,
    summary: "The caller's session and user, or null when not signed in",
    security: [],
    responses: {
      200: json(SessionSchema.nullable(), "The session, or null"),
      429: problem("Too many requests: wait and try again"),
    },
  });
  router.openAPIRegistry.registerPath({
    method: "post",
    path: "/api/auth/sign-out",
    operationId: "signOut",
    tags,
    summary: "End the caller's session, if there is one (the cookie is cleared either way)",
    security: [],
    responses: {
      200: json(z.object({ success: z.boolean() }), "Signed out"),
      400: problem("The request could not be read"),
    },
  });
}
