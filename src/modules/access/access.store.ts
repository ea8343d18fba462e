// The only file with queries on users, grants, user-organisation links and instance settings, and better-auth's way in.
import { createHash, randomBytes } from "node:crypto";
import type { BetterAuthOptions, DBAdapter, DBTransactionAdapter, Where } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { and, asc, count, eq, inArray, like, ne, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client";
import { nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { Grant, Locale, UserSummary } from "./access.schema";
import {
  accountTable,
  instanceSettingTable,
  rateLimitTable,
  roleGrantTable,
  sessionTable,
  signInThrottleTable,
  twoFactorTable,
  userOrganisationTable,
  userTable,
  verificationTable,
} from "./access.table";

/** Ids shaped like better-auth's own (32 URL-safe characters). */
const newAuthId = () => randomBytes(24).toString("base64url");

/** Inserts a user with an email + password credential, as better-auth would, inside the caller's transaction. */
export async function insertCredentialUser(
  db: Executor,
  input: { name: string; email: string; locale: Locale; passwordHash: string },
): Promise<string> {
  const userId = newAuthId();
  await db
    .insert(userTable)
    .values({ id: userId, name: input.name, email: input.email.toLowerCase(), locale: input.locale });
  await db.insert(accountTable).values({
    id: newAuthId(),
    accountId: userId,
    providerId: "credential",
    userId,
    password: input.passwordHash,
  });
  return userId;
}

/** What the session table keeps of a session token: its SHA-256, so that a copy of the database opens no session. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

type SessionRow = { token?: unknown; createdAt?: unknown; expiresAt?: unknown };

/**
 * Session rows as better-auth must see them: the token it asked with (the row holds only the hash), and an expiry no
 * later than the absolute lifetime after sign-in (better-auth only knows a sliding expiry, which serves as the idle
 * limit), so a session past either limit reads as expired and better-auth deletes it.
 */
function presentSession<T>(row: T, clearToken: string | undefined, absoluteMs: number): T {
  if (!row || typeof row !== "object") return row;
  const session = { ...(row as SessionRow) };
  if (clearToken !== undefined) session.token = clearToken;
  if (session.createdAt instanceof Date && session.expiresAt instanceof Date) {
    const deadline = new Date(session.createdAt.getTime() + absoluteMs);
    if (deadline < session.expiresAt) session.expiresAt = deadline;
  }
  return session as T;
}

function hashTokenValue(value: Where["value"]): Where["value"] {
  if (typeof value === "string") return hashSessionToken(value);
  if (Array.isArray(value)) return value.map((v) => hashSessionToken(String(v)));
  return value;
}

const hashTokenInWhere = (where: Where[]): Where[] =>
  where.map((w) => (w.field === "token" ? { ...w, value: hashTokenValue(w.value) } : w));

/** The clear token a lookup asked for, to hand back in place of the stored hash. */
const clearTokenOf = (where: Where[] | undefined): string | undefined => {
  const w = where?.find((c) => c.field === "token" && (c.operator ?? "eq") === "eq");
  return typeof w?.value === "string" ? w.value : undefined;
};

/** Hashes session tokens on every write and lookup, and applies the absolute session lifetime on every read. */
function withSessionSafety(adapter: DBTransactionAdapter, absoluteMs: number): DBTransactionAdapter {
  const isSession = (model: string) => model === "session";
  return {
    ...adapter,
    create: async <T extends Record<string, unknown>, R = T>(data: {
      model: string;
      data: Omit<T, "id">;
      select?: string[] | undefined;
      forceAllowId?: boolean | undefined;
    }) => {
      if (!isSession(data.model)) return adapter.create<T, R>(data);
      const row: SessionRow = data.data;
      const clear = typeof row.token === "string" ? row.token : undefined;
      const created = await adapter.create<T, R>({
        ...data,
        data: { ...data.data, ...(clear === undefined ? {} : { token: hashSessionToken(clear) }) },
      });
      return presentSession(created, clear, absoluteMs);
    },
    findOne: async <T>(data: Parameters<DBAdapter["findOne"]>[0]) => {
      if (!isSession(data.model)) return adapter.findOne<T>(data);
      const found = await adapter.findOne<T>({ ...data, where: hashTokenInWhere(data.where) });
      return presentSession(found, clearTokenOf(data.where), absoluteMs);
    },
    findMany: async <T>(data: Parameters<DBAdapter["findMany"]>[0]) => {
      if (!isSession(data.model)) return adapter.findMany<T>(data);
      const rows = await adapter.findMany<T>({ ...data, where: data.where && hashTokenInWhere(data.where) });
      return rows.map((r) => presentSession(r, undefined, absoluteMs));
    },
    count: (data) =>
      isSession(data.model)
        ? adapter.count({ ...data, where: data.where && hashTokenInWhere(data.where) })
        : adapter.count(data),
    update: async <T>(data: Parameters<DBAdapter["update"]>[0]) => {
      if (!isSession(data.model)) return adapter.update<T>(data);
      const updated = await adapter.update<T>({ ...data, where: hashTokenInWhere(data.where) });
      return presentSession(updated, clearTokenOf(data.where), absoluteMs);
    },
    updateMany: (data) =>
      isSession(data.model)
        ? adapter.updateMany({ ...data, where: hashTokenInWhere(data.where) })
        : adapter.updateMany(data),
    delete: (data) =>
      isSession(data.model)
        ? adapter.delete({ ...data, where: hashTokenInWhere(data.where) })
        : adapter.delete(data),
    deleteMany: (data) =>
      isSession(data.model)
        ? adapter.deleteMany({ ...data, where: hashTokenInWhere(data.where) })
        : adapter.deleteMany(data),
    consumeOne: (data) =>
      isSession(data.model)
        ? adapter.consumeOne({ ...data, where: hashTokenInWhere(data.where) })
        : adapter.consumeOne(data),
    incrementOne: (data) =>
      isSession(data.model)
        ? adapter.incrementOne({ ...data, where: hashTokenInWhere(data.where) })
        : adapter.incrementOne(data),
  };
}

/**
 * The tables better-auth reads and writes itself (users, sessions, accounts, verifications, rate-limit counters,
 * second factors), with session tokens stored hashed and sessions capped at `absoluteSessionSeconds` after sign-in.
 */
export function authDatabaseAdapter(db: Database, options: { absoluteSessionSeconds: number }) {
  const base = drizzleAdapter(db, {
    provider: "pg",
    schema: {
      user: userTable,
      session: sessionTable,
      account: accountTable,
      verification: verificationTable,
      rateLimit: rateLimitTable,
      twoFactor: twoFactorTable,
    },
  });
  const absoluteMs = options.absoluteSessionSeconds * 1000;
  return (authOptions: BetterAuthOptions): DBAdapter => {
    const adapter = base(authOptions);
    return {
      ...adapter,
      ...withSessionSafety(adapter, absoluteMs),
      transaction: (callback) => adapter.transaction((trx) => callback(withSessionSafety(trx, absoluteMs))),
    };
  };
}

/** Ends every session of a user but one (after a password change: whoever knew the old one is signed out). */
export async function deleteOtherSessions(
  db: Executor,
  userId: string,
  keepSessionId: string,
): Promise<number> {
  const rows = await db
    .delete(sessionTable)
    .where(and(eq(sessionTable.userId, userId), ne(sessionTable.id, keepSessionId)))
    .returning({ id: sessionTable.id });
  return rows.length;
}

export async function selectCredentialPasswordHash(db: Executor, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ password: accountTable.password })
    .from(accountTable)
    .where(and(eq(accountTable.userId, userId), eq(accountTable.providerId, "credential")));
  return row?.password ?? null;
}

