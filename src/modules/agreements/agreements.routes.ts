// HTTP for the agreements register: one route definition per endpoint, each calling the service.
import { createRoute, z } from "@hono/zod-openapi";
import { downloadResponse } from "../../kernel/files";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  ProblemSchema,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { AuditEntrySchema } from "../audit";
import { createAgreement } from "./agreement-create.service";
import {
  addAgreementDocument,
  getAgreementDocumentFile,
  removeAgreementDocument,
} from "./agreement-documents.service";
import {
  AgreementDetailSchema,
  AgreementDocumentSchema,
  AgreementInputSchema,
  AgreementKeeperListSchema,
  AgreementListQuerySchema,
  AgreementListSchema,
  AgreementPatchSchema,
  CommitmentInputSchema,
  CommitmentPatchSchema,
  CommitmentSchema,
  CooperationOverviewQuerySchema,
  CooperationOverviewSchema,
  DocumentKindSchema,
  MAX_DOCUMENT_BYTES,
  ProgressEntryInputSchema,
  ProgressEntryPatchSchema,
  ProgressEntrySchema,
  StatusChangeInputSchema,
} from "./agreements.schema";
import {
  changeAgreementStatus,
  deleteAgreement,
  getAgreement,
  getAgreementHistory,
  getCooperationOverview,
  listAgreementKeepers,
  listAgreements,
  updateAgreement,
} from "./agreements.service";
import { addCommitment, removeCommitment, updateCommitment } from "./commitments.service";
import { addProgressEntry, removeProgressEntry, updateProgressEntry } from "./progress-entries.service";

const tags = ["Agreements"];
const LABEL = "The agreement";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Agreement id (uuid)" }) });
const CommitmentParams = IdParams.extend({ commitmentId: z.string().max(64) });
const EntryParams = IdParams.extend({ entryId: z.string().max(64) });
const DocumentParams = IdParams.extend({ documentId: z.string().max(64) });
const DOCUMENT_LABEL = "The document";
const DocumentUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `PDF, DOCX, XLSX, PNG, JPEG or WebP, at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB; the type is read from the bytes`,
  }),
  kind: DocumentKindSchema,
});

