// HTTP tests of agreement documents: type read from the bytes, size limit, safe downloads, rights, history.
import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { AuditEntry } from "../audit";
import type { AgreementDetail, AgreementDocument } from "./agreements.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let viewer: TestClient;
let stranger: TestClient;
let agreement: AgreementDetail;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
/** A valid 1×1 transparent PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(200)]);
const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");
const SVG = new TextEncoder().encode(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A minimal zip (deflated entries, central directory): enough for an OOXML package to be recognised. */
function buildZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, "utf8");
    const raw = Buffer.from(content, "utf8");
    const packed = deflateRawSync(raw);
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (part: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${part}" ContentType="${type}"/></Types>`;
const XLSX = buildZip({
  "[Content_Types].xml": contentTypes(
    "/xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  ),
  "xl/workbook.xml":
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
});
const DOCX = buildZip({
  "[Content_Types].xml": contentTypes(
    "/word/document.xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  ),
  "word/document.xml":
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
});

function formWith(
  bytes: Uint8Array,
  fileName: string,
  kind = "signed_copy",
  claimedType = "application/pdf",
) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: claimedType }));
  return form;
}

const upload = (client: TestClient, form: FormData, agreementId = agreement.id) =>
  client.request(`/api/agreements/${agreementId}/documents`, { method: "POST", body: form });

async function uploadOk(
  bytes: Uint8Array,
  fileName: string,
  kind = "signed_copy",
): Promise<AgreementDocument> {
  const res = await upload(admin, formWith(bytes, fileName, kind));
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as AgreementDocument;
}

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
  stranger = (await server.signInAs([])).client;
  agreement = await createAgreementFixture(handle);
});
afterAll(async () => {
  await handle?.close();
});

