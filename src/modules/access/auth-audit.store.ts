// The two look-ups the sign-in audit needs: an account by the email tried, a user's name by id.
import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { userTable } from "./access.table";

export async function selectUserIdByEmail(db: Executor, email: string): Promise<string | null> {
  const [row] = await db.select({ id: userTable.id }).from(userTable).where(eq(userTable.email, email));
  return row?.id ?? null;
}

export async function selectUserName(db: Executor, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: userTable.name }).from(userTable).where(eq(userTable.id, userId));
  return row?.name ?? null;
}