export async function updateCredentialPasswordHash(db: Executor, userId: string, passwordHash: string) {
  await db
    .update(accountTable)
    .set({ password: passwordHash, updatedAt: sql`now()` })
    .where(and(eq(accountTable.userId, userId), eq(accountTable.providerId, "credential")));
}

/** The account's failed sign-ins and lock, if any. */
export async function selectSignInThrottle(db: Executor, email: string) {
  const [row] = await db.select().from(signInThrottleTable).where(eq(signInThrottleTable.email, email));
  return row ?? null;
}

/**
 * Counts one failed sign-in on this email and returns the count, atomically (concurrent failures all count).
 * A count whose last failure is older than `forgetAfterSeconds` starts again from one.
 */
export async function recordSignInFailure(
  db: Executor,
  email: string,
  forgetAfterSeconds: number,
): Promise<number> {
  const [row] = await db
    .insert(signInThrottleTable)
    .values({ email, failures: 1, lastFailureAt: sql`now()` })
    .onConflictDoUpdate({
      target: signInThrottleTable.email,
      set: {
        failures: sql`case when ${signInThrottleTable.lastFailureAt} < now() - make_interval(secs => ${forgetAfterSeconds}) then 1 else ${signInThrottleTable.failures} + 1 end`,
        lastFailureAt: sql`now()`,
      },
    })
    .returning({ failures: signInThrottleTable.failures });
  return row?.failures ?? 1;
}

