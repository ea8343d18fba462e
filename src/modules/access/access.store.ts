// The only file with queries on users, grants and user-organisation links.
import { asc, count, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { Grant, Locale, UserSummary } from "./access.schema";
import { roleGrantTable, userOrganisationTable, userTable } from "./access.table";

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

export async function selectUser(db: Executor, userId: string) {
  const [row] = await db.select().from(userTable).where(eq(userTable.id, userId));
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
  await db.update(userTable).set({ locale, updatedAt: new Date() }).where(eq(userTable.id, userId));
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
    grants: grants
      .filter((g) => g.userId === u.id)
      .map((g) => ({
        role: g.role as Grant["role"],
        scopeType: g.scopeType as Grant["scopeType"],
        scopeId: g.scopeId,
      })),
  }));
}
