// The only file with queries on invitations.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { Grant, InvitationStatus, InvitationSummary, Locale } from "./access.schema";
import { invitationTable } from "./access.table";

export type InvitationRow = typeof invitationTable.$inferSelect;

export function invitationStatusOf(row: InvitationRow, now: Date): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "replaced";
  return row.expiresAt <= now ? "expired" : "pending";
}

export function invitationSummaryOf(row: InvitationRow, now: Date): InvitationSummary {
  return {
    id: row.id,
    email: row.email,
    locale: row.locale as Locale,
    grants: row.grants as Grant[],
    organisationIds: row.organisationIds,
    status: invitationStatusOf(row, now),
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
  };
}

export async function insertInvitation(
  db: Executor,
  values: {
    email: string;
    locale: Locale;
    grants: Grant[];
    organisationIds: string[];
    tokenHash: string;
    expiresAt: Date;
    invitedByUserId: string | null;
  },
): Promise<InvitationRow> {
  const [row] = await db.insert(invitationTable).values(values).returning();
  if (!row) throw new Error("the invitation was not written");
  return row;
}

/** An address invited again: the earlier links stop working, so only the latest email counts. */
export async function revokeOpenInvitations(db: Executor, email: string): Promise<string[]> {
  const rows = await db
    .update(invitationTable)
    .set({ revokedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${invitationTable.version} + 1` })
    .where(
      and(
        sql`lower(${invitationTable.email}) = lower(${email})`,
        isNull(invitationTable.acceptedAt),
        isNull(invitationTable.revokedAt),
      ),
    )
    .returning({ id: invitationTable.id });
  return rows.map((r) => r.id);
}

export async function selectInvitationByTokenHash(
  db: Executor,
  tokenHash: string,
  options: { forUpdate?: boolean } = {},
): Promise<InvitationRow | null> {
  const query = db.select().from(invitationTable).where(eq(invitationTable.tokenHash, tokenHash));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

export async function markInvitationAccepted(db: Executor, id: string, userId: string): Promise<void> {
  await db
    .update(invitationTable)
    .set({
      acceptedAt: sql`now()`,
      acceptedUserId: userId,
      updatedAt: sql`now()`,
      version: sql`${invitationTable.version} + 1`,
    })
    .where(eq(invitationTable.id, id));
}

export async function selectInvitations(db: Executor, limit: number): Promise<InvitationRow[]> {
  return db.select().from(invitationTable).orderBy(desc(invitationTable.createdAt)).limit(limit);
}