export async function lockSignIn(db: Executor, email: string, seconds: number): Promise<void> {
  await db
    .update(signInThrottleTable)
    .set({ lockedUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(eq(signInThrottleTable.email, email));
}

export async function clearSignInFailures(db: Executor, email: string): Promise<void> {
  await db.delete(signInThrottleTable).where(eq(signInThrottleTable.email, email));
}

const AUTH_SECRET = "auth_secret";

/** Keeps `candidate` as the auth secret unless one is kept already, and returns the one kept (undefined if unreadable). */
export async function claimAuthSecret(db: Executor, candidate: string): Promise<string | undefined> {
  await db.insert(instanceSettingTable).values({ key: AUTH_SECRET, value: candidate }).onConflictDoNothing();
  const [row] = await db
    .select({ value: instanceSettingTable.value })
    .from(instanceSettingTable)
    .where(eq(instanceSettingTable.key, AUTH_SECRET));
  return row?.value;
}

/** Whether a user already has this email, whatever its case. */
export async function isEmailTaken(db: Executor, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: userTable.id })
    .from(userTable)
    .where(sql`lower(${userTable.email}) = lower(${email})`)
    .limit(1);
  return rows.length > 0;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(userTable);
  return row?.n ?? 0;
}

export async function selectGrants(db: Executor, userId: string): Promise<Grant[]> {
  const rows = await db
    .select({
      role: roleGrantTable.role,
      scopeType: roleGrantTable.scopeType,
      scopeId: roleGrantTable.scopeId,
    })
    .from(roleGrantTable)
    .where(eq(roleGrantTable.userId, userId));
  return rows.map((r) => ({
    role: r.role as Grant["role"],
    scopeType: r.scopeType as Grant["scopeType"],
    scopeId: r.scopeId,
  }));
}

export async function selectUserOrganisationIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: userOrganisationTable.organisationId })
    .from(userOrganisationTable)
    .where(eq(userOrganisationTable.userId, userId));
  return rows.map((r) => r.id);
}

export async function selectUser(db: Executor, userId: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(userTable).where(eq(userTable.id, userId));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function insertGrants(db: Executor, userId: string, grants: readonly Grant[]): Promise<void> {
  if (grants.length === 0) return;
  await db
    .insert(roleGrantTable)
    .values(grants.map((g) => ({ userId, role: g.role, scopeType: g.scopeType, scopeId: g.scopeId })))
    .onConflictDoNothing();
}

export async function insertUserOrganisations(
  db: Executor,
  userId: string,
  organisationIds: readonly string[],
) {
  if (organisationIds.length === 0) return;
  await db
    .insert(userOrganisationTable)
    .values(organisationIds.map((organisationId) => ({ userId, organisationId })))
    .onConflictDoNothing();
}

export async function updateUserLocale(db: Executor, userId: string, locale: Locale): Promise<void> {
  await db
    .update(userTable)
    .set({ locale, ...nextVersion(userTable) })
    .where(eq(userTable.id, userId));
}

/** Which of these ids exist as districts / organisations (to validate grant scopes). */
export async function selectExistingScopeIds(
  db: Executor,
  ids: { districts: string[]; organisations: string[] },
) {
  const districts =
    ids.districts.length === 0
      ? []
      : await db
          .select({ id: placeTable.id, kind: placeTable.kind })
          .from(placeTable)
          .where(inArray(placeTable.id, ids.districts));
  const organisations =
    ids.organisations.length === 0
      ? []
      : await db
          .select({ id: organisationTable.id })
          .from(organisationTable)
          .where(inArray(organisationTable.id, ids.organisations));
  return {
    districtIds: new Set(districts.filter((d) => d.kind === "district").map((d) => d.id)),
    organisationIds: new Set(organisations.map((o) => o.id)),
  };
}

export async function selectUsers(db: Executor): Promise<UserSummary[]> {
  const users = await db.select().from(userTable).orderBy(asc(userTable.name));
  const grants = await db.select().from(roleGrantTable);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    locale: u.locale as Locale,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
    grants: grants
      .filter((g) => g.userId === u.id)
      .map((g) => ({
        role: g.role as Grant["role"],
        scopeType: g.scopeType as Grant["scopeType"],
        scopeId: g.scopeId,
      })),
  }));
}

