// Audits what better-auth does on its own endpoints: sign-in, refused sign-in (address, user agent, the email tried,
// never the password), sign-out and password change or reset. Spread into createAuth's options (better-auth.ts).
import type { GenericEndpointContext } from "better-auth";
import { isAPIError } from "better-auth/api";
import type { Database } from "../../db/client";
import { recordSecurityEvent } from "../audit";
import { selectUserIdByEmail, selectUserName } from "./auth-audit.store";

/** Set by the server from the socket (or a trusted proxy): the same header the rate limit reads. */
const CLIENT_IP_HEADER = "x-ubufatanye-client-ip";
/** Endpoints that set a new password on an account (better-auth's own, and the reset flow's). */
// (/reset-password is audited by onPasswordReset in password-reset.service.ts, which is given the user: the account
// update better-auth makes there carries only the new hash.)
const PASSWORD_PATHS = new Set(["/change-password", "/set-password"]);
const MAX_EMAIL = 254;
const MAX_USER_AGENT = 300;

type HeaderSource = { headers?: Headers; request?: Request } | null | undefined;

function clientDetails(ctx: HeaderSource): { ip: string | null; userAgent: string | null } {
  const headers = ctx?.headers ?? ctx?.request?.headers;
  return {
    ip: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
  };
}

function attemptedEmail(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("email" in body)) return null;
  const email = (body as { email: unknown }).email;
  return typeof email === "string" ? email.trim().toLowerCase().slice(0, MAX_EMAIL) : null;
}

async function labelOf(db: Database, userId: string): Promise<string> {
  return (await selectUserName(db, userId)) ?? userId;
}

/** What an audited endpoint call leaves behind: the path, what was sent and what better-auth answered. */
export type AuthEndpointOutcome = {
  path: string;
  body: unknown;
  headers?: Headers;
  request?: Request;
  returned: unknown;
  newSession: { user: { id: string; name: string } } | null | undefined;
};

/** Endpoints that end a sign-in: the password step, or the second factor's step when the account has one. */
const SIGN_IN_PATHS = new Set([
  "/sign-in/email",
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
]);

/** Called from better-auth's `after` hook (better-auth.ts): one audit row per sign-in and refused sign-in. */
export async function auditAuthEndpoint(db: Database, outcome: AuthEndpointOutcome): Promise<void> {
  if (!SIGN_IN_PATHS.has(outcome.path)) return;
  const client = clientDetails(outcome);
  const step = outcome.path === "/sign-in/email" ? "password" : "second_factor";
  if (isAPIError(outcome.returned) || outcome.returned instanceof Error) {
    const email = attemptedEmail(outcome.body);
    await recordSecurityEvent(db, {
      action: "sign_in_failed",
      userId: email ? await selectUserIdByEmail(db, email) : null,
      actorLabel: "anonymous",
      details: { email, step, ...client },
    });
    return;
  }
  // A password step that asks for the second factor makes no session yet: the sign-in is audited at that step.
  const session = outcome.newSession;
  if (!session) return;
  await recordSecurityEvent(db, {
    action: "sign_in",
    userId: session.user.id,
    actorLabel: session.user.name,
    details: { ...client, step },
  });
}

/** better-auth's databaseHooks for sign-out and password changes; merged into createAuth's (better-auth.ts). */
export function authAuditDatabaseHooks(db: Database) {
  return {
    session: {
      delete: {
        after: async (session: { userId: string }, ctx: GenericEndpointContext | null) => {
          if (ctx?.path !== "/sign-out") return;
          await recordSecurityEvent(db, {
            action: "sign_out",
            userId: session.userId,
            actorLabel: await labelOf(db, session.userId),
            details: clientDetails(ctx),
          });
        },
      },
    },
    account: {
      update: {
        after: async (account: { userId: string }, ctx: GenericEndpointContext | null) => {
          if (!ctx || !PASSWORD_PATHS.has(ctx.path) || !account.userId) return;
          await recordSecurityEvent(db, {
            action: "password_change",
            userId: account.userId,
            actorLabel: await labelOf(db, account.userId),
            details: { ...clientDetails(ctx), how: ctx.path.slice(1) },
          });
        },
      },
    },
  };
}
