// HTTP for a report's files: its attachments (upload, download, remove) and the report itself as Word or PDF.
import { createRoute, z } from "@hono/zod-openapi";
import { downloadResponse } from "../../kernel/files";
import {
  createRouter,
  expectedVersion,
  json,
  ProblemSchema,
  problemResponses,
  recordId,
  serviceContext,
  versionedRoute,
} from "../../server/http";
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import { AttachmentSchema, SubmissionExportQuerySchema } from "./reporting.schema";
import {
  addSubmissionAttachment,
  getSubmissionAttachmentFile,
  removeSubmissionAttachment,
} from "./submission-attachments.service";
import { EXPORT_CONTENT_TYPES, type ExportFormat, exportSubmission } from "./submissions.export";

const IdParams = z.object({ id: z.string().max(64) });
const AttachmentParams = IdParams.extend({ attachmentId: z.string().max(64) });
const SUBMISSION = "The submission";
const ATTACHMENT = "The attachment";
const binary = z.string().openapi({ format: "binary" });
const MB = MAX_UPLOAD_BYTES / (1024 * 1024);

const AttachmentUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `PDF, DOCX, XLSX, PNG, JPEG or WebP, at most ${MB} MB; the type is read from the bytes`,
  }),
});

const exportRoute = (format: ExportFormat) =>
  createRoute({
    method: "get",
    path: `/api/submissions/{id}/export.${format}`,
    tags: ["Reporting"],
    summary: `The report as ${format === "docx" ? "a Word" : "a PDF"} file in the chosen language (en, fr, rw): header, every section of its template, attachments by name`,
    request: { params: IdParams, query: SubmissionExportQuerySchema },
    responses: {
      200: {
        description: "The report, as an attachment",
        content: { [EXPORT_CONTENT_TYPES[format]]: { schema: binary } },
      },
      ...problemResponses,
    },
  });

export const submissionFileRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions/{id}/attachments",
      tags: ["Reporting"],
      summary: `Attach a file to a draft or returned report: PDF, DOCX, XLSX or image, at most ${MB} MB`,
      request: {
        params: IdParams,
        body: { required: true, content: { "multipart/form-data": { schema: AttachmentUploadSchema } } },
      },
      responses: {
        201: json(AttachmentSchema, "Stored"),
        ...problemResponses,
        409: {
          description: "The report was submitted or accepted: its attachments cannot change",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
        413: {
          description: `The file is larger than ${MB} MB`,
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
        415: {
          description: "The file's bytes are not one of the accepted types",
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      const { file } = c.req.valid("form");
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      const created = await addSubmissionAttachment(serviceContext(c), id, {
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      c.header("Location", `/api/submissions/${id}/attachments/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/submissions/{id}/attachments/{attachmentId}",
      tags: ["Reporting"],
      summary: "Download an attachment (also one a submitted version lists and that was removed since)",
      request: { params: AttachmentParams },
      responses: {
        200: {
          description: "The file's bytes",
          content: { "application/octet-stream": { schema: binary } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const file = await getSubmissionAttachmentFile(
        serviceContext(c),
        recordId(id, SUBMISSION),
        recordId(attachmentId, ATTACHMENT),
      );
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/submissions/{id}/attachments/{attachmentId}",
      tags: ["Reporting"],
      summary: "Remove an attachment from a draft or returned report (If-Match required)",
      request: { params: AttachmentParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const version = expectedVersion(c);
      await removeSubmissionAttachment(
        serviceContext(c),
        recordId(id, SUBMISSION),
        recordId(attachmentId, ATTACHMENT),
        version,
      );
      return c.body(null, 204);
    },
  )
  .openapi(exportRoute("docx"), async (c) => {
    const id = recordId(c.req.valid("param").id, SUBMISSION);
    const file = await exportSubmission(serviceContext(c), id, "docx", c.req.valid("query"));
    return downloadResponse(file);
  })
  .openapi(exportRoute("pdf"), async (c) => {
    const id = recordId(c.req.valid("param").id, SUBMISSION);
    const file = await exportSubmission(serviceContext(c), id, "pdf", c.req.valid("query"));
    return downloadResponse(file);
  });