export const agreementRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements",
      tags,
      summary: "List, filter and search agreements (titles, parties, commitments and progress)",
      request: { query: AgreementListQuerySchema },
      responses: { 200: json(AgreementListSchema, "A page of agreements"), ...problemResponses },
    }),
    async (c) => c.json(await listAgreements(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/agreements",
      tags,
      summary: "Register an agreement with its parties, themes, areas and commitments",
      request: { body: jsonBody(AgreementInputSchema) },
      responses: { 201: json(AgreementDetailSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createAgreement(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/agreements/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements/overview",
      tags,
      summary:
        "Cooperation at a glance: counts by status, kind and theme; expiring; overdue; recent progress",
      request: { query: CooperationOverviewQuerySchema },
      responses: { 200: json(CooperationOverviewSchema, "The overview"), ...problemResponses },
    }),
    async (c) => c.json(await getCooperationOverview(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements/keepers",
      tags,
      summary: "Institutions keeping agreements in the register, with how many each keeps, most first",
      responses: {
        200: json(AgreementKeeperListSchema, "Keeping institutions, most agreements first"),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await listAgreementKeepers(serviceContext(c)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements/{id}",
      tags,
      summary: "An agreement with parties, areas, commitments, progress and status history",
      request: { params: IdParams },
      responses: {
        200: json(AgreementDetailSchema, "The agreement; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const detail = await getAgreement(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, detail, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/agreements/{id}",
      tags,
      summary: "Change fields; parties, themes and areas given are replaced (If-Match required)",
      request: { params: IdParams, body: jsonBody(AgreementPatchSchema) },
      responses: { 200: json(AgreementDetailSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateAgreement(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/agreements/{id}",
      tags,
      summary: "Delete an agreement (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteAgreement(ctx, recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/agreements/{id}/status",
      tags,
      summary: "Move the agreement to another status, with a reason (If-Match required)",
      request: { params: IdParams, body: jsonBody(StatusChangeInputSchema) },
      responses: { 200: json(AgreementDetailSchema, "Changed") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await changeAgreementStatus(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements/{id}/history",
      tags,
      summary: "Who changed what and when, newest first",
      request: { params: IdParams },
      responses: {
        200: json(z.object({ items: z.array(AuditEntrySchema) }), "History entries"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const items = await getAgreementHistory(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/agreements/{id}/commitments",
      tags,
      summary: "Add a commitment (field activity)",
      request: { params: IdParams, body: jsonBody(CommitmentInputSchema) },
      responses: { 201: json(CommitmentSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await addCommitment(
        serviceContext(c),
        recordId(c.req.valid("param").id, LABEL),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/agreements/{id}/commitments/{commitmentId}",
      tags,
      summary: "Change a commitment, e.g. its status (If-Match required)",
      request: {
        params: CommitmentParams,
        body: jsonBody(CommitmentPatchSchema),
      },
      responses: { 200: json(CommitmentSchema, "Updated") },
    }),
    async (c) => {
      const { id, commitmentId } = c.req.valid("param");
      const updated = await updateCommitment(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(commitmentId, "The commitment"),
        expectedVersion(c),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/agreements/{id}/commitments/{commitmentId}",
      tags,
      summary: "Remove a commitment (If-Match required)",
      request: { params: CommitmentParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { id, commitmentId } = c.req.valid("param");
      await removeCommitment(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(commitmentId, "The commitment"),
        expectedVersion(c),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/agreements/{id}/progress",
      tags,
      summary: "Add a progress entry: achievement, ongoing, planned (with due date) or issue",
      request: { params: IdParams, body: jsonBody(ProgressEntryInputSchema) },
      responses: { 201: json(ProgressEntrySchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await addProgressEntry(
        serviceContext(c),
        recordId(c.req.valid("param").id, LABEL),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/agreements/{id}/progress/{entryId}",
      tags,
      summary: "Change a progress entry, e.g. mark a planned activity done (If-Match required)",
      request: {
        params: EntryParams,
        body: jsonBody(ProgressEntryPatchSchema),
      },
      responses: { 200: json(ProgressEntrySchema, "Updated") },
    }),
    async (c) => {
      const { id, entryId } = c.req.valid("param");
      const updated = await updateProgressEntry(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(entryId, "The progress entry"),
        expectedVersion(c),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/agreements/{id}/progress/{entryId}",
      tags,
      summary: "Remove a progress entry (If-Match required)",
      request: { params: EntryParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { id, entryId } = c.req.valid("param");
      await removeProgressEntry(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(entryId, "The progress entry"),
        expectedVersion(c),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/agreements/{id}/documents",
      tags,
      summary: "Upload a document (signed copy, amendment, report): PDF, DOCX, XLSX or image, at most 10 MB",
      request: {
        params: IdParams,
        body: { required: true, content: { "multipart/form-data": { schema: DocumentUploadSchema } } },
      },
      responses: {
        201: json(AgreementDocumentSchema, "Stored"),
        ...problemResponses,
        413: {
          description: "The file is larger than 10 MB",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
        415: {
          description: "The file's bytes are not one of the accepted types",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const { file, kind } = c.req.valid("form");
      const created = await addAgreementDocument(
        serviceContext(c),
        recordId(c.req.valid("param").id, LABEL),
        {
          kind,
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
        },
      );
      c.header("Location", `/api/agreements/${c.req.valid("param").id}/documents/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/agreements/{id}/documents/{documentId}",
      tags,
      summary: "Download a document, as an attachment with the type read when it was uploaded",
      request: { params: DocumentParams },
      responses: {
        200: {
          description: "The file's bytes",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, documentId } = c.req.valid("param");
      const file = await getAgreementDocumentFile(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(documentId, DOCUMENT_LABEL),
      );
      // Served only as a download, never sniffed or cached: the bytes come from users.
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/agreements/{id}/documents/{documentId}",
      tags,
      summary: "Remove a document (If-Match required)",
      request: { params: DocumentParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { id, documentId } = c.req.valid("param");
      const version = expectedVersion(c);
      await removeAgreementDocument(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(documentId, DOCUMENT_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  );
