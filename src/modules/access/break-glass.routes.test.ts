// GET /api/access/break-glass: administrators list who broke the glass on what, why and until when; others may not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { createTestServer, nationalGrant, type TestClient } from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import { loadUserActor } from "./access.service";
import type { BreakGlassListItem } from "./break-glass.schema";
import { openBreakGlass } from "./break-glass.service";

let handle: DatabaseHandle;
let admin: TestClient;
let officer: { userId: string; email: string; client: TestClient };
const REASON = "Detainee's family reports ill-treatment; reviewer on leave.";

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  officer = await server.signInAs([nationalGrant("district_officer")]);
  const actor = await loadUserActor(handle.db, officer.userId);
  if (!actor) throw new Error("the officer cannot act");
  await openBreakGlass(
    { db: handle.db, actor, now: new Date("2026-12-07T06:00:00Z") },
    { entityType: "incident", entityId: "inc-77", reason: REASON },
  );
});
afterAll(async () => {
  await handle?.close();
});

describe("GET /api/access/break-glass", () => {
  it("lists an administrator the exceptions opened in the window", async () => {
    const res = await admin.json<{ items: BreakGlassListItem[] }>(
      "/api/access/break-glass?from=2026-12-07&to=2026-12-07",
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        userId: officer.userId,
        userEmail: officer.email,
        entityType: "incident",
        entityId: "inc-77",
        reason: REASON,
        openedAt: "2026-12-07T06:00:00.000Z",
        expiresAt: "2026-12-07T09:00:00.000Z",
      }),
    ]);
    const later = await admin.json<{ items: unknown[] }>(
      "/api/access/break-glass?from=2026-12-08&to=2026-12-09",
    );
    expect(later.body.items).toEqual([]);
  });

  it("refuses other roles (403) and bad dates (422 naming the field), writing nothing", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await officer.client.request("/api/access/break-glass?from=2026-12-07&to=2026-12-07"),
        403,
      );
      await expectProblem(await admin.request("/api/access/break-glass?from=2026-12-07&to=2026-13-01"), 422, {
        path: "to",
        in: "query",
      });
      await expectProblem(await admin.request("/api/access/break-glass?from=2026-12-08&to=2026-12-07"), 422, {
        path: "to",
        in: "query",
      });
      await expectProblem(await admin.request("/api/access/break-glass?to=2026-12-07"), 422, {
        path: "from",
      });
    });
  });
});
