// What the database keeps for the agreements list and search, whoever writes (migration 0046: per statement, not per
// row): the change counter moves once per committed transaction, the parties' search text follows every insert,
// update and delete of parties, and the vocabulary gains the words of new and changed search texts.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import { createAgreementFixture, createOrganisationFixture } from "../../../tests/factories";
import { type DatabaseHandle, type Executor, queryRows } from "../../db/client";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const counter = async (db: Executor = handle.db) =>
  Number(
    (await queryRows<{ n: string }>(db, sql`select last_value::text as n from agreement_list_change_seq`))[0]
      ?.n,
  );
const partyText = async (agreementId: string, db: Executor = handle.db) =>
  (
    await queryRows<{ t: string }>(
      db,
      sql`select party_search_text as t from agreement_search where agreement_id = ${agreementId}`,
    )
  )[0]?.t;
const hasWord = async (word: string) =>
  (
    await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from agreement_search_word where word = ${word}`,
    )
  )[0]?.n === 1;

describe("the agreements list's change counter", () => {
  it("moves when a transaction commits, not per row written, not before, and not for one rolled back", async () => {
    const organisations = await Promise.all(
      Array.from({ length: 40 }, () => createOrganisationFixture(handle)),
    );
    const agreement = await createAgreementFixture(handle);
    let before = await counter();
    await handle.db.transaction(async (tx) => {
      for (const [position, organisation] of organisations.entries())
        await tx.execute(sql`insert into agreement_party (agreement_id, organisation_id, role, position)
          values (${agreement.id}, ${organisation.id}, 'partner', ${position + 10})`);
      await tx.execute(sql`update organisation set phone = '+250 788 000 000'
        where id in (${sql.join(
          organisations.map((o) => sql`${o.id}`),
          sql`, `,
        )})`);
      // Deferred to commit: a reader cannot take the new number while the rows are not yet visible.
      expect(await counter(tx)).toBe(before);
    });
    // Once for the transaction, once more for the list facets its commit settles (they are list data too): never
    // once per row, as the 80 rows written here would have moved it.
    const moves = (await counter()) - before;
    expect(moves).toBeGreaterThanOrEqual(1);
    expect(moves).toBeLessThanOrEqual(2);
    before = await counter();
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`update agreement set purpose = 'Undone' where id = ${agreement.id}`);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await counter()).toBe(before);
    // A savepoint rolled back after the first change keeps the transaction's note.
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`update agreement set purpose = 'Kept' where id = ${agreement.id}`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`update agreement set purpose = 'Undone' where id = ${agreement.id}`);
          throw new Error("roll back the savepoint");
        })
        .catch(() => undefined);
    });
    expect(await counter()).toBe(before + 1);
  });
});

describe("the parties' search text and the vocabulary", () => {
  it("follow inserted, moved, changed and deleted parties, several agreements in one statement", async () => {
    const first = await createAgreementFixture(handle);
    const second = await createAgreementFixture(handle);
    const zebra = await createOrganisationFixture(handle, { name: "Zebrafinch Paralegal Network" });
    const quokka = await createOrganisationFixture(handle, { name: "Quokkaville Legal Aid Forum" });
    const [firstBefore, secondBefore] = [await partyText(first.id), await partyText(second.id)];
    // One statement adding parties to two agreements.
    await handle.db.execute(sql`insert into agreement_party (agreement_id, organisation_id, role, position)
      values (${first.id}, ${zebra.id}, 'partner', 5), (${second.id}, ${quokka.id}, 'partner', 5)`);
    expect(await partyText(first.id)).toContain("zebrafinch");
    expect(await partyText(second.id)).toContain("quokkaville");
    expect(await hasWord("zebrafinch")).toBe(true);
    expect(await hasWord("quokkaville")).toBe(true);
    // A party moved from one agreement to the other: both are refreshed.
    await handle.db.execute(
      sql`update agreement_party set agreement_id = ${second.id} where agreement_id = ${first.id} and organisation_id = ${zebra.id}`,
    );
    expect(await partyText(first.id)).toBe(firstBefore);
    expect(await partyText(second.id)).toContain("zebrafinch");
    // An organisation's renaming reaches its agreements' text and the vocabulary.
    await handle.db.execute(sql`update organisation set name = 'Xylophone Justice Collective',
      search_text = 'xylophone justice collective' where id = ${quokka.id}`);
    expect(await partyText(second.id)).toContain("xylophone");
    expect(await partyText(second.id)).not.toContain("quokkaville");
    expect(await hasWord("xylophone")).toBe(true);
    await handle.db.execute(
      sql`delete from agreement_party where organisation_id in (${zebra.id}, ${quokka.id})`,
    );
    expect(await partyText(second.id)).toBe(secondBefore);
  });
});
