import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { contextAs, systemActor } from "../../tests/factories";
import { type DatabaseHandle, queryRows } from "../db/client";
import { inTransaction } from "./context";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase({ as: "owner" }); // it creates a probe table
  await handle.db.execute(sql`create table kernel_probe (n integer not null)`);
});
afterAll(async () => {
  await handle?.close();
});

const probe = async () =>
  (await queryRows<{ n: number }>(handle.db, sql`select n from kernel_probe order by n`)).map((r) => r.n);

describe("inTransaction", () => {
  it("opens a transaction that a failure undoes whole", async () => {
    const ctx = contextAs(handle, systemActor);
    await expect(
      inTransaction(ctx, async (tx) => {
        await tx.db.execute(sql`insert into kernel_probe values (1)`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await probe()).toEqual([]);
  });

  it("joins the caller's transaction: a nested use case commits or fails with it", async () => {
    const ctx = contextAs(handle, systemActor);
    await expect(
      inTransaction(ctx, async (outer) => {
        await inTransaction(outer, async (inner) => {
          // The same transaction object, not a savepoint on it.
          expect(inner.db).toBe(outer.db);
          await inner.db.execute(sql`insert into kernel_probe values (2)`);
        });
        throw new Error("outer fails after the inner use case succeeded");
      }),
    ).rejects.toThrow("outer fails");
    expect(await probe()).toEqual([]);

    const result = await inTransaction(ctx, async (outer) => {
      await inTransaction(outer, (inner) => inner.db.execute(sql`insert into kernel_probe values (3)`));
      return (await queryRows<{ n: number }>(outer.db, sql`select n from kernel_probe`)).length;
    });
    expect(result).toBe(1);
    expect(await probe()).toEqual([3]);
  });

  it("keeps the actor and the fixed day of its caller", async () => {
    const ctx = { ...contextAs(handle, systemActor), today: "2024-02-29" };
    const seen = await inTransaction(ctx, async (tx) => ({ actor: tx.actor, today: tx.today }));
    expect(seen).toEqual({ actor: systemActor, today: "2024-02-29" });
  });
});
