// The API's contract for integrators: /api/openapi.json passes Redocly's recommended rules, names every operation
// once, says truly which operations need the session cookie, and a client generated from it by openapi-typescript
// + openapi-fetch compiles and signs in and lists agreements against a listening server.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import {
  createAgreementFixture,
  createTestServer,
  createUserFixture,
  nationalGrant,
  type TestClient,
} from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";
import { operationIdFor } from "./api-docs";

type Operation = { operationId?: string; security?: Record<string, string[]>[] };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, { type: string; in?: string; name?: string }> };
};

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);
const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let anonymous: TestClient;
let document: Document;
let documentText: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  anonymous = server.anonymous;
  const response = await anonymous.request("/api/openapi.json");
  expect(response.status).toBe(200);
  documentText = await response.text();
  document = JSON.parse(documentText) as Document;
});
afterAll(async () => {
  await handle?.close();
});

describe("the OpenAPI document", () => {
  it("has no error under Redocly's recommended rules; the warnings left are of two known kinds", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: documentText, absoluteRef: "/openapi.json", config });
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    // No licence is declared (the project is not licensed for reuse), and health, the session state and setup answer
    // no 4xx (the session state says "nobody" with a 200).
    const warnings = problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}`).sort();
    expect(warnings).toEqual([
      "info-license #/info",
      "operation-4xx-response #/paths/~1api~1health/get/responses",
      "operation-4xx-response #/paths/~1api~1session/get/responses",
      "operation-4xx-response #/paths/~1api~1setup/get/responses",
    ]);
  });

  it("names every operation with a unique operationId, derived from method and path unless a route sets one", () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(200);
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths["/api/agreements/{id}/history"]?.get?.operationId).toBe("getAgreementsByIdHistory");
    expect(document.paths["/api/auth/sign-in/email"]?.post?.operationId).toBe("signInEmail");
    expect(operationIdFor("delete", "/api/organisations/{id}/memberships/{membershipId}")).toBe(
      "deleteOrganisationsByIdMembershipsByMembershipId",
    );
    expect(operationIdFor("get", "/api/audit/activity.csv")).toBe("getAuditActivityCsv");
  });

  it("declares the session cookie as its security scheme, required by default, and a server", () => {
    expect(document.components?.securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({
        type: "apiKey",
        in: "cookie",
        name: "better-auth.session_token",
      }),
    });
    expect(document.security).toEqual([{ sessionCookie: [] }]);
    expect(document.servers).toEqual([expect.objectContaining({ url: "/" })]);
  });

  it("marks public exactly the operations that answer without a session: the others refuse an anonymous caller", async () => {
    const publicOperations: string[] = [];
    const wrong: string[] = [];
    for (const { method, path, operation } of operationsOf(document)) {
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      if (isPublic) publicOperations.push(`${method.toUpperCase()} ${path}`);
      // An empty object as a write's body: a route that checks its body before the session answers 422 (or 415
      // for an upload, which takes multipart), which is a refusal too.
      const url = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
      const body = method === "get" || method === "delete" ? undefined : "{}";
      const response = await anonymous.request(url, { method: method.toUpperCase(), body });
      const status = response.status;
      await response.body?.cancel();
      const refused = [400, 401, 415, 422, 428].includes(status);
      if (status >= 500 || (!isPublic && !refused) || (isPublic && status === 401))
        wrong.push(`${method.toUpperCase()} ${path} (${isPublic ? "public" : "session"}): ${status}`);
    }
    expect(wrong).toEqual([]);
    expect(publicOperations.sort()).toEqual([
      "GET /api/auth/get-session",
      "GET /api/health",
      "GET /api/invitations/lookup",
      "GET /api/public",
      "GET /api/public/3w",
      "GET /api/public/3w.hxl.csv",
      "GET /api/public/agreements",
      "GET /api/public/agreements.csv",
      "GET /api/public/incident-statistics",
      "GET /api/public/programmes",
      "GET /api/public/programmes.iati.xml",
      "GET /api/public/recommendations",
      "GET /api/session",
      "GET /api/setup",
      "POST /api/auth/sign-in/email",
      "POST /api/auth/sign-out",
      "POST /api/invitations/accept",
      "POST /api/setup",
    ]);
  });
});

const execFileAsync = promisify(execFile);

/** What the generated client does: sign in, then list the agreements by title, with the cookie it was given. */
const CLIENT_PROGRAM = `import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const [baseUrl, email, password] = process.argv.slice(2);
if (!baseUrl || !email || !password) throw new Error("usage: client BASE_URL EMAIL PASSWORD");
const client = createClient<paths>({ baseUrl });
const signIn = await client.POST("/api/auth/sign-in/email", { body: { email, password } });
if (!signIn.data || !("user" in signIn.data)) throw new Error(\`sign-in answered \${signIn.response.status}\`);
const cookie = signIn.response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const listed = await client.GET("/api/agreements", {
  params: { query: { sort: "title", limit: 10 } },
  headers: { cookie },
});
if (!listed.data) throw new Error(\`the list answered \${listed.response.status}\`);
const titles: string[] = listed.data.items.map((agreement) => agreement.title);
console.log(JSON.stringify({ signedInAs: signIn.data.user.email, total: listed.data.total, titles }));
`;

/** The same client misusing the API: the type check must refuse it, or it proves nothing. */
const WRONG_PROGRAM = `import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1" });
const listed = await client.GET("/api/agreements", { params: { query: { limit: "ten" } } });
console.log(listed.data?.items.map((agreement) => agreement.name));
const path: keyof paths = "/api/agreementz";
console.log(path);
`;

describe("a client generated from the document", () => {
  it("compiles (openapi-typescript + openapi-fetch, tsc strict) and signs in and lists agreements over HTTP", async () => {
    await createAgreementFixture(handle, { title: "MoU on fisheries training" });
    await createAgreementFixture(handle, { title: "MoU on tailoring" });
    const user = await createUserFixture(handle, { grants: [nationalGrant("viewer")], auth: server.auth });

    const folder = await mkdtemp(join(tmpdir(), "ubufatanye-client-"));
    const listening = serve({ fetch: server.app.fetch, hostname: "127.0.0.1", port: 0 });
    try {
      await new Promise<void>((resolve) =>
        listening.listening ? resolve() : listening.once("listening", () => resolve()),
      );
      const baseUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
      const served = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
      await writeFile(join(folder, "schema.d.ts"), astToString(await openapiTS(served)));
      await writeFile(join(folder, "client.ts"), CLIENT_PROGRAM);
      await writeFile(join(folder, "wrong.ts"), WRONG_PROGRAM);
      await writeFile(join(folder, "package.json"), '{ "type": "module" }\n');
      await symlink(join(process.cwd(), "node_modules"), join(folder, "node_modules"), "dir");

      const program = ts.createProgram([join(folder, "client.ts"), join(folder, "wrong.ts")], {
        strict: true,
        noUncheckedIndexedAccess: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ["lib.es2022.d.ts"],
        types: ["node"],
        skipLibCheck: true,
        outDir: join(folder, "out"),
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ({
        file: d.file?.fileName.slice(folder.length + 1),
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      }));
      expect(diagnostics.filter((d) => d.file !== "wrong.ts")).toEqual([]);
      // The misuses are each caught: a string for a number, a field the summary lacks, a path the API lacks.
      const wrong = diagnostics.filter((d) => d.file === "wrong.ts").map((d) => d.message);
      expect(wrong.some((m) => /string.*not assignable to.*number/s.test(m))).toBe(true);
      expect(wrong.some((m) => /Property 'name' does not exist/.test(m))).toBe(true);
      expect(wrong.some((m) => m.includes('"/api/agreementz"'))).toBe(true);
      program.emit();

      const run = await execFileAsync(
        process.execPath,
        [join(folder, "out", "client.js"), baseUrl, user.user.email, user.password],
        { timeout: 20_000 },
      );
      expect(JSON.parse(run.stdout)).toEqual({
        signedInAs: user.user.email,
        total: 2,
        titles: ["MoU on fisheries training", "MoU on tailoring"],
      });
      expect(await readFile(join(folder, "schema.d.ts"), "utf8")).toContain('"/api/agreements"');
    } finally {
      await new Promise((resolve) => listening.close(resolve));
      await rm(folder, { recursive: true, force: true });
    }
    // Generating and type-checking take ~10 s of CPU; a loaded machine stretches that.
  }, 90_000);
});
