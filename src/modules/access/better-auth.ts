// Sign-in and sessions (better-auth, email + password, TOTP second factor, sessions and rate-limit counters in the database).
import { randomBytes } from "node:crypto";
import { APIError, betterAuth } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { twoFactor } from "better-auth/plugins/two-factor";
import type { Database } from "../../db/client";
import {
  authDatabaseAdapter,
  claimAuthSecret,
  clearSignInFailures,
  lockSignIn,
  recordSignInFailure,
  selectSignInThrottle,
  selectUser,
} from "./access.store";
import { auditAuthEndpoint, authAuditDatabaseHooks } from "./auth-audit";
import { type AccountMail, passwordResetByEmail } from "./password-reset.service";
import { checkPasswordStrength, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-strength";
import { FORGET_SIGN_IN_FAILURES_AFTER_SECONDS, signInLockSeconds, throttleKey } from "./sign-in-throttle";

/** The header the server sets from the socket (or a trusted proxy) so that rate limits are per client. */
export const CLIENT_IP_HEADER = "x-ubufatanye-client-ip";

export type AuthOptions = {
  secret: string;
  baseURL: string;
  secureCookies: boolean;
  /** Origins allowed to sign in besides baseURL's (e.g. localhost and 127.0.0.1 for the same port). */
  trustedOrigins?: string[];
  /** Sign-in attempts allowed per client address per minute. */
  signInAttemptsPerMinute?: number;
  /** A session ends after this long without a request (SESSION_IDLE_MINUTES, default 30 minutes). */
  sessionIdleSeconds?: number;
  /** A session ends this long after sign-in, however active (SESSION_MAX_HOURS, default 12 hours). */
  sessionAbsoluteSeconds?: number;
  /** Emails "forgot password" links; without it a reset cannot be asked for. */
  accountMail?: AccountMail;
  /**
   * How passwords are hashed and checked: better-auth's scrypt unless given. The in-process tests give the same
   * scrypt, remembered per password (tests/factories.ts): ~150 ms of processor time per hash or check, hundreds of
   * sign-ins a run.
   */
  passwordHashing?: {
    hash(password: string): Promise<string>;
    verify(data: { hash: string; password: string }): Promise<boolean>;
  };
};

export const DEFAULT_SESSION_IDLE_SECONDS = 30 * 60;
export const DEFAULT_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

/**
 * Paths better-auth offers that this app does not: password change and set go through POST /api/me/password
 * (the strength rule, other sessions ended); session listing and revocation by token cannot work with hashed tokens.
 */
const DISABLED_AUTH_PATHS = [
  "/change-password",
  "/set-password",
  "/list-sessions",
  "/revoke-session",
  "/revoke-other-sessions",
];

const SIGN_IN_PATH = "/sign-in/email";

const hasTrustDevice = (body: unknown): body is Record<string, unknown> =>
  typeof body === "object" && body !== null && (body as { trustDevice?: unknown }).trustDevice !== undefined;

const emailOfBody = (body: unknown): string | undefined => {
  const email = typeof body === "object" && body !== null ? (body as { email?: unknown }).email : undefined;
  return typeof email === "string" && email.length <= 254 ? throttleKey(email) : undefined;
};

const RESET_PASSWORD_PATH = "/reset-password";

type ResetPasswordContext = {
  body?: unknown;
  query?: unknown;
  context: {
    internalAdapter: { findVerificationValue(identifier: string): Promise<{ value: string } | null> };
  };
};

/**
 * "Forgot password" sets the password through better-auth's /reset-password: the one password rule applies there
 * too, against the account the link belongs to (an unknown or spent link is left to better-auth to refuse).
 */
async function refuseWeakResetPassword(db: Database, ctx: ResetPasswordContext): Promise<void> {
  const body = (typeof ctx.body === "object" && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
  const query = (typeof ctx.query === "object" && ctx.query !== null ? ctx.query : {}) as Record<
    string,
    unknown
  >;
  const password = body.newPassword;
  const token = typeof body.token === "string" ? body.token : query.token;
  if (typeof password !== "string" || typeof token !== "string" || token.length > 256) return;
  const link = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
  const user = link ? await selectUser(db, link.value) : null;
  if (!user) return;
  const refused = checkPasswordStrength(password, user);
  if (!refused) return;
  throw new APIError("UNPROCESSABLE_ENTITY", {
    message: refused.message,
    code: refused.code,
    detail: refused.message,
    errors: [
      { path: "password", in: "body", code: refused.code, message: refused.message, params: refused.params },
    ],
  });
}

/**
 * Hooks around better-auth's endpoints. The per-account throttle on password sign-in, besides the per-address rate
 * limit: an account (the email as typed, whether an account has it or not) refuses sign-in for a growing time after
 * repeated failures; a success resets it. No "trust this device" for the second factor. And the audit of sign-ins.
 */
function authHooks(db: Database) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      // "Trust this device" would skip the second factor for 30 days on a shared or stolen office computer: the
      // code is asked at every sign-in, so the flag is dropped.
      if (ctx.path.startsWith("/two-factor/verify-") && hasTrustDevice(ctx.body))
        return { context: { body: { ...ctx.body, trustDevice: false } } };
      if (ctx.path === RESET_PASSWORD_PATH) return refuseWeakResetPassword(db, ctx);
      if (ctx.path !== SIGN_IN_PATH) return;
      const email = emailOfBody(ctx.body);
      if (!email) return;
      const throttle = await selectSignInThrottle(db, email);
      const waitMs = throttle?.lockedUntil ? throttle.lockedUntil.getTime() - Date.now() : 0;
      if (waitMs > 0) {
        throw new APIError(
          "TOO_MANY_REQUESTS",
          {
            message: "Too many failed sign-ins on this account. Wait before trying again.",
            code: "ACCOUNT_SIGN_IN_LOCKED",
          },
          { "Retry-After": String(Math.ceil(waitMs / 1000)) },
        );
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      // One audit row per sign-in and refused sign-in (auth-audit.ts).
      await auditAuthEndpoint(db, {
        path: ctx.path,
        body: ctx.body,
        headers: ctx.headers,
        request: ctx.request,
        returned: ctx.context.returned,
        newSession: ctx.context.newSession,
      });
      if (ctx.path !== SIGN_IN_PATH) return;
      const email = emailOfBody(ctx.body);
      if (!email) return;
      const returned = ctx.context.returned;
      if (isAPIError(returned)) {
        if (returned.statusCode !== 401) return;
        const failures = await recordSignInFailure(db, email, FORGET_SIGN_IN_FAILURES_AFTER_SECONDS);
        const lock = signInLockSeconds(failures);
        if (lock > 0) await lockSignIn(db, email, lock);
        return;
      }
      // The password was right (a second factor may still be asked): the run of failures ends.
      await clearSignInFailures(db, email);
    }),
  };
}

