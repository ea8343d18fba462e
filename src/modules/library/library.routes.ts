// HTTP for the documents and lessons library: search, documents (upload, read, download, change, remove), lessons
// (write, read, change, remove) and their comments.
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
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import {
  addLessonComment,
  createLesson,
  deleteLesson,
  getLesson,
  LESSON_LABEL,
  updateLesson,
} from "./lessons.service";
import {
  LessonCommentInputSchema,
  LessonCommentSchema,
  LessonInputSchema,
  LessonPatchSchema,
  LessonSchema,
  LibraryDocumentKindSchema,
  LibraryDocumentPatchSchema,
  LibraryDocumentSchema,
  LibraryLanguageSchema,
  LibrarySearchQuerySchema,
  LibrarySearchResultSchema,
} from "./library.schema";
import {
  DOCUMENT_LABEL,
  deleteLibraryDocument,
  getLibraryDocument,
  getLibraryDocumentFile,
  updateLibraryDocument,
  uploadLibraryDocument,
} from "./library-documents.service";
import { searchLibraryEntries } from "./library-search.service";

const tags = ["Library"];
const IdParams = z.object({ id: z.string().max(64) });

/** A comma-separated list in a form field (a form has no arrays). */
const listField = z
  .string()
  .max(4000)
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
const optionalField = z
  .string()
  .max(4000)
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const DocumentUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `PDF or DOCX (text is read from them), or XLSX, PNG, JPEG, WebP; at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB; the type is read from the bytes`,
  }),
  title: z.string().max(4000),
  kind: LibraryDocumentKindSchema,
  language: LibraryLanguageSchema,
  description: optionalField,
  organisationIds: listField.openapi({
    type: "string",
    maxLength: 4000,
    description: "Organisation ids, comma-separated",
  }),
  themeCodes: listField.openapi({
    type: "string",
    maxLength: 4000,
    description: "Theme codes, comma-separated",
  }),
  placeIds: listField.openapi({ type: "string", maxLength: 4000, description: "Place ids, comma-separated" }),
  periodStart: optionalField,
  periodEnd: optionalField,
});

const fileProblem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const libraryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/library",
      tags,
      summary:
        "Search documents, lessons and the files kept with agreements and monitoring visits the caller may read: ranked, with highlighted extracts; without q, newest first",
      request: { query: LibrarySearchQuerySchema },
      responses: { 200: json(LibrarySearchResultSchema, "Results"), ...problemResponses },
    }),
    async (c) => c.json(await searchLibraryEntries(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/library/documents",
      tags,
      summary:
        "Upload a document with its metadata; its text is read in the background (textStatus pending, then extracted or not_extracted with the reason)",
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: DocumentUploadSchema } } },
      },
      responses: {
        201: json(LibraryDocumentSchema, "Stored"),
        ...problemResponses,
        413: fileProblem(`The file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB`),
        415: fileProblem("The file's bytes are not one of the accepted types"),
      },
    }),
    async (c) => {
      const { file, ...metadata } = c.req.valid("form");
      const created = await uploadLibraryDocument(serviceContext(c), metadata, {
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      c.header("Location", `/api/library/documents/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/library/documents/{id}",
      tags,
      summary: "A document's metadata, the state of its text and the lessons citing it",
      request: { params: IdParams },
      responses: {
        200: json(LibraryDocumentSchema, "The document; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getLibraryDocument(serviceContext(c), recordId(c.req.valid("param").id, DOCUMENT_LABEL)),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/library/documents/{id}/file",
      tags,
      summary: "Download the document, as an attachment with the type read when it was uploaded",
      request: { params: IdParams },
      responses: {
        200: {
          description: "The file's bytes",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const file = await getLibraryDocumentFile(
        serviceContext(c),
        recordId(c.req.valid("param").id, DOCUMENT_LABEL),
      );
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/library/documents/{id}",
      tags,
      summary: "Change a document's metadata (If-Match required)",
      request: { params: IdParams, body: jsonBody(LibraryDocumentPatchSchema) },
      responses: { 200: json(LibraryDocumentSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, DOCUMENT_LABEL);
      return jsonWithVersion(
        c,
        await updateLibraryDocument(serviceContext(c), id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/library/documents/{id}",
      tags,
      summary: "Remove a document; lessons citing it lose it as evidence (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteLibraryDocument(
        serviceContext(c),
        recordId(c.req.valid("param").id, DOCUMENT_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/library/lessons",
      tags,
      summary:
        "Record a lesson learned (or reuse one: reusedFromId), with its evidence documents, themes and places",
      request: { body: jsonBody(LessonInputSchema) },
      responses: { 201: json(LessonSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createLesson(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/library/lessons/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/library/lessons/{id}",
      tags,
      summary: "A lesson with its evidence, links, comments and the lessons reusing it",
      request: { params: IdParams },
      responses: { 200: json(LessonSchema, "The lesson; ETag carries its version"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getLesson(serviceContext(c), recordId(c.req.valid("param").id, LESSON_LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/library/lessons/{id}",
      tags,
      summary: "Change a lesson (If-Match required)",
      request: { params: IdParams, body: jsonBody(LessonPatchSchema) },
      responses: { 200: json(LessonSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, LESSON_LABEL);
      return jsonWithVersion(c, await updateLesson(serviceContext(c), id, version, c.req.valid("json")), 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/library/lessons/{id}",
      tags,
      summary: "Delete a lesson with its comments (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteLesson(serviceContext(c), recordId(c.req.valid("param").id, LESSON_LABEL), version);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/library/lessons/{id}/comments",
      tags,
      summary: "Comment on a lesson",
      request: { params: IdParams, body: jsonBody(LessonCommentInputSchema) },
      responses: { 201: json(LessonCommentSchema, "Added"), ...problemResponses },
    }),
    async (c) =>
      c.json(
        await addLessonComment(
          serviceContext(c),
          recordId(c.req.valid("param").id, LESSON_LABEL),
          c.req.valid("json"),
        ),
        201,
      ),
  );
