// HTTP for monitoring visits: list and plan them, read and change one, publish its report, its findings and their
// evidence files, a finding opened as a confidential incident, and the visit report in Word and PDF.
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
  addFinding,
  addFindingFile,
  getFindingFile,
  openFindingIncident,
  removeFinding,
  removeFindingFile,
  updateFinding,
} from "./findings.service";
import { DOCX_CONTENT_TYPE, exportVisitReport, PDF_CONTENT_TYPE } from "./visit-report.export";
import {
  FindingFileSchema,
  FindingIncidentInputSchema,
  FindingInputSchema,
  FindingPatchSchema,
  FindingSchema,
  VisitInputSchema,
  VisitListQuerySchema,
  VisitListSchema,
  VisitPatchSchema,
  VisitPublishSchema,
  VisitReportQuerySchema,
  VisitSchema,
} from "./visits.schema";
import {
  createVisit,
  deleteVisit,
  getVisit,
  listVisits,
  publishVisit,
  updateVisit,
  VISIT_LABEL,
} from "./visits.service";

const tags = ["Monitoring visits"];
const FINDING_LABEL = "The finding";
const FILE_LABEL = "The file";
const IdParams = z.object({ id: z.string().max(64) });
const FindingParams = IdParams.extend({ findingId: z.string().max(64) });
const FileParams = FindingParams.extend({ fileId: z.string().max(64) });
const binary = z.string().openapi({ format: "binary" });
const MB = MAX_UPLOAD_BYTES / (1024 * 1024);
const UploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `PDF, DOCX, XLSX, PNG, JPEG or WebP, at most ${MB} MB; the type is read from the bytes`,
  }),
});

const findingIds = (params: { id: string; findingId: string }) =>
  [recordId(params.id, VISIT_LABEL), recordId(params.findingId, FINDING_LABEL)] as const;

const reportRoute = (format: "docx" | "pdf") =>
  createRoute({
    method: "get",
    path: `/api/monitoring-visits/{id}/report.${format}`,
    tags,
    summary: `The visit report as ${format === "docx" ? "a Word" : "a PDF"} file in en, fr or rw: facts, findings by theme category, recommendations (reading an unpublished one is audited)`,
    request: { params: IdParams, query: VisitReportQuerySchema },
    responses: {
      200: {
        description: "The report, as an attachment",
        content: { [format === "docx" ? DOCX_CONTENT_TYPE : PDF_CONTENT_TYPE]: { schema: binary } },
      },
      ...problemResponses,
    },
  });

