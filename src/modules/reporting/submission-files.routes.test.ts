// A report's files over HTTP: attachments (type read from the bytes, locked once submitted, kept by the version that
// listed them, readable by whoever reads the report) and the report as Word and PDF in the reader's language.
import { sql } from "drizzle-orm";
import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNothingWritten, expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  contextAs,
  createOrganisationFixture,
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { createBody } from "./bodies.service";
import { createObligation } from "./obligations.service";
import { type Attachment, SECTION_KEYS, type Submission, type SubmissionVersion } from "./reporting.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let coordinator: TestClient;
let cso: TestClient;
let outsider: TestClient;
/** Staff of the body the report goes to: reads and reviews it, never changes it. */
let reviewer: TestClient;
let bodyId: string;
let submission: Submission;
let annex: Attachment;

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
const HTML = new TextEncoder().encode("<!doctype html><html><body><script>alert(1)</script></body></html>");

async function read<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}
const upload = (client: TestClient, bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
  return client.request(`/api/submissions/${submission.id}/attachments`, { method: "POST", body: form });
};
const reload = async () => {
  submission = await read<Submission>(cso.request(`/api/submissions/${submission.id}`));
};
const act = async (client: TestClient, action: string, body: unknown, version?: number) => {
  submission = await read<Submission>(
    client.request(`/api/submissions/${submission.id}/${action}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: version === undefined ? {} : { "if-match": `"${version}"` },
    }),
  );
};

beforeAll(async () => {
  handle = await createTestDatabase();
  const ctx = contextAs(handle, systemActor);
  const org = await createOrganisationFixture(ctx, { name: "Legal Aid Files" });
  const stranger = await createOrganisationFixture(ctx, { name: "Another CSO" });
  const ministry = await createOrganisationFixture(ctx, { name: "Files Ministry" });
  const body = await createBody(ctx, { organisationId: ministry.id, kind: "other" });
  bodyId = body.id;
  await createObligation(ctx, {
    organisationId: org.id,
    bodyId,
    periodType: "quarter",
    dueDays: 15,
    startPeriod: "2026-Q1",
    sections: [...SECTION_KEYS],
  });
  server = createTestServer(handle);
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  cso = (
    await server.signInAs([{ role: "partner_editor", scopeType: "organisation", scopeId: org.id }], [org.id])
  ).client;
  reviewer = (
    await server.signInAs(
      [{ role: "partner_editor", scopeType: "organisation", scopeId: ministry.id }],
      [ministry.id],
    )
  ).client;
  outsider = (
    await server.signInAs(
      [{ role: "partner_editor", scopeType: "organisation", scopeId: stranger.id }],
      [stranger.id],
    )
  ).client;
  const [sector] = await queryRows<{ id: string }>(
    handle.db,
    sql`select id from place where kind = 'sector' and name = 'Muhoza'`,
  );
  submission = await read<Submission>(
    cso.request("/api/submissions", {
      method: "POST",
      body: JSON.stringify({
        organisationId: org.id,
        period: "2026-Q1",
        content: {
          narrative: "Mobile legal aid clinics in four sectors.",
          activities: [
            { placeId: sector?.id, description: "Legal aid clinic", peopleReached: 120, women: 70, men: 50 },
          ],
          hindrances: [
            {
              kind: "human_rights_concern",
              placeId: sector?.id,
              description: "Detainees held beyond the legal time.",
              reportedTo: ["nchr"],
            },
          ],
          challenges: "Transport in the rainy season.",
          plans: "Two more clinics next quarter.",
          nothingToReport: ["indicators"],
        },
      }),
    }),
    201,
  );
});
afterAll(async () => handle?.close());

describe("attachments", () => {
  it("is a required section: submitting without a file is refused naming it", async () => {
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(
        await cso.request(`/api/submissions/${submission.id}/submit`, {
          method: "POST",
          headers: { "if-match": `"${submission.version}"` },
        }),
        422,
        { path: "content.attachments" },
      );
    });
  });

  it("stores a file under a safe name after reading its type from its bytes; refuses what it is not", async () => {
    annex = await read<Attachment>(upload(cso, PDF, "../../annex\u202Efdp.exe"), 201);
    expect(annex).toMatchObject({ fileName: "annexfdp.exe.pdf", contentType: "application/pdf" });
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await upload(cso, HTML, "report.pdf"), 415, { path: "file" });
      await expectProblem(await upload(cso, new Uint8Array(0), "empty.pdf"), 422, { path: "file" });
      await expectProblem(await upload(cso, Buffer.alloc(10 * 1024 * 1024 + 1, 0x25), "big.pdf"), 413);
      // Only the organisation's staff attach; others do not even learn the report exists.
      await expectProblem(await upload(reviewer, PDF, "theirs.pdf"), 403);
      await expectProblem(await upload(outsider, PDF, "theirs.pdf"), 404);
    });
    await reload();
    expect(submission.attachments.map((a) => a.fileName)).toEqual(["annexfdp.exe.pdf"]);
  });

  it("downloads the bytes as an attachment for whoever reads the report, 404 for others", async () => {
    const url = `/api/submissions/${submission.id}/attachments/${annex.id}`;
    for (const client of [cso, reviewer, coordinator]) {
      const res = await client.request(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="annexfdp\.exe\.pdf"/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
    }
    await expectProblem(await outsider.request(url), 404);
  });

  it("cannot change once submitted; a returned report's files change again, the version keeps what it listed", async () => {
    await act(cso, "submit", {}, submission.version);
    await expectNothingWritten(handle.db, async () => {
      await expectProblem(await upload(cso, PDF, "late.pdf"), 409);
      await expectProblem(
        await cso.request(`/api/submissions/${submission.id}/attachments/${annex.id}`, {
          method: "DELETE",
          headers: { "if-match": `"${annex.version}"` },
        }),
        409,
      );
    });
    await act(reviewer, "return", { bodyId, comments: { attachments: "Attach the signed list." } });
    const signed = await read<Attachment>(upload(cso, PDF, "signed list.pdf"), 201);
    const removed = await cso.request(`/api/submissions/${submission.id}/attachments/${annex.id}`, {
      method: "DELETE",
      headers: { "if-match": `"${annex.version}"` },
    });
    expect(removed.status).toBe(204);
    await reload();
    expect(submission.attachments.map((a) => a.id)).toEqual([signed.id]);
    await act(cso, "submit", {}, submission.version);
    const first = await read<SubmissionVersion>(cso.request(`/api/submissions/${submission.id}/versions/1`));
    const second = await read<SubmissionVersion>(cso.request(`/api/submissions/${submission.id}/versions/2`));
    expect(first.attachments.map((a) => a.fileName)).toEqual(["annexfdp.exe.pdf"]);
    expect(second.attachments.map((a) => a.fileName)).toEqual(["signed list.pdf"]);
    // Removed from the report, still there for the version that listed it.
    const res = await reviewer.request(`/api/submissions/${submission.id}/attachments/${annex.id}`);
    expect(res.status).toBe(200);
  });
});

describe("the report as Word and PDF", () => {
  const exported = async (client: TestClient, format: "docx" | "pdf", lang: string) => {
    const res = await client.request(`/api/submissions/${submission.id}/export.${format}?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`-${lang}.${format}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (format === "docx") return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    const pdf = await getDocumentProxy(bytes);
    return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");
  };

  it("writes the header and every section in English and French (Word)", async () => {
    const en = await exported(reviewer, "docx", "en");
    for (const text of [
      "Legal Aid Files — report 2026-Q1",
      "Files Ministry (Resubmitted)",
      "Version 2",
      "1. Narrative",
      "Mobile legal aid clinics in four sectors.",
      "Muhoza",
      "120 (70 women, 50 men)",
      "Nothing to report in this period",
      "Human-rights concern",
      "NCHR",
      "Two more clinics next quarter.",
      "7. Attachments",
      "signed list.pdf",
    ])
      expect(en).toContain(text);
    expect(en).not.toContain("annexfdp");
    const fr = await exported(cso, "docx", "fr");
    for (const text of ["rapport 2026-Q1", "Soumis à nouveau", "1. Récit", "Pièces jointes", "Lieu"])
      expect(fr).toContain(text);
  });

  it("writes it as a PDF in Kinyarwanda and English", async () => {
    const rw = await exported(cso, "pdf", "rw");
    for (const text of ["raporo ya 2026-Q1", "Imigereka", "Ahantu", "Mobile legal aid clinics"])
      expect(rw).toContain(text);
    const en = await exported(coordinator, "pdf", "en");
    expect(en).toContain("Plans for the next period");
  });

  it("is refused to those who may not read the report, and for an unknown language", async () => {
    await expectProblem(await outsider.request(`/api/submissions/${submission.id}/export.docx`), 404);
    await expectProblem(await outsider.request(`/api/submissions/${submission.id}/export.pdf?lang=fr`), 404);
    await expectProblem(await cso.request(`/api/submissions/${submission.id}/export.pdf?lang=de`), 422, {
      path: "lang",
    });
  });
});
