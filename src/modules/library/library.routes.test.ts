// HTTP tests of the library: upload and download, a 100 MB upload refused by its size, a French phrase found with
// its extract, bad input refused with the field's path and nothing written, lessons and comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { encryptedPdf, frenchEvaluationPdf, passwordProtectedDocx } from "../../../tests/library-files";
import type { DatabaseHandle } from "../../db/client";
import { extractPendingTexts } from "./document-text.service";
import type { Lesson, LibraryDocument, LibrarySearchResult } from "./library.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let member: TestClient;
let reader: TestClient;
let stranger: TestClient;
let organisationId: string;
let pdf: Uint8Array;

const footprint = () => databaseFootprint(handle.db);

function uploadForm(fields: Record<string, string>, bytes: Uint8Array, fileName = "evaluation.pdf") {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "application/pdf" }));
  return form;
}
const upload = (client: TestClient, form: FormData) =>
  client.json<LibraryDocument>("/api/library/documents", { method: "POST", body: form });

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  organisationId = (await createOrganisationFixture(handle, { name: "Never Again Rwanda" })).id;
  member = (
    await server.signInAs(
      [{ role: "partner_editor", scopeType: "organisation", scopeId: organisationId }],
      [organisationId],
    )
  ).client;
  reader = (await server.signInAs([nationalGrant("viewer")])).client;
  stranger = (await server.signInAs([])).client;
  pdf = await frenchEvaluationPdf();
});
afterAll(async () => {
  await handle?.close();
});

