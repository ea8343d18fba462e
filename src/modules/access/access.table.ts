// Tables of users, sessions and accounts (shaped for better-auth), role grants and instance settings.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";
// A table file is a leaf with no imports but drizzle: importing it directly keeps table init order simple.
import { organisationTable } from "../organisations/organisations.table";

export const userTable = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  locale: text("locale").notNull().default("en"),
  disabled: boolean("disabled").notNull().default(false),
  /** Set by better-auth's two-factor plugin once the user has verified an authenticator app. */
  twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
  ...versionColumns(),
});

export const sessionTable = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** SHA-256 of the cookie's token (hex), never the token: a database copy or backup opens no session. */
    token: text("token").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

export const accountTable = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_user_idx").on(t.userId)],
);

export const verificationTable = pgTable("verification", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** better-auth's two-factor plugin: the encrypted TOTP secret and backup codes of a user, and its own lockout. */
export const twoFactorTable = pgTable(
  "two_factor",
  {
    id: text("id").primaryKey(),
    secret: text("secret").notNull(),
    backupCodes: text("backup_codes").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    verified: boolean("verified").notNull().default(true),
    failedVerificationCount: integer("failed_verification_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [uniqueIndex("two_factor_user_idx").on(t.userId)],
);

/**
 * Failed sign-ins per account (the email as typed, lower-cased, whether an account has it or not, so that the
 * answer never tells which exist) and until when the account refuses sign-in.
 */
export const signInThrottleTable = pgTable("sign_in_throttle", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/** Rate-limit counters in the database, so that several instances behind a load balancer share them. */
export const rateLimitTable = pgTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

/** A role applies in a scope: national (no scope id), a district (place id) or an organisation. */
export const roleGrantTable = pgTable(
  "role_grant",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    scopeType: text("scope_type").notNull(),
    scopeId: uuid("scope_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("role_grant_unique_idx").on(
      t.userId,
      t.role,
      t.scopeType,
      sql`coalesce(${t.scopeId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    check(
      "role_grant_scope_check",
      sql`(${t.scopeType} = 'national' and ${t.scopeId} is null) or (${t.scopeType} in ('district', 'organisation') and ${t.scopeId} is not null)`,
    ),
  ],
);

export const userOrganisationTable = pgTable(
  "user_organisation",
  {
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] })],
);

/** Instance-wide settings kept in the database so that every instance shares them (e.g. the auth secret). */
export const instanceSettingTable = pgTable("instance_setting", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An administrator's invitation: the invitee opens a one-time link (only its SHA-256 is kept, so a copy of the
 * database opens nothing) and chooses a name and password; the account gets these grants and organisations.
 */
export const invitationTable = pgTable(
  "invitation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    locale: text("locale").notNull(),
    grants: jsonb("grants").$type<{ role: string; scopeType: string; scopeId: string | null }[]>().notNull(),
    organisationIds: jsonb("organisation_ids").$type<string[]>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => userTable.id, { onDelete: "set null" }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedUserId: text("accepted_user_id").references(() => userTable.id, { onDelete: "set null" }),
    /** Set when a newer invitation to the same address replaced this one. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...versionColumns(),
  },
  (t) => [index("invitation_email_idx").on(sql`lower(${t.email})`)],
);

/**
 * Break-the-glass (issue 17): a user opened time-limited access to one record their role does not let them see, with
 * a reason. Written once, never changed; the module that owns the record decides who may open one and honours it
 * while `expires_at` is ahead. Kept when the user is deactivated (restrict): it is evidence, like the audit row.
 */
export const accessExceptionTable = pgTable(
  "access_exception",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => userTable.id, { onDelete: "restrict" }),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    reason: text("reason").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // "Has this user an open exception on this record now?" is asked on every read of a guarded record.
    index("access_exception_lookup_idx").on(t.userId, t.entityType, t.entityId, t.expiresAt),
    index("access_exception_opened_idx").on(t.openedAt),
    check("access_exception_reason_check", sql`length(btrim(${t.reason})) >= 10`),
    check("access_exception_period_check", sql`${t.expiresAt} > ${t.openedAt}`),
  ],
);
