// The library's use cases on a database: text taken from PDF and Word in the background job, search in French,
// English and Kinyarwanda with highlighted extracts, files of agreements and visits with their record's access,
// incident attachments never, lessons with comments and reuse, and searches of any characters.

import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  contextAs,
  createAgreementFixture,
  createOrganisationFixture,
  createProgrammeFixture,
  createUserFixture,
  monitoringFindingRow,
  monitoringVisitRow,
  systemActor,
} from "../../../tests/factories";
import {
  corruptPdf,
  encryptedPdf,
  FRENCH_PHRASE,
  frenchEvaluationPdf,
  kinyarwandaDocx,
  passwordProtectedDocx,
} from "../../../tests/library-files";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { addAgreementDocument } from "../agreements";
import { createIncident } from "../incidents";
import { incidentAttachmentTable } from "../incidents/incidents.table";
import { monitoringFindingFileTable } from "../monitoring/monitoring.table";
import { extractPendingTexts, reindexLibraryTexts } from "./document-text.service";
import { addLessonComment, createLesson, getLesson, updateLesson } from "./lessons.service";
import type { LibraryDocument, LibraryHit } from "./library.schema";
import {
  getLibraryDocument,
  updateLibraryDocument,
  uploadLibraryDocument,
} from "./library-documents.service";
import { searchLibraryEntries } from "./library-search.service";

let handle: DatabaseHandle;
let system: ServiceContext;
let member: ServiceContext;
let otherMember: ServiceContext;
let monitor: ServiceContext;
let nobody: ServiceContext;
let rpp: string;
let otherOrganisation: string;
let nchr: string;
let evaluation: LibraryDocument;
let pdfBytes: Uint8Array;

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const search = (ctx: ServiceContext, q: string, extra: Record<string, unknown> = {}) =>
  searchLibraryEntries(ctx, { q, ...extra }).then((r) => r.items);
const matched = (hit: LibraryHit | undefined) =>
  (hit?.extract ?? []).filter((p) => p.match).map((p) => p.text.toLowerCase());

beforeAll(async () => {
  handle = await createTestDatabase();
  system = contextAs(handle, systemActor);
  rpp = (await createOrganisationFixture(handle, { name: "Interpeace Rwanda" })).id;
  otherOrganisation = (await createOrganisationFixture(handle, { name: "Aegis Trust" })).id;
  nchr = (await createOrganisationFixture(handle, { name: "NCHR", kind: "government" })).id;
  const scoped = (role: "partner_editor" | "monitor", organisationId: string) =>
    createUserFixture(handle, {
      grants: [{ role, scopeType: "organisation", scopeId: organisationId }],
      organisationIds: [organisationId],
    }).then((u) => u.context);
  member = await scoped("partner_editor", rpp);
  otherMember = await scoped("partner_editor", otherOrganisation);
  monitor = await scoped("monitor", nchr);
  nobody = (await createUserFixture(handle, { grants: [] })).context;
  pdfBytes = await frenchEvaluationPdf();
  evaluation = await uploadLibraryDocument(
    member,
    {
      title: "Évaluation du programme de guérison",
      kind: "evaluation",
      language: "fr",
      organisationIds: [rpp],
    },
    { fileName: "evaluation.pdf", bytes: pdfBytes },
  );
});

afterAll(async () => {
  await handle?.close();
});

