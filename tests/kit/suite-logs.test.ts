// The whole-suite log search is wired and can fail: a test server's log lines land in this run's folder, and a
// planted line holding a password, an email or a name is found.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/client";
import { createTestDatabase } from "../database";
import { createTestServer, nationalGrant, TEST_PASSWORD } from "../factories";
import { findLoggedCanaries } from "../suite-logs";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("the suite's log lines", () => {
  it("are written by every test server to this run's folder, one line per request with its id", async () => {
    const server = createTestServer(handle);
    const user = await server.signInAs([nationalGrant("viewer")]);
    const res = await user.client.request("/api/organisations?q=anything", {
      headers: { "x-request-id": "kit-log-1" },
    });
    expect(res.status).toBe(200);
    const dir = inject("testLogDir");
    const text = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("");
    const line = text.split("\n").find((l) => l.includes('"requestId":"kit-log-1"'));
    expect(line).toBeDefined();
    expect(line).toContain(`"userId":"${user.userId}"`);
    // What this test sent and signed in with is not there.
    expect(text).not.toContain(user.email);
    expect(text).not.toContain("anything");
  });

  it("are searched for the password, email addresses and names, and a planted line is found", () => {
    const dir = mkdtempSync(join(tmpdir(), "ubuf-log-canaries-"));
    try {
      writeFileSync(
        join(dir, "1.ndjson"),
        [
          '{"msg":"request","requestId":"a"}',
          `{"msg":"oops","body":"${TEST_PASSWORD}"}`,
          '{"msg":"sent","to":"someone@example.rw"}',
          '{"msg":"hello Test User"}',
          "",
        ].join("\n"),
      );
      const { lines, findings } = findLoggedCanaries(dir);
      expect(lines).toBe(4);
      expect(findings.map((f) => [f.line, f.canary])).toEqual([
        [2, "the test password"],
        [3, "an email address"],
        [4, "a user's name"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
