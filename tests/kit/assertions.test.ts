// The shared assertions catch what they promise to: a footprint moves on any insert, update or delete, and a
// problem check refuses a response that is not an RFC 9457 problem naming the field.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client";
import { databaseFootprint, expectNothingWritten, expectProblem, rowsIn } from "../assertions";
import { createTestDatabase } from "../database";
import { contextAs, createOrganisationFixture, systemActor } from "../factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("databaseFootprint", () => {
  it("covers every table of the schema, and stays equal when nothing is written", async () => {
    const before = await databaseFootprint(handle.db);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(["agreement", "audit_log", "organisation", "user"]),
    );
    expect(rowsIn(before, "theme")).toBeGreaterThan(0);
    await handle.db.execute(sql`select count(*) from organisation`);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });

  it("moves on an insert, on an update that keeps the row count, and on a delete", async () => {
    const start = await databaseFootprint(handle.db);
    const organisation = await createOrganisationFixture(handle);
    const inserted = await databaseFootprint(handle.db);
    expect(rowsIn(inserted, "organisation")).toBe(rowsIn(start, "organisation") + 1);
    expect(inserted.audit_log).not.toEqual(start.audit_log);

    await handle.db.execute(sql`update organisation set acronym = 'ZZQ' where id = ${organisation.id}`);
    const updated = await databaseFootprint(handle.db, { tables: ["organisation"] });
    expect(updated.organisation?.rows).toBe(inserted.organisation?.rows);
    expect(updated.organisation?.checksum).not.toBe(inserted.organisation?.checksum);

    await handle.db.execute(sql`delete from theme where code = 'health'`);
    const replaced = await databaseFootprint(handle.db, { tables: ["theme"] });
    expect(replaced.theme?.rows).toBe(rowsIn(start, "theme") - 1);
  });

  it("compares a given list of tables, refuses unknown names, and can leave tables out", async () => {
    const some = await databaseFootprint(handle.db, { tables: ["agreement", "commitment"] });
    expect(Object.keys(some).sort()).toEqual(["agreement", "commitment"]);
    await expect(databaseFootprint(handle.db, { tables: ["agreements"] })).rejects.toThrow(/no table named/);
    const all = await databaseFootprint(handle.db, { except: ["session"] });
    expect(all).not.toHaveProperty("session");
    expect(() => rowsIn(all, "session")).toThrow(/no table session/);
  });

  it("expectNothingWritten fails when the action writes", async () => {
    await expect(expectNothingWritten(handle.db, () => createOrganisationFixture(handle))).rejects.toThrow();
    const refused = expectNothingWritten(handle.db, async () => {
      await expect(createOrganisationFixture(contextAs(handle, systemActor), { name: "" })).rejects.toThrow();
      return "refused";
    });
    await expect(refused).resolves.toBe("refused");
  });
});

const problem = (body: unknown, status: number, type = "application/problem+json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
const invalid = {
  type: "https://ubufatanye.example/problems/invalid",
  title: "Some fields are not valid",
  status: 422,
  errors: [{ path: "parties.1.organisationId", message: "Choose an organisation.", in: "body" }],
};

describe("expectProblem", () => {
  it("accepts an RFC 9457 problem with the status and the field path, and returns it", async () => {
    const body = await expectProblem(problem(invalid, 422), 422, {
      path: "parties.1.organisationId",
      in: "body",
    });
    expect(body.errors?.[0]?.message).toBe("Choose an organisation.");
  });

  it("refuses another status, media type, body status, shape, field path or a stack trace", async () => {
    await expect(expectProblem(problem(invalid, 422), 400)).rejects.toThrow();
    await expect(expectProblem(problem(invalid, 422, "application/json"), 422)).rejects.toThrow();
    await expect(expectProblem(problem({ ...invalid, status: 400 }, 422), 422)).rejects.toThrow();
    await expect(expectProblem(problem({ ...invalid, title: undefined }, 422), 422)).rejects.toThrow(
      /RFC 9457/,
    );
    await expect(expectProblem(problem(invalid, 422), 422, { path: "title" })).rejects.toThrow(/name title/);
    await expect(
      expectProblem(problem(invalid, 422), 422, { path: "parties.1.organisationId", in: "query" }),
    ).rejects.toThrow();
    await expect(
      expectProblem(problem({ ...invalid, detail: "Error: boom\n    at x (a.ts:3:1)" }, 422), 422),
    ).rejects.toThrow();
    await expect(
      expectProblem(
        new Response("oops", { status: 500, headers: { "content-type": "application/problem+json" } }),
        500,
      ),
    ).rejects.toThrow(/not JSON/);
  });
});
