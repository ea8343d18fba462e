// HTTP for recommendations: CRUD by the monitoring body, status changes with evidence, the addressee's response,
// and the tracker (JSON and Excel). One route definition per endpoint, each calling a service.
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
import {
  addStatusEvidence,
  changeRecommendationStatus,
  getStatusEvidenceFile,
  listVerifyingVisits,
} from "./recommendation-status-changes.service";
import { getRecommendationTracker, trackerToXlsx } from "./recommendation-tracker.service";
import {
  CitableFindingsQuerySchema,
  CitableFindingsSchema,
  RecommendationInputSchema,
  RecommendationListQuerySchema,
  RecommendationListSchema,
  RecommendationPatchSchema,
  RecommendationSchema,
  ResponseInputSchema,
  StatusChangeInputSchema,
  TrackerExportQuerySchema,
  TrackerQuerySchema,
  TrackerSchema,
  VerifyingVisitsSchema,
} from "./recommendations.schema";
import {
  createRecommendation,
  deleteRecommendation,
  getRecommendation,
  listCitableFindings,
  listRecommendations,
  respondToRecommendation,
  updateRecommendation,
} from "./recommendations.service";

const tags = ["Recommendations"];
const LABEL = "The recommendation";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Recommendation id (uuid)" }) });
const ChangeParams = IdParams.extend({ changeId: z.string().max(64) });
const EvidenceParams = IdParams.extend({ evidenceId: z.string().max(64) });
const EvidenceUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: "PDF, DOCX, XLSX, PNG, JPEG or WebP; the type is read from the bytes",
  }),
});
const fileProblems = {
  413: {
    description: "The file is too large",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
  415: {
    description: "The file's bytes are not one of the accepted types",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

export const recommendationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations",
      tags,
      summary:
        "Recommendations the caller reaches (their monitoring body's, those addressed to their organisation, published ones), newest first",
      description:
        "`overdue` is true when the deadline has passed and it is neither implemented nor refused.",
      request: { query: RecommendationListQuerySchema },
      responses: { 200: json(RecommendationListSchema, "A page of recommendations"), ...problemResponses },
    }),
    async (c) => c.json(await listRecommendations(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/tracker",
      tags,
      summary:
        "Per place, addressee, theme or year: how many recommendations, by status, implemented, overdue, average days to implementation",
      description:
        "Grouped by place, recommendations for all facilities form their own group (`all_facilities`); one naming two places counts in both.",
      request: { query: TrackerQuerySchema },
      responses: { 200: json(TrackerSchema, "The tracker"), ...problemResponses },
    }),
    async (c) => c.json(await getRecommendationTracker(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/tracker/export",
      tags,
      summary: "The tracker as an Excel workbook, headers in the reader's language",
      request: { query: TrackerExportQuerySchema },
      responses: {
        200: {
          description: "The workbook",
          content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { lang, ...query } = c.req.valid("query");
      const tracker = await getRecommendationTracker(serviceContext(c), query);
      const file = await trackerToXlsx(tracker, lang);
      return c.body(new Uint8Array(file), 200, {
        "content-type": XLSX_TYPE,
        "content-disposition": `attachment; filename="recommendations-by-${tracker.by}.xlsx"`,
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/citable-findings",
      tags,
      summary:
        "Findings a monitor may cite in a new recommendation: those of the body's conducted visits, by visit",
      request: { query: CitableFindingsQuerySchema },
      responses: {
        200: json(CitableFindingsSchema, "Findings by visit, newest visit first"),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await listCitableFindings(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/recommendations",
      tags,
      summary: "Write a recommendation of the monitoring body (monitors in its scope)",
      description:
        "422 naming `addresseeOrganisationId`, `findingIds.N`, `visitIds.N`, `placeIds.N` or `deadline` when one does not fit.",
      request: { body: jsonBody(RecommendationInputSchema) },
      responses: { 201: json(RecommendationSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createRecommendation(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/recommendations/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/{id}",
      tags,
      summary: "One recommendation with its sources, places, status history and response",
      description:
        "Readers of a published recommendation outside the monitoring body and the addressee see its statuses without notes, findings or evidence.",
      request: { params: IdParams },
      responses: {
        200: json(RecommendationSchema, "The recommendation; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const found = await getRecommendation(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, found, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/recommendations/{id}",
      tags,
      summary: "Change a recommendation (monitors of its body; If-Match required)",
      request: { params: IdParams, body: jsonBody(RecommendationPatchSchema) },
      responses: { 200: json(RecommendationSchema, "Changed") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      return jsonWithVersion(
        c,
        await updateRecommendation(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/recommendations/{id}",
      tags,
      summary:
        "Delete a recommendation not yet answered (If-Match required); 409 once answered or followed up",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteRecommendation(ctx, recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "put",
      path: "/api/recommendations/{id}/response",
      tags,
      summary: "The addressee's response and action plan, as its staff write it (If-Match required)",
      request: { params: IdParams, body: jsonBody(ResponseInputSchema) },
      responses: { 200: json(RecommendationSchema, "Answered") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      return jsonWithVersion(
        c,
        await respondToRecommendation(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/{id}/verifying-visits",
      tags,
      summary:
        "Visits a monitor may name as verifying a status change: the body's conducted follow-up visits at one of its places, newest first",
      description:
        "Any place of detention when the recommendation is for all facilities. Monitors of the body only (403 for the addressee).",
      request: { params: IdParams },
      responses: { 200: json(VerifyingVisitsSchema, "Candidate visits"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return c.json(await listVerifyingVisits(serviceContext(c), id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/recommendations/{id}/status-changes",
      tags,
      summary: "Record a dated status change, optionally verified by a conducted follow-up visit",
      description:
        "Monitors record any status; the addressee's staff accepted, not accepted and in progress (403 otherwise). 422 `changedOn` before the issue day or the latest change, or in the future; 422 `visitId` when the visit is not a conducted follow-up visit of the body at one of its places.",
      request: { params: IdParams, body: jsonBody(StatusChangeInputSchema) },
      responses: {
        201: json(RecommendationSchema, "The recommendation with its new status"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      return jsonWithVersion(
        c,
        await changeRecommendationStatus(serviceContext(c), id, c.req.valid("json")),
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/recommendations/{id}/status-changes/{changeId}/evidence",
      tags,
      summary: "Add an evidence file to a status change (a circular, photos, a progress report)",
      request: {
        params: ChangeParams,
        body: { required: true, content: { "multipart/form-data": { schema: EvidenceUploadSchema } } },
      },
      responses: { 201: json(RecommendationSchema, "Stored"), ...problemResponses, ...fileProblems },
    }),
    async (c) => {
      const { id, changeId } = c.req.valid("param");
      const { file } = c.req.valid("form");
      const updated = await addStatusEvidence(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(changeId, "The status change"),
        { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      );
      return jsonWithVersion(c, updated, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/recommendations/{id}/evidence/{evidenceId}",
      tags,
      summary: "Download an evidence file (the monitoring body and the addressee only)",
      request: { params: EvidenceParams },
      responses: {
        200: {
          description: "The file's bytes",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, evidenceId } = c.req.valid("param");
      const file = await getStatusEvidenceFile(
        serviceContext(c),
        recordId(id, LABEL),
        recordId(evidenceId, "The evidence file"),
      );
      // Served only as a download, never sniffed or cached: the bytes come from users.
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  );
