// The two database roles (decision 010): the owner runs migrations; the app runs as a role that owns no table and
// may only insert and read audit rows. Grants are re-applied after every migration run, on PGlite and PostgreSQL.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "./client";

/** The role the app runs as when one URL (or the embedded database) has to serve both: NOLOGIN, made if missing. */
export const DEFAULT_APP_ROLE = "ubufatanye_app";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A role name safe to write into SQL unquoted; anything else is refused (names come from the environment). */
export function checkRoleName(role: string): string {
  if (!ROLE_NAME.test(role))
    throw new Error(`"${role}" is not a usable role name: use lower-case letters, digits and underscores.`);
  return role;
}

export type RoleFacts = {
  role: string;
  superuser: boolean;
  /** Whether the role owns (or is a member of the owner of) the audit log; true when there is no audit log yet. */
  ownsAuditLog: boolean;
};

export async function describeCurrentRole(db: Executor): Promise<RoleFacts> {
  const [row] = await queryRows<{ role: string; superuser: boolean; owns: boolean }>(
    db,
    sql`select current_user as role,
          (select rolsuper from pg_roles where rolname = current_user) as superuser,
          coalesce((select pg_has_role(current_user, relowner, 'MEMBER') from pg_class
                    where oid = to_regclass('public.audit_log')), true) as owns`,
  );
  if (!row) throw new Error("Could not read the current database role.");
  return { role: row.role, superuser: row.superuser, ownsAuditLog: row.owns };
}

/**
 * Gives `role` what the app needs and nothing more: read and write every table but the audit log, which it may only
 * insert into and read (no UPDATE, DELETE, TRUNCATE, and no ownership, so no ALTER TABLE … DISABLE TRIGGER either).
 * Run as the owner after migrating: tables a migration added get their grants here.
 */
export async function grantAppRole(db: Executor, role: string): Promise<void> {
  const name = sql.raw(checkRoleName(role));
  await db.execute(sql`grant usage on schema public to ${name}`);
  await db.execute(sql`grant select, insert, update, delete on all tables in schema public to ${name}`);
  await db.execute(sql`revoke update, delete, truncate, references, trigger on audit_log from ${name}`);
  await db.execute(sql`grant usage, select on all sequences in schema public to ${name}`);
  // The migration history, read at every start to refuse a database migrated by another version.
  await db.execute(sql`grant usage on schema drizzle to ${name}`);
  await db.execute(sql`grant select on all tables in schema drizzle to ${name}`);
  // The job queue's tables (decision 015), once its migration made them. No TRUNCATE, and no DDL: a queue's own
  // table is made by pgboss.create_queue with its owner's rights, and reached through pgboss.job's grants.
  const [queue] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regnamespace('pgboss') is not null as present`,
  );
  if (queue?.present) {
    await db.execute(sql`grant usage on schema pgboss to ${name}`);
    await db.execute(sql`grant select, insert, update, delete on all tables in schema pgboss to ${name}`);
  }
}

/** Creates the app's NOLOGIN role when it is missing and lets the current role switch to it (SET ROLE). */
export async function ensureAppRole(db: Executor, role: string): Promise<void> {
  const name = checkRoleName(role);
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`select exists (select 1 from pg_roles where rolname = ${name}) as present`,
  );
  if (!exists?.present) await db.execute(sql.raw(`create role ${name} nologin`));
  const [member] = await queryRows<{ member: boolean }>(
    db,
    sql`select pg_has_role(current_user, ${name}, 'MEMBER') as member`,
  );
  if (!member?.member) await db.execute(sql.raw(`grant ${name} to current_user`));
}
