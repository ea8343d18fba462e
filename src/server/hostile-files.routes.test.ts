// Hostile files against every upload, as an attacker would send them: each is refused with a problem on the field that
// carried it, naming the limit, nothing is written, and /api/health answers in under 200 ms while it is refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../tests/assertions";
import { createTestDatabase } from "../../tests/database";
import {
  buildUserActor,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../tests/factories";
import {
  billionLaughs,
  deepGeoJson,
  externalEntityXml,
  fetchingXml,
  hostileZip,
  topologyBomb,
} from "../../tests/hostile-files";
import { hasShared, IATI_DIR } from "../../tests/shared-data";
import type { DatabaseHandle } from "../db/client";

type FieldProblem = {
  path: string;
  code?: string;
  message: string;
  params?: Record<string, string | number>;
};
type Problem = { status: number; detail?: string; errors?: FieldProblem[] };

let handle: DatabaseHandle;
let admin: TestClient;
let idle: { p50: number; slowest: number };

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = (await createTestServer(handle).signInAs([nationalGrant("administrator")])).client;
  // The first request through the app builds its routes: not what a hostile file costs.
  expect((await admin.request("/api/health")).status).toBe(200);
  // What health costs here with nothing to parse: the machine's own noise, measured the same way.
  idle = await refusedWhileHealthy(async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    return { status: 200, body: { status: 200 } };
  });
});
afterAll(async () => {
  await handle?.close();
});

/**
 * Sends the request while /api/health is asked every 25 ms (one at a time, as a load balancer would): the answer,
 * and the health answers' median and slowest time, each timed from when the poll was due. On main the
 * docx bomb froze every answer until the server died, and an unanswering DTD URL held them 19 s.
 */
