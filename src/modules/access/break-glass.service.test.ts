// Break-the-glass on both engines, with a fake clock: open → active at +2 h 59 → gone at +3 h 01; a short reason is
// refused with nothing written; the audit row on the record carries the reason; administrators list who, why, until.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  createUserFixture,
  nationalGrant,
  systemActor,
  type UserFixture,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { listAccesses, verifyAuditChain } from "../audit";
import { activeBreakGlass, listBreakGlass, openBreakGlass } from "./break-glass.service";

let handle: DatabaseHandle;
let officer: UserFixture;
const OPENED = new Date("2026-12-07T08:00:00.000Z");
const at = (minutes: number) => new Date(OPENED.getTime() + minutes * 60_000);
const REASON = "Victim at risk tonight; the district case worker is unreachable.";

beforeAll(async () => {
  handle = await createTestDatabase();
  officer = await createUserFixture(handle, {
    grants: [nationalGrant("district_officer")],
    name: "Duty Officer",
  });
});
afterAll(async () => {
  await handle?.close();
});

const asOfficer = (now: Date, requestId?: string): ServiceContext => ({ ...officer.context, now, requestId });
const key = (entityId: string, now: Date) => ({
  userId: officer.user.id,
  entityType: "incident",
  entityId,
  now,
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("openBreakGlass and activeBreakGlass", () => {
  it("opens three hours of access by the context's clock, then the record is out of reach again", async () => {
    const opened = await openBreakGlass(asOfficer(OPENED, "req-glass-1"), {
      entityType: "incident",
      entityId: "inc-7",
      reason: `  ${REASON}  `,
    });
    expect(opened).toMatchObject({
      userId: officer.user.id,
      entityType: "incident",
      entityId: "inc-7",
      reason: REASON,
      openedAt: OPENED.toISOString(),
      expiresAt: at(180).toISOString(),
    });
    expect(await activeBreakGlass(handle.db, key("inc-7", at(-1)))).toBeNull();
    expect(await activeBreakGlass(handle.db, key("inc-7", OPENED))).toMatchObject({ id: opened.id });
    expect(await activeBreakGlass(handle.db, key("inc-7", at(179)))).toMatchObject({ id: opened.id });
    expect(await activeBreakGlass(handle.db, key("inc-7", at(180)))).toBeNull();
    expect(await activeBreakGlass(handle.db, key("inc-7", at(181)))).toBeNull();
    // Another record, another user: nothing open.
    expect(await activeBreakGlass(handle.db, key("inc-8", at(60)))).toBeNull();
    expect(await activeBreakGlass(handle.db, { ...key("inc-7", at(60)), userId: "someone-else" })).toBeNull();
  });

  it("writes a break_glass audit row on the record with the reason and the request id: 'who accessed this record'", async () => {
    const accesses = await listAccesses(handle.db, "incident", "inc-7");
    expect(accesses).toEqual([
      expect.objectContaining({
        action: "break_glass",
        actorUserId: officer.user.id,
        reason: REASON,
        requestId: "req-glass-1",
      }),
    ]);
    const [row] = await queryRows<{ changes: Record<string, { after: unknown }> }>(
      handle.db,
      sql`select changes from audit_log where action = 'break_glass' and entity_id = 'inc-7'`,
    );
    expect(row?.changes.expiresAt?.after).toBe(at(180).toISOString());
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
  });

  it("takes a shorter duration, never a longer one", async () => {
    const short = await openBreakGlass(asOfficer(OPENED), {
      entityType: "incident",
      entityId: "inc-short",
      reason: REASON,
      durationMinutes: 30,
    });
    expect(short.expiresAt).toBe(at(30).toISOString());
    const refused = await failure(
      openBreakGlass(asOfficer(OPENED), {
        entityType: "incident",
        entityId: "inc-long",
        reason: REASON,
        durationMinutes: 181,
      }),
    );
    expect(refused.kind).toBe("validation");
    expect(refused.errors.map((e) => e.path)).toEqual(["durationMinutes"]);
  });

  it("refuses a reason shorter than 10 characters (spaces aside) or missing, naming `reason`, and writes nothing", async () => {
    await expectNothingWritten(handle.db, async () => {
      for (const reason of ["", "   ", "too short", "  urgent!!  "]) {
        const refused = await failure(
          openBreakGlass(asOfficer(OPENED), { entityType: "incident", entityId: "inc-9", reason }),
        );
        expect(refused.kind, JSON.stringify(reason)).toBe("validation");
        expect(refused.errors.map((e) => e.path)).toEqual(["reason"]);
      }
      const missing = await failure(
        openBreakGlass(asOfficer(OPENED), { entityType: "incident", entityId: "inc-9" } as never),
      );
      expect(missing.errors.map((e) => e.path)).toEqual(["reason"]);
    });
    expect(await activeBreakGlass(handle.db, key("inc-9", OPENED))).toBeNull();
  });

  it("is a person's act: the system actor cannot open one", async () => {
    const refused = await failure(
      openBreakGlass(
        { db: handle.db, actor: systemActor, now: OPENED },
        { entityType: "incident", entityId: "inc-10", reason: REASON },
      ),
    );
    expect(refused.kind).toBe("forbidden");
  });
});

describe("listBreakGlass", () => {
  it("lists for administrators who opened what, why and until when, in the window, newest first", async () => {
    const admin: ServiceContext = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    const listed = await listBreakGlass(admin, { from: "2026-12-07", to: "2026-12-07" });
    expect(listed.map((e) => [e.entityId, e.userName, e.reason, e.expiresAt])).toEqual(
      expect.arrayContaining([
        ["inc-7", "Duty Officer", REASON, at(180).toISOString()],
        ["inc-short", "Duty Officer", REASON, at(30).toISOString()],
      ]),
    );
    expect(listed).toHaveLength(2);
    expect(listed[0]?.userEmail).toBe(officer.user.email);
    expect(await listBreakGlass(admin, { from: "2026-12-08", to: "2026-12-31" })).toEqual([]);
  });

  it("is refused to other roles", async () => {
    for (const role of ["coordinator", "district_officer", "partner_editor", "viewer"] as const) {
      const refused = await failure(
        listBreakGlass(
          { db: handle.db, actor: buildUserActor([nationalGrant(role)]) },
          { from: "2026-12-07", to: "2026-12-07" },
        ),
      );
      expect(refused.kind, role).toBe("forbidden");
    }
  });
});