const FIRST_SETUP_CLAIM = "first_setup_in_progress";

/**
 * Takes the right to run first-start setup: false when another request (or instance) holds it.
 * A claim older than two minutes was left by a process that died mid-setup: it is taken over.
 */
export async function claimFirstSetup(db: Executor): Promise<boolean> {
  const rows = await db
    .insert(instanceSettingTable)
    .values({ key: FIRST_SETUP_CLAIM, value: new Date().toISOString() })
    .onConflictDoUpdate({
      target: instanceSettingTable.key,
      set: { value: new Date().toISOString(), updatedAt: sql`now()` },
      setWhere: sql`${instanceSettingTable.updatedAt} < now() - interval '2 minutes'`,
    })
    .returning({ key: instanceSettingTable.key });
  return rows.length > 0;
}

export async function releaseFirstSetup(db: Executor): Promise<void> {
  await db.delete(instanceSettingTable).where(eq(instanceSettingTable.key, FIRST_SETUP_CLAIM));
}

export async function selectUserIdByEmail(db: Executor, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: userTable.id })
    .from(userTable)
    .where(sql`lower(${userTable.email}) = lower(${email})`);
  return row?.id ?? null;
}

/** Name, language and active state of an account, bumping its version. */
export async function updateUserAccount(
  db: Executor,
  userId: string,
  values: { name: string; locale: Locale; disabled: boolean },
): Promise<void> {
  await db
    .update(userTable)
    .set({ ...values, ...nextVersion(userTable) })
    .where(eq(userTable.id, userId));
}

export async function replaceGrants(db: Executor, userId: string, grants: readonly Grant[]): Promise<void> {
  await db.delete(roleGrantTable).where(eq(roleGrantTable.userId, userId));
  await insertGrants(db, userId, grants);
}

export async function replaceUserOrganisations(
  db: Executor,
  userId: string,
  organisationIds: readonly string[],
): Promise<void> {
  await db.delete(userOrganisationTable).where(eq(userOrganisationTable.userId, userId));
  await insertUserOrganisations(db, userId, organisationIds);
}

/** Ends every session of the account: the next request with one of its cookies is anonymous. */
export async function deleteUserSessions(db: Executor, userId: string): Promise<number> {
  const rows = await db
    .delete(sessionTable)
    .where(eq(sessionTable.userId, userId))
    .returning({ id: sessionTable.id });
  return rows.length;
}

/** Spends the account's unused password-reset links (better-auth keeps them as verification values). */
export async function deleteUserResetTokens(db: Executor, userId: string): Promise<void> {
  await db
    .delete(verificationTable)
    .where(and(eq(verificationTable.value, userId), like(verificationTable.identifier, "reset-password:%")));
}

/** Active accounts other than this one holding the national administrator role. */
export async function countOtherActiveAdministrators(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(roleGrantTable)
    .innerJoin(userTable, eq(userTable.id, roleGrantTable.userId))
    .where(
      and(
        eq(roleGrantTable.role, "administrator"),
        eq(roleGrantTable.scopeType, "national"),
        eq(userTable.disabled, false),
        ne(userTable.id, userId),
      ),
    );
  return row?.n ?? 0;
}
