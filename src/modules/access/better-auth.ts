// Sign-in and sessions (better-auth, email + password, sessions and rate-limit counters in the database).
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import type { Database } from "../../db/client";
import { authDatabaseAdapter, claimAuthSecret } from "./access.store";
import { authAuditOptions } from "./auth-audit";

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
};

export function createAuth(db: Database, options: AuthOptions) {
  return betterAuth({
    appName: "Ubufatanye",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [],
    database: authDatabaseAdapter(db),
    // Accounts are made by an administrator (or the first-start setup), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        locale: { type: "string", required: false, defaultValue: "en", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
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
    // Sign-in, refused sign-in, sign-out and password changes, each one audit row (issue 15).
    ...authAuditOptions(db),
    logger: { disabled: process.env.NODE_ENV === "test" },
  });
}

export type Auth = ReturnType<typeof createAuth>;

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
