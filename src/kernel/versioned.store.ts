// Version guards for stores: update or delete a row only at the version the client read.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

type VersionedTable = { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/** WHERE id = … AND version = …: matches nothing when someone changed the row in between. */
export function atVersion(table: VersionedTable, id: string, expectedVersion: number): SQL | undefined {
  return and(eq(table.id, id), eq(table.version, expectedVersion));
}

/** The SET part that moves a row to its next version. */
export function nextVersion(table: VersionedTable): { version: SQL; updatedAt: Date } {
  return { version: sql`${table.version} + 1`, updatedAt: new Date() };
}