describe("library API", () => {
  let document: LibraryDocument;

  it("stores an upload, reads its text in the background, finds it by a French phrase and gives the bytes back", async () => {
    const res = await upload(
      member,
      uploadForm(
        {
          title: "Évaluation à mi-parcours",
          kind: "evaluation",
          language: "fr",
          organisationIds: organisationId,
          periodStart: "2025-01-01",
          periodEnd: "2025-12-31",
        },
        pdf,
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    document = res.body;
    expect(res.headers.get("etag")).toBe(`"${document.version}"`);
    expect(document).toMatchObject({
      kind: "evaluation",
      contentType: "application/pdf",
      textStatus: "pending",
      organisations: [{ id: organisationId, name: "Never Again Rwanda" }],
      periodEnd: "2025-12-31",
    });
    await extractPendingTexts(handle.db);

    const found = await reader.json<LibrarySearchResult>(
      `/api/library?q=${encodeURIComponent("guérison des traumatismes communautaires")}`,
    );
    expect(found.status).toBe(200);
    const hit = found.body.items.find((h) => h.id === document.id);
    expect(hit?.extract.some((p) => p.match && p.text === "traumatismes")).toBe(true);

    const file = await reader.request(`/api/library/documents/${document.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    expect((await stranger.json(`/api/library/documents/${document.id}`)).status).toBe(404);
    expect((await stranger.json<LibrarySearchResult>("/api/library?q=traumatismes")).body.items).toEqual([]);
  });

  it("keeps an encrypted PDF and says its text was not read", async () => {
    const res = await upload(
      member,
      uploadForm(
        { title: "Locked", kind: "report", language: "en", organisationIds: organisationId },
        await encryptedPdf(),
      ),
    );
    expect(res.status).toBe(201);
    await extractPendingTexts(handle.db);
    const read = await reader.json<LibraryDocument>(`/api/library/documents/${res.body.id}`);
    expect(read.body).toMatchObject({ textStatus: "not_extracted", textReason: "encrypted" });
  });

  it("refuses a 100 MB upload by its size, before reading it, and writes nothing", async () => {
    const before = await footprint();
    const size = 100 * 1024 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        const chunk = new Uint8Array(Math.min(1024 * 1024, size - sent));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await member.request("/api/library/documents", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(size) },
      body,
      duplex: "half",
    } as RequestInit);
    await expectProblem(res, 413, { path: "file" });
    expect(sent).toBeLessThan(size);
    expect(await footprint()).toEqual(before);
  });

  it("refuses bad input with the field's path and writes nothing", async () => {
    const before = await footprint();
    const badKind = await member.request("/api/library/documents", {
      method: "POST",
      body: uploadForm({ title: "x", kind: "poem", language: "en", organisationIds: organisationId }, pdf),
    });
    await expectProblem(badKind, 422, { path: "kind" });
    const badDate = await member.request("/api/library/documents", {
      method: "POST",
      body: uploadForm(
        {
          title: "x",
          kind: "report",
          language: "en",
          organisationIds: organisationId,
          periodStart: "2025-13-01",
        },
        pdf,
      ),
    });
    await expectProblem(badDate, 422, { path: "periodStart" });
    const exe = await member.request("/api/library/documents", {
      method: "POST",
      body: uploadForm(
        { title: "x", kind: "report", language: "en", organisationIds: organisationId },
        new TextEncoder().encode("MZ this is not a document"),
        "x.pdf",
      ),
    });
    await expectProblem(exe, 415, { path: "file" });
    // A password-protected Office file whose name does not say Word or Excel: its bytes cannot tell.
    const unnamed = await member.request("/api/library/documents", {
      method: "POST",
      body: uploadForm(
        { title: "x", kind: "report", language: "en", organisationIds: organisationId },
        await passwordProtectedDocx(),
        "evaluation",
      ),
    });
    const problem = await expectProblem(unnamed, 415, { path: "file" });
    expect(JSON.stringify(problem)).toContain("password-protected");
    const badLesson = await member.request("/api/library/lessons", {
      method: "POST",
      body: JSON.stringify({
        title: "x",
        whatHappened: "y",
        language: "en",
        organisationId,
        evidenceDocumentIds: ["no"],
      }),
    });
    await expectProblem(badLesson, 422, { path: ["whatWasLearned", "evidenceDocumentIds.0"] });
    await expectProblem(await reader.request(`/api/library?q=${"a".repeat(201)}`), 422, {
      path: "q",
      in: "query",
    });
    await expectProblem(await reader.request("/api/library?kind=poem"), 422, { path: "kind.0", in: "query" });
    expect(await footprint()).toEqual(before);
  });

  it("answers any search text with results, never an error", async () => {
    for (const q of [
      "'",
      '"',
      "!",
      "&|",
      "(()",
      ":*",
      "a & b | !c",
      "-",
      '"unclosed',
      "<->",
      "%",
      "\\",
      "😀",
      "or or",
    ]) {
      const res = await reader.json<LibrarySearchResult>(`/api/library?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });

  it("records a lesson citing the document, comments on it, and changes it with If-Match", async () => {
    const created = await member.json<Lesson>("/api/library/lessons", {
      method: "POST",
      body: JSON.stringify({
        title: "Healing groups need local facilitators",
        whatHappened: "Groups stopped when visiting facilitators left.",
        whatWasLearned: "Train facilitators who live in the cell.",
        language: "en",
        organisationId,
        evidenceDocumentIds: [document.id],
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const comment = await reader.json(`/api/library/lessons/${created.body.id}/comments`, {
      method: "POST",
      body: JSON.stringify({ body: "Useful for Huye." }),
    });
    expect(comment.status).toBe(201);
    const changed = await member.json<Lesson>(`/api/library/lessons/${created.body.id}`, {
      method: "PATCH",
      headers: { "if-match": `"${created.body.version}"` },
      body: JSON.stringify({ recommendation: "Two facilitators per cell." }),
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      recommendation: "Two facilitators per cell.",
      comments: [expect.objectContaining({ body: "Useful for Huye." })],
      evidenceDocuments: [{ id: document.id, title: document.title }],
    });
    const forbidden = await reader.request(`/api/library/lessons/${created.body.id}`, {
      method: "PATCH",
      headers: { "if-match": `"${changed.body.version}"` },
      body: JSON.stringify({ title: "Not mine" }),
    });
    await expectProblem(forbidden, 403);
    const found = await reader.json<LibrarySearchResult>("/api/library?q=facilitator&source=lesson");
    expect(found.body.items.map((h) => h.id)).toEqual([created.body.id]);
  });
});