export const visitRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-visits",
      tags,
      summary:
        "Visits the caller may read (their monitoring body's, and every published one), newest first; filters place, status, type, year",
      request: { query: VisitListQuerySchema },
      responses: { 200: json(VisitListSchema, "Visits"), ...problemResponses },
    }),
    async (c) => c.json(await listVisits(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/monitoring-visits",
      tags,
      summary: "Plan a visit to a place of detention (a monitor of the monitoring body)",
      request: { body: jsonBody(VisitInputSchema) },
      responses: { 201: json(VisitSchema, "Planned"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createVisit(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/monitoring-visits/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-visits/{id}",
      tags,
      summary: "One visit with its team, interviews and findings (404 when unpublished and not the caller's)",
      request: { params: IdParams },
      responses: { 200: json(VisitSchema, "The visit; ETag carries its version"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getVisit(serviceContext(c), recordId(c.req.valid("param").id, VISIT_LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/monitoring-visits/{id}",
      tags,
      summary:
        "Change a visit's facts, team, interviews or status (planned → conducted | cancelled) (If-Match required)",
      request: { params: IdParams, body: jsonBody(VisitPatchSchema) },
      responses: { 200: json(VisitSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, VISIT_LABEL);
      return jsonWithVersion(c, await updateVisit(serviceContext(c), id, version, c.req.valid("json")), 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/monitoring-visits/{id}",
      tags,
      summary: "Delete a visit while it is planned (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteVisit(serviceContext(c), recordId(c.req.valid("param").id, VISIT_LABEL), version);
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/monitoring-visits/{id}/publish",
      tags,
      summary:
        "Publish a conducted visit's report on a day (today or earlier): the visit, its findings and its recommendations become readable by every signed-in user; no unpublishing (If-Match required)",
      request: { params: IdParams, body: jsonBody(VisitPublishSchema) },
      responses: { 200: json(VisitSchema, "Published") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, VISIT_LABEL);
      return jsonWithVersion(c, await publishVisit(serviceContext(c), id, version, c.req.valid("json")), 200);
    },
  )
  .openapi(reportRoute("docx"), async (c) => {
    const id = recordId(c.req.valid("param").id, VISIT_LABEL);
    const file = await exportVisitReport(serviceContext(c), id, "docx", c.req.valid("query"));
    return downloadResponse({ bytes: file.bytes, contentType: file.contentType, fileName: file.fileName });
  })
  .openapi(reportRoute("pdf"), async (c) => {
    const id = recordId(c.req.valid("param").id, VISIT_LABEL);
    const file = await exportVisitReport(serviceContext(c), id, "pdf", c.req.valid("query"));
    return downloadResponse({ bytes: file.bytes, contentType: file.contentType, fileName: file.fileName });
  })
  .openapi(
    createRoute({
      method: "post",
      path: "/api/monitoring-visits/{id}/findings",
      tags,
      summary:
        "Record a finding of a conducted visit: theme, groups in situations of vulnerability, severity, text",
      request: { params: IdParams, body: jsonBody(FindingInputSchema) },
      responses: { 201: json(FindingSchema, "Recorded"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, VISIT_LABEL);
      return jsonWithVersion(c, await addFinding(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/monitoring-visits/{id}/findings/{findingId}",
      tags,
      summary: "Change a finding (If-Match required)",
      request: { params: FindingParams, body: jsonBody(FindingPatchSchema) },
      responses: { 200: json(FindingSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const [id, findingId] = findingIds(c.req.valid("param"));
      return jsonWithVersion(
        c,
        await updateFinding(serviceContext(c), id, findingId, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/monitoring-visits/{id}/findings/{findingId}",
      tags,
      summary: "Remove a finding with its evidence files (If-Match required)",
      request: { params: FindingParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const [id, findingId] = findingIds(c.req.valid("param"));
      await removeFinding(serviceContext(c), id, findingId, version);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/monitoring-visits/{id}/findings/{findingId}/incident",
      tags,
      summary:
        "Open an individual case as a confidential incident (place of detention, the monitoring body reporting, a description written for it; nothing copied from the finding); needs the incident permission",
      request: { params: FindingParams, body: jsonBody(FindingIncidentInputSchema) },
      responses: {
        201: json(FindingSchema, "The finding, linked to its incident"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const [id, findingId] = findingIds(c.req.valid("param"));
      return jsonWithVersion(
        c,
        await openFindingIncident(serviceContext(c), id, findingId, c.req.valid("json")),
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/monitoring-visits/{id}/findings/{findingId}/files",
      tags,
      summary: `Keep a file as evidence of a finding: PDF, DOCX, XLSX or image, at most ${MB} MB, its type read from its bytes`,
      request: {
        params: FindingParams,
        body: { required: true, content: { "multipart/form-data": { schema: UploadSchema } } },
      },
      responses: {
        201: json(FindingFileSchema, "Stored"),
        ...problemResponses,
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
      const [id, findingId] = findingIds(c.req.valid("param"));
      const created = await addFindingFile(serviceContext(c), id, findingId, {
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      c.header("Location", `/api/monitoring-visits/${id}/findings/${findingId}/files/${created.id}`);
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/monitoring-visits/{id}/findings/{findingId}/files/{fileId}",
      tags,
      summary: "Download an evidence file (audited as a read while the visit is unpublished)",
      request: { params: FileParams },
      responses: {
        200: { description: "The file's bytes", content: { "application/octet-stream": { schema: binary } } },
        ...problemResponses,
      },
    }),
    async (c) => {
      const params = c.req.valid("param");
      const [id, findingId] = findingIds(params);
      const file = await getFindingFile(
        serviceContext(c),
        id,
        findingId,
        recordId(params.fileId, FILE_LABEL),
      );
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/monitoring-visits/{id}/findings/{findingId}/files/{fileId}",
      tags,
      summary: "Remove an evidence file (If-Match required)",
      request: { params: FileParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      const [id, findingId] = findingIds(params);
      await removeFindingFile(serviceContext(c), id, findingId, recordId(params.fileId, FILE_LABEL), version);
      return c.body(null, 204);
    },
  );