async function refusedWhileHealthy(send: () => Promise<{ status: number; body: Problem }>) {
  let done = false;
  const times: number[] = [];
  const poll = (async () => {
    let due = performance.now();
    while (!done) {
      const res = await admin.request("/api/health");
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      // Timed from when the poll was due, not from when it got sent: a request thread held by a parse delays the
      // send as well, and a load balancer in another process would have been waiting all that time.
      times.push(performance.now() - due);
      due = performance.now() + 25;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const answer = await send().finally(() => {
    done = true;
  });
  await poll;
  times.sort((x, y) => x - y);
  // The lower median: of two answers, the quicker (the slower is judged as the slowest).
  const p50 = times[Math.floor((times.length - 1) / 2)] ?? Number.POSITIVE_INFINITY;
  return { answer, p50, slowest: times.at(-1) ?? Number.POSITIVE_INFINITY, polls: times.length };
}

/**
 * What health must show while a hostile file is refused, against the machine's own noise measured on the idle server
 * (3 s of the same polling, in beforeAll):
 * - the slowest answer under 600 ms, or twice the idle server's slowest when the machine is that loaded: this is the
 *   check that catches a request thread held by parsing (before the JSON bodies went to the worker, the 17 MB
 *   boundary file held it 5.1 s and the body nested 2 million deep 2.5 s; the 3W body nested 480,000 deep held it
 *   0.25 s, which this machine's noise hides);
 * - with five polls or more, the median under 200 ms, or twice the idle median: answers stay quick while a worker
 *   takes one of the two cores. With fewer, one slow moment of the machine decides the median; the slowest covers it.
 *
 * Measured in 13 runs of this file, polls timed from when they were due, on this 2-core machine with other sessions
 * running tsc and vitest beside it (load average 6.5–10.6 in 5 runs, 14.1–16.4 in 8):
 * - idle server: median 19–91 ms, 90th percentile 35–278 ms, slowest 64–332 ms;
 * - while a file was refused: median 12–142 ms (five polls or more), 90th percentile 23–164 ms at load ≤ 10.6 but
 *   up to 241–270 ms at load ~15 (ten polls or more), slowest 7–495 ms.
 * The 17 MB boundary body is allowed a second: its bytes cross the request thread once (read, checked for UTF-8, handed
 * to the worker; ~0.1–0.3 s of CPU with the garbage collection they cause), stretched to 0.25–0.73 s at load ~15
 * (0.23–1.0 s when the test built the request from a string on the server's own thread).
 * Before, this judged the 90th percentile against 200 ms (or 1.5 times the idle one) and the slowest against a second,
 * with polls timed from when they were sent: a held request thread delayed the send too, so the 5.1 s stall above was
 * reported as a 0.5 s slowest answer. Timed honestly, the 90th percentile does not stay under 200 ms at load ~15.
 */
function expectHealthy(
  health: { p50: number; slowest: number; polls: number },
  slowestAllowed = Math.max(600, 2 * idle.slowest),
): void {
  expect(health.polls).toBeGreaterThan(0);
  expect(health.slowest).toBeLessThan(slowestAllowed);
  if (health.polls >= 5) expect(health.p50).toBeLessThan(Math.max(200, 2 * idle.p50));
}

function upload(bytes: Uint8Array, name: string) {
  const body = new FormData();
  body.set("file", new File([new Uint8Array(bytes)], name));
  body.set("options", JSON.stringify({ institution: "Rwanda Correctional Service" }));
  return admin.json<Problem>("/api/imports/status-report/preview", { method: "POST", body });
}

async function expectRefused(
  send: () => Promise<{ status: number; body: Problem }>,
  expected: { status: number; path: string; code: string; limit?: number },
  slowestAllowed?: number,
) {
  const before = await databaseFootprint(handle.db);
  const { answer, ...health } = await refusedWhileHealthy(send);
  expect(answer.status).toBe(expected.status);
  const problem = answer.body.errors?.find((e) => e.code === expected.code);
  expect(problem, JSON.stringify(answer.body)).toMatchObject({ path: expected.path, code: expected.code });
  if (expected.limit !== undefined) {
    expect(problem?.params?.limit).toBe(expected.limit);
    expect(problem?.message).toContain(String(expected.limit));
  }
  expect(await databaseFootprint(handle.db)).toEqual(before);
  expectHealthy(health, slowestAllowed);
  return answer.body;
}

describe("status-report uploads", () => {
  it("refuses a docx zip bomb (80 MB inflated from ~80 KB) on its central directory", async () => {
    const bomb = await hostileZip({ kind: "docx", inflatedMb: 80 });
    expect(bomb.byteLength).toBeLessThan(355_000);
    const body = await expectRefused(() => upload(bomb, "bomb.docx"), {
      status: 413,
      path: "file",
      code: "file_uncompressed_too_large",
      limit: 64,
    });
    expect(body.errors?.[0]?.message).toMatch(/^bomb\.docx unpacks to more than 64 MB/);
  });

  it("refuses an xlsx whose headers lie about its size, before exceljs inflates it", async () => {
    const liar = await hostileZip({ kind: "xlsx", inflatedMb: 80, declaredBytes: 2_000 });
    await expectRefused(() => upload(liar, "liar.xlsx"), {
      status: 422,
      path: "file",
      code: "unreadable_xlsx",
    });
  });

  it("refuses an xlsx of more zip entries than the limit", async () => {
    const many = await hostileZip({ kind: "xlsx", entries: 1_001 });
    await expectRefused(() => upload(many, "many.xlsx"), {
      status: 413,
      path: "file",
      code: "file_too_many_entries",
      limit: 1_000,
    });
  });

  it("refuses a CSV of more rows than the limit, read no further than the limit", async () => {
    const csv = `S/N,Partner names,Field activities,Date of signature\n${Array.from(
      { length: 20_050 },
      (_, i) => `${i + 1},Partner ${i},Legal aid,01/02/2020`,
    ).join("\n")}`;
    await expectRefused(() => upload(new TextEncoder().encode(csv), "rows.csv"), {
      status: 413,
      path: "file",
      code: "file_too_many_rows",
      limit: 20_000,
    });
  });
});

describe("occupancy tables (monitoring import)", () => {
  const importTable = (bytes: Uint8Array, name: string) => {
    const body = new FormData();
    body.set("file", new File([new Uint8Array(bytes)], name));
    body.set("source", "Hostile test");
    body.set("asOf", "2021-10-31");
    return admin.json<Problem>("/api/occupancy/import", { method: "POST", body });
  };

  it("refuses an xlsx of more zip entries than the limit, before reading it", async () => {
    const many = await hostileZip({ kind: "xlsx", entries: 1_001 });
    await expectRefused(() => importTable(many, "many.xlsx"), {
      status: 413,
      path: "file",
      code: "file_too_many_entries",
      limit: 1_000,
    });
  });

  it("refuses a CSV of more rows than the limit, and writes nothing", async () => {
    const csv = `Facility,Rate\n${Array.from({ length: 20_050 }, (_, i) => `Facility ${i},101%`).join("\n")}`;
    await expectRefused(() => importTable(new TextEncoder().encode(csv), "rows.csv"), {
      status: 413,
      path: "file",
      code: "file_too_many_rows",
      limit: 20_000,
    });
  });
});

describe("results tables (programme import)", () => {
  let programmeId = "";
  beforeAll(async () => {
    const ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    programmeId = (await createProgrammeFixture(ctx)).id;
  });
  const importTable = (bytes: Uint8Array, name: string) => {
    const body = new FormData();
    body.set("file", new File([new Uint8Array(bytes)], name));
    body.set("confirm", "true");
    return admin.json<Problem>(`/api/programmes/${programmeId}/results-table`, { method: "POST", body });
  };

  it("refuses a docx zip bomb on its central directory", async () => {
    const bomb = await hostileZip({ kind: "docx", inflatedMb: 80 });
    await expectRefused(() => importTable(bomb, "bomb.docx"), {
      status: 413,
      path: "file",
      code: "file_uncompressed_too_large",
      limit: 64,
    });
  });

  it("refuses an xlsx of more zip entries than the limit, before reading it", async () => {
    const many = await hostileZip({ kind: "xlsx", entries: 1_001 });
    await expectRefused(() => importTable(many, "many.xlsx"), {
      status: 413,
      path: "file",
      code: "file_too_many_entries",
      limit: 1_000,
    });
  });

  it("refuses a CSV of more rows than the limit, and writes nothing", async () => {
    const csv = `Activity,People reached\n${Array.from({ length: 20_050 }, (_, i) => `Training ${i},30 officers`).join("\n")}`;
    await expectRefused(() => importTable(new TextEncoder().encode(csv), "rows.csv"), {
      status: 413,
      path: "file",
      code: "file_too_many_rows",
      limit: 20_000,
    });
  });

  it("refuses the same zip bomb sent to make a new programme, which is then not made", async () => {
    const ctx = { db: handle.db, actor: buildUserActor([nationalGrant("administrator")]) };
    const lead = await createOrganisationFixture(ctx, { name: "Bomb Lead" });
    const body = new FormData();
    body.set(
      "file",
      new File([new Uint8Array(await hostileZip({ kind: "docx", inflatedMb: 80 }))], "bomb.docx"),
    );
    body.set("confirm", "true");
    body.set("title", "Programme from a bomb");
    body.set("leadOrganisationId", lead.id);
    body.set("startDate", "2024-01-01");
    body.set("endDate", "2024-12-31");
    await expectRefused(
      () => admin.json<Problem>("/api/programmes/results-table", { method: "POST", body }),
      { status: 413, path: "file", code: "file_uncompressed_too_large", limit: 64 },
    );
  });
});

describe("district boundary files", () => {
  const put = (text: string, name: string) =>
    admin.json<Problem>(`/api/places/boundaries?name=${name}`, { method: "PUT", body: text });

  it("refuses a TopoJSON whose rings name one arc thousands of times (90 million points from 200 KB)", async () => {
    const bomb = topologyBomb();
    expect(bomb.length).toBeLessThan(1_700_000);
    await expectRefused(() => put(bomb, "bomb.topojson"), {
      status: 413,
      path: "file",
      code: "file_too_many_positions",
      limit: 2_000_000,
    });
  });

  it("refuses a GeoJSON nested 100,000 arrays deep", async () => {
    const before = await databaseFootprint(handle.db);
    const { answer, ...health } = await refusedWhileHealthy(() => put(deepGeoJson(), "deep.geojson"));
    expect([413, 422]).toContain(answer.status);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    expectHealthy(health);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });
});

describe("3W (HXL) files", () => {
  it("refuses a 3W CSV of more rows than the limit", async () => {
    const csv = `#org,#sector,#adm2\n${"LAF,legal_aid,Huye\n".repeat(20_001)}`;
    await expectRefused(
      () =>
        admin.json<Problem>("/api/coordination/imports", {
          method: "POST",
          body: JSON.stringify({ fileName: "rows-3w.csv", csv, dryRun: true }),
        }),
      { status: 413, path: "csv", code: "file_too_many_rows", limit: 20_000 },
    );
  });
});

describe("large JSON bodies, read off the request thread", () => {
  const put = (text: string, name: string) =>
    admin.json<Problem>(`/api/places/boundaries?name=${name}`, { method: "PUT", body: text });

  it("reads a 17 MB boundary file of 2.1 million points in the worker", async () => {
    const points = "[30,-2],".repeat(2_100_000).slice(0, -1);
    // Encoded before health is polled, and sent with its length, as a browser sends a file: encoding 17 MB is the
    // client's work, done in another process, not the server's.
    const big = new TextEncoder().encode(
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"Huye"},"geometry":{"type":"Polygon","coordinates":[[${points}]]}}]}`,
    );
    expect(big.byteLength).toBeGreaterThan(16_000_000);
    const send = () =>
      admin.json<Problem>("/api/places/boundaries?name=big.geojson", {
        method: "PUT",
        body: big,
        headers: { "content-length": String(big.byteLength) },
      });
    await expectRefused(
      send,
      { status: 413, path: "file", code: "file_too_many_positions", limit: 2_000_000 },
      1_000, // its own bytes cross the request thread: see expectHealthy
    );
  });

  it("reads a boundary body nested two million arrays deep in the worker", async () => {
    const before = await databaseFootprint(handle.db);
    const { answer, ...health } = await refusedWhileHealthy(() =>
      put(deepGeoJson(2_000_000), "deep.geojson"),
    );
    expect([413, 422]).toContain(answer.status);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    expectHealthy(health);
    expect(await databaseFootprint(handle.db)).toEqual(before);
  });

  it("reads a 3W body nested 480,000 arrays deep in the worker, the stray key dropped as before", async () => {
    const pad = `${"[".repeat(480_000)}${"]".repeat(480_000)}`;
    const body = `{"fileName":"deep-3w.csv","csv":"#org,#sector,#adm2\\n","dryRun":true,"pad":${pad}}`;
    expect(body.length).toBeLessThan(1024 * 1024);
    await expectRefused(() => admin.json<Problem>("/api/coordination/imports", { method: "POST", body }), {
      status: 422,
      path: "csv",
      code: "no_data_rows",
    });
  });

  it("answers a malformed 3W body as before: 400, not valid JSON", async () => {
    const res = await admin.json<Problem>("/api/coordination/imports", { method: "POST", body: '{"csv":' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: "The request body is not valid JSON." });
  });
});

const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");

describe.skipIf(!hasShared(SCHEMA))("IATI files", () => {
  let listener: Server;
  let base: string;
  const calls: string[] = [];
  beforeAll(async () => {
    process.env.IATI_SCHEMA = SCHEMA;
    listener = createServer((req, res) => {
      calls.push(req.url ?? "");
      res.end('<!ENTITY % leak SYSTEM "http://127.0.0.1/x">');
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.IATI_SCHEMA;
    await new Promise((resolve) => listener?.close(resolve));
  });
  const importXml = (xml: string) =>
    admin.json<Problem>("/api/programmes/import/iati", { method: "POST", body: JSON.stringify({ xml }) });

  it("refuses external entities and DTDs: the listener is never called, /etc/passwd never read", async () => {
    const body = await expectRefused(() => importXml(externalEntityXml(base)), {
      status: 422,
      path: "xml",
      code: "xml_dtd_refused",
    });
    expect(JSON.stringify(body)).not.toMatch(/root:x:0:0|\/bin\/(?:ba)?sh/);
    expect(calls).toEqual([]);
  });

  it("refuses a billion laughs", async () => {
    await expectRefused(() => importXml(billionLaughs()), {
      status: 422,
      path: "xml",
      code: "xml_dtd_refused",
    });
  });

  it("checks a file pointing at the network (XInclude, schema location) without calling out", async () => {
    const { answer } = await refusedWhileHealthy(() => importXml(fetchingXml(base)));
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).not.toMatch(/root:x:0:0/);
    expect(calls).toEqual([]);
  });
});