export function createAuth(db: Database, options: AuthOptions) {
  const idleSeconds = options.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS;
  const absoluteSeconds = options.sessionAbsoluteSeconds ?? DEFAULT_SESSION_ABSOLUTE_SECONDS;
  const authAudit = authAuditDatabaseHooks(db);
  return betterAuth({
    appName: "Ubufatanye",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [],
    database: authDatabaseAdapter(db, { absoluteSessionSeconds: absoluteSeconds }),
    disabledPaths: DISABLED_AUTH_PATHS,
    // Accounts are made by an administrator (or the first-start setup), never by self sign-up. The strength rule
    // is checkPasswordStrength (password-strength.ts), applied by every path of ours that sets a password.
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      ...passwordResetByEmail(options.accountMail),
      ...(options.passwordHashing ? { password: options.passwordHashing } : {}),
    },
    // Checked once the password is right, so a stranger learns nothing about the account.
    // Sign-out and password changes are audited (auth-audit.ts), each one row.
    databaseHooks: {
      session: {
        create: { before: (session) => refuseDeactivatedAccount(db, session.userId) },
        delete: authAudit.session.delete,
      },
      account: authAudit.account,
    },
    user: {
      additionalFields: {
        locale: { type: "string", required: false, defaultValue: "en", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    // expiresIn slides with use and so is the idle limit (renewed at most every updateAge, so a session idle for
    // between idle - updateAge and idle ends); the absolute limit is applied by the database adapter on every read.
    session: {
      expiresIn: idleSeconds,
      updateAge: Math.max(1, Math.min(300, Math.floor(idleSeconds / 10))),
      freshAge: Math.min(absoluteSeconds, 60 * 60 * 24),
    },
    plugins: [
      // TOTP (authenticator app) with backup codes; the secret and codes are stored encrypted with the auth secret.
      twoFactor({ issuer: "Ubufatanye" }),
    ],
    hooks: authHooks(db),
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rateLimit",
      window: 60,
      max: 120,
      customRules: {
        "/sign-in/email": { window: 60, max: options.signInAttemptsPerMinute ?? 5 },
      },
    },
    advanced: {
      useSecureCookies: options.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: options.secureCookies },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
    logger: { disabled: process.env.NODE_ENV === "test" },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** A deactivated account gets no session (its existing ones were ended when it was deactivated). */
async function refuseDeactivatedAccount(db: Database, userId: string): Promise<undefined> {
  const user = await selectUser(db, userId);
  if (user?.disabled)
    throw new APIError("FORBIDDEN", {
      message: "This account is deactivated. Ask an administrator to reactivate it.",
      code: "ACCOUNT_DEACTIVATED",
    });
  return undefined;
}

/**
 * The signing secret: UBUFATANYE_SECRET when set, else one generated at first start and kept in the
 * database, so that every instance behind a load balancer signs sessions alike.
 */
export async function resolveAuthSecret(db: Database, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("UBUFATANYE_SECRET must be at least 32 characters long.");
    return fromEnv;
  }
  const secret = await claimAuthSecret(db, randomBytes(32).toString("base64url"));
  if (!secret) throw new Error("Could not read the auth secret from the database.");
  return secret;
}

/** Hashes a password the way better-auth checks it at sign-in. */
export async function hashPassword(auth: Auth, password: string): Promise<string> {
  return (await auth.$context).password.hash(password);
}

/** Creates a user with a password through better-auth, bypassing the closed sign-up (tests use it). */
export async function createCredentialUser(
  auth: Auth,
  input: { name: string; email: string; password: string; locale: string },
): Promise<string> {
  const ctx = await auth.$context;
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser(
    {
      name: input.name,
      email: input.email.toLowerCase(),
      emailVerified: false,
      locale: input.locale,
    },
    { method: "admin" },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: hash,
  });
  return user.id;
}