describe("documents and their text", () => {
  it("stores the upload with its text pending, then the job reads it", async () => {
    expect(evaluation).toMatchObject({ textStatus: "pending", textReason: null, canEdit: true });
    const report = await extractPendingTexts(handle.db);
    expect(report.extracted).toBeGreaterThanOrEqual(1);
    const read = await getLibraryDocument(otherMember, evaluation.id);
    expect(read.textStatus).toBe("extracted");
    expect(read.textLength).toBeGreaterThan(100);
    expect(read.canEdit).toBe(false);
  });

  it("finds the PDF by a French phrase from its second page, with the words highlighted", async () => {
    const hits = await search(otherMember, "guérison des traumatismes");
    const hit = hits.find((h) => h.id === evaluation.id);
    expect(hit).toMatchObject({ source: "document", kind: "evaluation", language: "fr" });
    expect(matched(hit)).toEqual(expect.arrayContaining(["traumatismes"]));
    expect(hit?.extract.map((p) => p.text).join("")).toContain("traumatismes communautaires");
    // Stemmed: the singular finds the plural; a quoted phrase finds the words in order.
    expect((await search(otherMember, "traumatisme")).map((h) => h.id)).toContain(evaluation.id);
    expect((await search(otherMember, `"${FRENCH_PHRASE}"`)).map((h) => h.id)).toContain(evaluation.id);
    expect((await search(otherMember, '"communautaires traumatismes"')).map((h) => h.id)).not.toContain(
      evaluation.id,
    );
  });

  it("finds a phrase at the end of a long report, past a word's 256th use, and cuts the extract there", async () => {
    // ~60 pages in which "justice" is used 600 times before the phrase: one vector of the whole text keeps a word's
    // first 256 places only, so the phrase was never found (decision 035: the text is searched in parts).
    const pages = Array.from(
      { length: 600 },
      (_, i) => `La justice de proximité a reçu ${i + 1} détenus libérés ce mois à Musanze.`,
    ).join(" ");
    const long = await uploadLibraryDocument(
      member,
      { title: "Rapport annuel 2025", kind: "report", language: "fr", organisationIds: [rpp] },
      {
        fileName: "rapport-annuel.docx",
        bytes: await kinyarwandaDocx(`${pages} Enfin, la justice réparatrice reste rare à Rubavu.`),
      },
    );
    await extractPendingTexts(handle.db);
    expect((await getLibraryDocument(member, long.id)).textLength).toBeGreaterThan(40_000);
    const hit = (await search(otherMember, '"justice réparatrice"')).find((h) => h.id === long.id);
    expect(hit).toBeDefined();
    expect(matched(hit)).toEqual(expect.arrayContaining(["réparatrice"]));
    expect(hit?.extract.map((p) => p.text).join("")).toContain("justice réparatrice");
    // Words far apart still find it together (the whole text's words), with the extract where one of them is.
    const apart = (await search(otherMember, "proximité Rubavu")).find((h) => h.id === long.id);
    expect(matched(apart).length).toBeGreaterThan(0);
    expect((await search(otherMember, '"justice Rubavu"')).map((h) => h.id)).not.toContain(long.id);
    // Retitled and said to be English: the whole text's words are read again from its parts, and each part too.
    await updateLibraryDocument(member, long.id, long.version, {
      title: "Annual report 2025",
      language: "en",
    });
    expect((await search(otherMember, "annual Rubavu")).map((h) => h.id)).toContain(long.id);
    const english = (await search(otherMember, '"justice réparatrice"')).find((h) => h.id === long.id);
    expect(english?.language).toBe("en");
    expect(english?.extract.map((p) => p.text).join("")).toContain("justice réparatrice");
  });

  it("keeps encrypted and damaged files, with the reason their text was not read", async () => {
    const locked = await uploadLibraryDocument(
      member,
      { title: "Rapport confidentiel", kind: "report", language: "fr", organisationIds: [rpp] },
      { fileName: "locked.pdf", bytes: await encryptedPdf() },
    );
    const broken = await uploadLibraryDocument(
      member,
      { title: "Rapport abîmé", kind: "report", language: "fr", organisationIds: [rpp] },
      { fileName: "broken.pdf", bytes: await corruptPdf() },
    );
    const lockedWord = await uploadLibraryDocument(
      member,
      { title: "Évaluation protégée", kind: "evaluation", language: "fr", organisationIds: [rpp] },
      { fileName: "évaluation.docx", bytes: await passwordProtectedDocx() },
    );
    await extractPendingTexts(handle.db);
    expect(await getLibraryDocument(member, locked.id)).toMatchObject({
      textStatus: "not_extracted",
      textReason: "encrypted",
      textLength: null,
    });
    expect(await getLibraryDocument(member, broken.id)).toMatchObject({
      textStatus: "not_extracted",
      textReason: "corrupt",
    });
    // Kept as the Word file it is (its name says which Office type; the bytes cannot), the password still on it.
    expect(await getLibraryDocument(member, lockedWord.id)).toMatchObject({
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      textStatus: "not_extracted",
      textReason: "encrypted",
    });
    // Still found by title, a word or a phrase of it, and listed with the reason.
    const hit = (await search(otherMember, "confidentiel")).find((h) => h.id === locked.id);
    expect(hit).toMatchObject({ textStatus: "not_extracted", textReason: "encrypted" });
    expect((await search(otherMember, '"rapport confidentiel"')).map((h) => h.id)).toContain(locked.id);
  });

  it("finds Kinyarwanda by the start of a word, and English by its stem", async () => {
    const rw = await uploadLibraryDocument(
      member,
      { title: "Raporo y'inama", kind: "minutes", language: "rw", organisationIds: [rpp] },
      {
        fileName: "inama.docx",
        bytes: await kinyarwandaDocx("Ubwiyunge n'isanamitima mu rubyiruko rw'Akarere ka Musanze"),
      },
    );
    await extractPendingTexts(handle.db);
    const hit = (await search(otherMember, "isanamit")).find((h) => h.id === rw.id);
    expect(hit?.language).toBe("rw");
    expect(matched(hit).join(" ")).toContain("isanamitima");
    expect((await search(otherMember, "x", { kind: "minutes" })).map((h) => h.id)).not.toContain(rw.id);
    expect((await search(otherMember, "rubyiruko", { language: "fr" })).map((h) => h.id)).not.toContain(
      rw.id,
    );
  });

  it("refuses what is outside the uploader's organisations, and ids that name nothing", async () => {
    await expect(
      uploadLibraryDocument(
        member,
        { title: "Not ours", kind: "report", language: "en", organisationIds: [otherOrganisation] },
        { fileName: "x.pdf", bytes: pdfBytes },
      ),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      uploadLibraryDocument(
        system,
        {
          title: "Bad place",
          kind: "report",
          language: "en",
          placeIds: ["11111111-1111-4111-8111-111111111111"],
        },
        { fileName: "x.pdf", bytes: pdfBytes },
      ),
    ).rejects.toMatchObject({
      kind: "validation",
      errors: [expect.objectContaining({ path: "placeIds.0" })],
    });
  });
});