describe("agreement documents API", () => {
  it("stores a PDF, lists it on the agreement and gives back the same bytes as an attachment", async () => {
    const created = await uploadOk(PDF, "MoU RBJ signed.pdf");
    expect(created).toMatchObject({
      kind: "signed_copy",
      fileName: "MoU RBJ signed.pdf",
      contentType: "application/pdf",
      sizeBytes: PDF.byteLength,
    });
    const detail = await admin.json<AgreementDetail>(`/api/agreements/${agreement.id}`);
    expect(detail.body.documents.map((d) => d.id)).toContain(created.id);

    const res = await admin.request(`/api/agreements/${agreement.id}/documents/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="MoU RBJ signed.pdf"; filename*=UTF-8''MoU%20RBJ%20signed.pdf`,
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(PDF));
  });

  it("keeps the type read from the bytes, not the name or the type the browser claimed", async () => {
    const created = await uploadOk(PNG, "photo of signing.pdf", "other");
    expect(created.contentType).toBe("image/png");
    expect(created.fileName).toBe("photo of signing.pdf.png");
    const res = await viewer.request(`/api/agreements/${agreement.id}/documents/${created.id}`);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(PNG));
  });

  it("recognises DOCX and XLSX packages", async () => {
    expect((await uploadOk(DOCX, "amendment.docx", "amendment")).contentType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect((await uploadOk(XLSX, "report.xlsx", "report")).contentType).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
  });

  it("strips paths and control characters from the name and encodes non-ASCII names (RFC 5987)", async () => {
    const created = await uploadOk(PDF, "..\\..\\C:/etc/Amasezerano\u202Egnp.\u0007 – Kigali.pdf");
    expect(created.fileName).toBe("Amasezeranognp. – Kigali.pdf");
    const res = await admin.request(`/api/agreements/${agreement.id}/documents/${created.id}`);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Amasezeranognp. _ Kigali.pdf"; filename*=UTF-8''Amasezeranognp.%20%E2%80%93%20Kigali.pdf`,
    );
  });

  it.each([
    ["a program renamed .pdf", EXE, "contract.pdf"],
    ["an HTML page", HTML, "report.html"],
    ["an SVG image", SVG, "logo.svg"],
    ["a zip that is not an Office document", buildZip({ "a.txt": "hello" }), "report.docx"],
  ])("refuses %s with 415 naming the file, and stores nothing", async (_label, bytes, name) => {
    const before = await footprint();
    const problem = await expectProblem(await upload(admin, formWith(bytes, name)), 415);
    expect(problem.errors?.[0]?.path).toBe("file");
    expect(problem.detail).toMatch(/PDF, DOCX, XLSX, PNG, JPEG, WebP/);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a file over 10 MB with 413 and stores nothing", async () => {
    const before = await footprint();
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(PDF);
    const problem = await expectProblem(await upload(admin, formWith(big, "scan.pdf")), 413);
    expect(problem.errors?.[0]?.path).toBe("file");
    expect(problem.detail).toMatch(/10 MB/);
    expect(await footprint()).toEqual(before);
  });

  it("refuses an empty file or a missing kind with 422", async () => {
    const before = await footprint();
    const empty = await expectProblem(await upload(admin, formWith(new Uint8Array(0), "empty.pdf")), 422);
    expect(empty.errors?.[0]?.path).toBe("file");
    const noKind = new FormData();
    noKind.set("file", new File([new Uint8Array(PDF)], "a.pdf"));
    const missing = await expectProblem(await upload(admin, noKind), 422);
    expect(missing.errors?.map((e) => e.path)).toContain("kind");
    expect(await footprint()).toEqual(before);
  });

  it("takes multipart only on the upload route", async () => {
    const form = formWith(PDF, "a.pdf");
    await expectProblem(await admin.request("/api/agreements", { method: "POST", body: form }), 415);
  });

  it("lets a viewer download but not upload or delete, and hides the agreement from a user without grants", async () => {
    const created = await uploadOk(PDF, "viewer.pdf");
    const before = await footprint();
    expect((await viewer.request(`/api/agreements/${agreement.id}/documents/${created.id}`)).status).toBe(
      200,
    );
    await expectProblem(await upload(viewer, formWith(PDF, "mine.pdf")), 403);
    await expectProblem(
      await viewer.request(`/api/agreements/${agreement.id}/documents/${created.id}`, {
        method: "DELETE",
        headers: { "If-Match": `"${created.version}"` },
      }),
      403,
    );
    await expectProblem(
      await stranger.request(`/api/agreements/${agreement.id}/documents/${created.id}`),
      404,
    );
    await expectProblem(await upload(stranger, formWith(PDF, "mine.pdf")), 404);
    await expectProblem(
      await server.anonymous.request(`/api/agreements/${agreement.id}/documents/${created.id}`),
      401,
    );
    expect(await footprint()).toEqual(before);
  });

  it("answers 404 for an unknown document or agreement", async () => {
    await expectProblem(
      await admin.request(`/api/agreements/${agreement.id}/documents/00000000-0000-4000-8000-000000000001`),
      404,
    );
    await expectProblem(await admin.request(`/api/agreements/${agreement.id}/documents/not-a-uuid`), 404);
    await expectProblem(
      await upload(admin, formWith(PDF, "a.pdf"), "00000000-0000-4000-8000-000000000002"),
      404,
    );
  });

  it("deletes a document and records upload and deletion in the agreement's history, without the bytes", async () => {
    const created = await uploadOk(PDF, "to-remove.pdf", "report");
    const res = await admin.request(`/api/agreements/${agreement.id}/documents/${created.id}`, {
      method: "DELETE",
      headers: { "If-Match": `"${created.version}"` },
    });
    expect(res.status).toBe(204);
    await expectProblem(await admin.request(`/api/agreements/${agreement.id}/documents/${created.id}`), 404);
    const detail = await admin.json<AgreementDetail>(`/api/agreements/${agreement.id}`);
    expect(detail.body.documents.map((d) => d.id)).not.toContain(created.id);

    const history = await admin.json<{ items: AuditEntry[] }>(`/api/agreements/${agreement.id}/history`);
    const line = { kind: "report", fileName: "to-remove.pdf", sizeBytes: PDF.byteLength };
    expect(history.body.items[0]?.changes.document).toEqual({ before: line, after: null });
    expect(history.body.items[1]?.changes.document).toEqual({ before: null, after: line });
    const [audit] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where changes::text like ${"%PDF-1.4%"}`,
    );
    expect(audit?.n).toBe(0);
  });

  it("removes a document only at the version read: 428 without If-Match, 412 with a stale one, nothing changed", async () => {
    const created = await uploadOk(PDF, "guarded.pdf");
    expect(created.version).toBe(1);
    const before = await footprint();
    const path = `/api/agreements/${agreement.id}/documents/${created.id}`;
    await expectProblem(await admin.request(path, { method: "DELETE" }), 428);
    await expectProblem(await admin.request(path, { method: "DELETE", headers: { "If-Match": '"7"' } }), 412);
    expect(await footprint()).toEqual(before);
    expect((await admin.request(path, { method: "DELETE", headers: { "If-Match": '"1"' } })).status).toBe(
      204,
    );
  });
});