describe("files kept with other records", () => {
  let agreementDocumentId: string;
  let findingFileId: string;
  let incidentFileText: string;

  beforeAll(async () => {
    const agreement = await createAgreementFixture(handle, { title: "MoU on community healing" });
    agreementDocumentId = (
      await addAgreementDocument(system, agreement.id, {
        kind: "report",
        fileName: "annual-report.docx",
        bytes: await kinyarwandaDocx("Annual report: the mobile legal aid clinics reached 4,200 detainees."),
      })
    ).id;
    const [place] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where kind = 'place_of_detention' order by name limit 1`,
    );
    const visitId = await monitoringVisitRow(handle.db, {
      monitoringOrganisationId: nchr,
      placeId: place?.id ?? "",
      startsOn: "2026-03-02",
    });
    const findingId = await monitoringFindingRow(handle.db, visitId);
    const evidence = await kinyarwandaDocx(
      "Evidence: juvenile detainees share cells with adults in block C.",
    );
    const [file] = await handle.db
      .insert(monitoringFindingFileTable)
      .values({
        findingId,
        fileName: "block-c.docx",
        contentType: DOCX,
        sizeBytes: evidence.byteLength,
        sha256: "x",
        data: evidence,
        uploadedBy: "test",
      })
      .returning({ id: monitoringFindingFileTable.id });
    findingFileId = file?.id ?? "";
    // A confidential incident's attachment holding words to search for.
    const [district] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where kind = 'district' and name = 'Musanze'`,
    );
    const incident = await createIncident(system, {
      kind: "hindrance_to_justice",
      occurredOn: "2026-10-03",
      placeKind: "district",
      placeId: district?.id ?? "",
      description: "Held past the legal limit.",
      reportingOrganisationId: rpp,
      persons: [{ role: "victim", sex: "male", ageGroup: "25-59", disability: "none" }],
    });
    incidentFileText = "Statement of the witness naming the officer in Kinigi";
    const statement = await kinyarwandaDocx(incidentFileText);
    await handle.db.insert(incidentAttachmentTable).values({
      incidentId: incident.id,
      fileName: "statement.docx",
      contentType: DOCX,
      sizeBytes: statement.byteLength,
      sha256: "y",
      data: statement,
      uploadedBy: "test",
    });
    const report = await reindexLibraryTexts(handle.db);
    expect(report.extracted).toBeGreaterThanOrEqual(2);
  });

  it("shows an agreement's document to those who read agreements, under its agreement", async () => {
    const hit = (await search(otherMember, "legal aid clinics")).find((h) => h.id === agreementDocumentId);
    expect(hit).toMatchObject({
      source: "agreement_document",
      parent: { title: "MoU on community healing" },
    });
    expect(matched(hit)).toEqual(expect.arrayContaining(["clinics"]));
    expect(await search(nobody, "legal aid clinics")).toEqual([]);
  });

  it("shows a visit's evidence only to its monitoring body until the visit is published", async () => {
    expect((await search(monitor, "juvenile detainees")).map((h) => h.id)).toContain(findingFileId);
    expect((await search(otherMember, "juvenile detainees")).map((h) => h.id)).not.toContain(findingFileId);
    await handle.db.execute(sql`update monitoring_visit set published_on = '2026-04-01'
      where id = (select visit_id from monitoring_finding f join monitoring_finding_file x on x.finding_id = f.id
                  where x.id = ${findingFileId})`);
    expect((await search(otherMember, "juvenile detainees")).map((h) => h.id)).toContain(findingFileId);
  });

  it("never indexes nor shows an incident's attachment, to anyone", async () => {
    const [indexed] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from library_text_part where body like '%Kinigi%'`,
    );
    expect(Number(indexed?.n)).toBe(0);
    for (const ctx of [system, member, otherMember, monitor]) {
      expect(await search(ctx, "witness officer Kinigi")).toEqual([]);
      expect(await search(ctx, incidentFileText)).toEqual([]);
    }
  });
});

describe("lessons", () => {
  it("are written by a member, found by another, commented on and reused", async () => {
    const lesson = await createLesson(member, {
      title: "Trauma healing groups need trained local facilitators",
      whatHappened: "Dialogue groups in Musanze stopped meeting when the visiting facilitators left.",
      whatWasLearned: "Community trauma healing lasts where facilitators live in the cell.",
      recommendation: "Train two facilitators per cell before starting a group.",
      language: "en",
      organisationId: rpp,
      evidenceDocumentIds: [evaluation.id],
    });
    expect(lesson.evidenceDocuments).toEqual([{ id: evaluation.id, title: evaluation.title }]);
    const hit = (await search(otherMember, "facilitator")).find((h) => h.id === lesson.id);
    expect(hit?.source).toBe("lesson");
    expect(matched(hit)).toEqual(expect.arrayContaining(["facilitators"]));
    expect((await getLibraryDocument(otherMember, evaluation.id)).lessons).toEqual([
      { id: lesson.id, title: lesson.title },
    ]);

    await addLessonComment(otherMember, lesson.id, { body: "Same in Huye: we now train first." });
    const reused = await createLesson(otherMember, {
      title: "Train facilitators first (Huye)",
      whatHappened: "Adapted from Interpeace's lesson.",
      whatWasLearned: "Same result in Huye.",
      language: "en",
      organisationId: otherOrganisation,
      reusedFromId: lesson.id,
    });
    const read = await getLesson(member, lesson.id);
    expect(read.comments.map((c) => c.body)).toEqual(["Same in Huye: we now train first."]);
    expect(read.reusedBy).toEqual([{ id: reused.id, title: reused.title }]);
    expect(read.canEdit).toBe(true);
    expect((await getLesson(otherMember, lesson.id)).canEdit).toBe(false);

    await expect(
      createLesson(member, { ...lessonInput(), organisationId: otherOrganisation }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(createLesson(member, { ...lessonInput(), whatWasLearned: "  " })).rejects.toMatchObject({
      kind: "validation",
      errors: [expect.objectContaining({ path: "whatWasLearned" })],
    });
  });

  it("are linked to a programme, an agreement and places, then unlinked and cleared by a change; documents too", async () => {
    const agreement = await createAgreementFixture(handle);
    const programme = await createProgrammeFixture(handle, { leadOrganisationId: rpp });
    const [district] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from place where kind = 'district' and name = 'Musanze'`,
    );
    const musanze = district?.id ?? "";
    const lesson = await createLesson(member, {
      ...lessonInput(),
      recommendation: "Keep it.",
      programmeId: programme.id,
      agreementId: agreement.id,
      placeIds: [musanze],
    });
    expect(lesson).toMatchObject({
      programme: { id: programme.id, name: programme.title },
      agreement: { id: agreement.id, name: agreement.title },
      places: [{ id: musanze, name: "Musanze" }],
    });
    const changed = await updateLesson(member, lesson.id, lesson.version, {
      programmeId: null,
      agreementId: null,
      recommendation: null,
      placeIds: [],
    });
    expect(changed).toMatchObject({ programme: null, agreement: null, recommendation: null, places: [] });
    await expect(
      updateLesson(member, lesson.id, changed.version, {
        programmeId: "00000000-0000-4000-8000-000000000000",
      }),
    ).rejects.toMatchObject({
      kind: "validation",
      errors: [expect.objectContaining({ path: "programmeId" })],
    });

    const dated = await updateLibraryDocument(member, evaluation.id, evaluation.version, {
      description: "Mid-term evaluation.",
      periodStart: "2025-01-01",
      periodEnd: "2025-06-30",
      placeIds: [musanze],
    });
    expect(dated).toMatchObject({ periodStart: "2025-01-01", places: [{ id: musanze, name: "Musanze" }] });
    const cleared = await updateLibraryDocument(member, evaluation.id, dated.version, {
      description: null,
      periodStart: null,
      periodEnd: null,
    });
    expect(cleared).toMatchObject({ description: null, periodStart: null, periodEnd: null });
    evaluation = cleared;
  });

  const lessonInput = () => ({
    title: "A lesson",
    whatHappened: "Something.",
    whatWasLearned: "Something else.",
    language: "en" as const,
    organisationId: rpp,
  });
});

describe("search input", () => {
  it("never fails, whatever is typed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(
            fc.string({ maxLength: 200 }),
            fc.constantFrom("'", '"', "&", "|", "!", ":*", "(", ")", "<->", "-", "or", "\\", "%", "''':*&|!"),
            fc
              .array(
                fc.constantFrom(
                  "a",
                  "'",
                  "!",
                  "&",
                  "|",
                  "(",
                  ")",
                  ":",
                  "*",
                  " ",
                  "-",
                  '"',
                  "<",
                  ">",
                  "é",
                  "ü",
                ),
                {
                  maxLength: 40,
                },
              )
              .map((chars) => chars.join("")),
          )
          .filter((s) => !s.includes("\u0000")),
        async (q) => {
          const result = await searchLibraryEntries(otherMember, { q });
          expect(Array.isArray(result.items)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
