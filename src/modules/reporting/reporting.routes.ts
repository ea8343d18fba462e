// HTTP for periodic reporting: bodies, obligations (one, bulk, the district plan), submissions and their review.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { createBody, getBody, listBodies, updateBody } from "./bodies.service";
import {
  createObligation,
  createObligationsInBulk,
  getObligation,
  listObligations,
  planDistrictObligations,
  updateObligation,
} from "./obligations.service";
import {
  ObligationBulkInputSchema,
  ObligationInputSchema,
  ObligationListQuerySchema,
  ObligationPatchSchema,
  ObligationPlanQuerySchema,
  ObligationPlanSchema,
  ObligationSchema,
  ReopenInputSchema,
  ReportingBodyInputSchema,
  ReportingBodyListQuerySchema,
  ReportingBodyPatchSchema,
  ReportingBodySchema,
  ReviewInputSchema,
  SubmissionInputSchema,
  SubmissionListQuerySchema,
  SubmissionListSchema,
  SubmissionPatchSchema,
  SubmissionSchema,
  SubmissionVersionSchema,
} from "./reporting.schema";
import { reportingDemoRoutes } from "./reporting-demo.routes";
import { submissionFileRoutes } from "./submission-files.routes";
import {
  createSubmission,
  deleteSubmission,
  getSubmission,
  getSubmissionVersion,
  listSubmissions,
  reviewSubmission,
  submitSubmission,
  updateSubmission,
} from "./submissions.service";
import { timelinessRoutes } from "./timeliness.routes";

const IdParams = z.object({ id: z.string().max(64) });
const VersionParams = IdParams.extend({ number: z.coerce.number().int().min(1).max(100_000) });
const BODY = "The reporting body";
const OBLIGATION = "The reporting obligation";
const SUBMISSION = "The submission";

const bodyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting-bodies",
      tags: ["Reporting"],
      summary: "Bodies that receive reports: each district's JRLOS secretariat and JADF, and those added",
      request: { query: ReportingBodyListQuerySchema },
      responses: { 200: json(z.array(ReportingBodySchema), "Reporting bodies"), ...problemResponses },
    }),
    async (c) => c.json(await listBodies(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/reporting-bodies",
      tags: ["Reporting"],
      summary: "Make a registered organisation a reporting body (a ministry, a donor, a network)",
      request: { body: jsonBody(ReportingBodyInputSchema) },
      responses: { 201: json(ReportingBodySchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createBody(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/reporting-bodies/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting-bodies/{id}",
      tags: ["Reporting"],
      summary: "A reporting body",
      request: { params: IdParams },
      responses: {
        200: json(ReportingBodySchema, "The body; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(c, await getBody(serviceContext(c), recordId(c.req.valid("param").id, BODY)), 200),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/reporting-bodies/{id}",
      tags: ["Reporting"],
      summary: "Switch reminders and the digest, or deactivate the body (If-Match required)",
      request: { params: IdParams, body: jsonBody(ReportingBodyPatchSchema) },
      responses: { 200: json(ReportingBodySchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, BODY);
      return jsonWithVersion(c, await updateBody(ctx, id, expectedVersion(c), c.req.valid("json")), 200);
    },
  );

const obligationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting-obligations",
      tags: ["Reporting"],
      summary: "Who reports to which body, how often, due how many days after the period",
      request: { query: ObligationListQuerySchema },
      responses: { 200: json(z.array(ObligationSchema), "Obligations"), ...problemResponses },
    }),
    async (c) => c.json(await listObligations(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/reporting-obligations",
      tags: ["Reporting"],
      summary: "Set one obligation",
      request: { body: jsonBody(ObligationInputSchema) },
      responses: { 201: json(ObligationSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createObligation(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/reporting-obligations/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/reporting-obligations/plan",
      tags: ["Reporting"],
      summary:
        "The obligations for every organisation working in a district (per the 3W), to review before saving",
      request: { body: jsonBody(ObligationPlanQuerySchema) },
      responses: { 200: json(ObligationPlanSchema, "The plan; nothing is saved"), ...problemResponses },
    }),
    async (c) => c.json(await planDistrictObligations(serviceContext(c), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/reporting-obligations/bulk",
      tags: ["Reporting"],
      summary: "Set several obligations at once (all or none)",
      request: { body: jsonBody(ObligationBulkInputSchema) },
      responses: { 201: json(z.array(ObligationSchema), "Created"), ...versionedProblemResponses },
    }),
    async (c) => c.json(await createObligationsInBulk(serviceContext(c), c.req.valid("json").items), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting-obligations/{id}",
      tags: ["Reporting"],
      summary: "One obligation",
      request: { params: IdParams },
      responses: {
        200: json(ObligationSchema, "The obligation; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getObligation(serviceContext(c), recordId(c.req.valid("param").id, OBLIGATION)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/reporting-obligations/{id}",
      tags: ["Reporting"],
      summary: "Change due days or sections, or end the obligation after a period (If-Match required)",
      request: { params: IdParams, body: jsonBody(ObligationPatchSchema) },
      responses: { 200: json(ObligationSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, OBLIGATION);
      return jsonWithVersion(
        c,
        await updateObligation(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  );

const submissionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/submissions",
      tags: ["Reporting"],
      summary:
        "Reports the reader may see: their organisation's, and those addressed to bodies they review for",
      request: { query: SubmissionListQuerySchema },
      responses: { 200: json(SubmissionListSchema, "A page of submissions"), ...problemResponses },
    }),
    async (c) => c.json(await listSubmissions(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions",
      tags: ["Reporting"],
      summary: "Start a report for a period, addressed to the bodies the organisation reports to",
      request: { body: jsonBody(SubmissionInputSchema) },
      responses: { 201: json(SubmissionSchema, "Created as a draft"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createSubmission(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/submissions/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/submissions/{id}",
      tags: ["Reporting"],
      summary: "A report with each body's review and its submitted versions",
      request: { params: IdParams },
      responses: {
        200: json(SubmissionSchema, "The submission; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getSubmission(serviceContext(c), recordId(c.req.valid("param").id, SUBMISSION)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/submissions/{id}",
      tags: ["Reporting"],
      summary: "Save the sections of a draft or returned report (If-Match required)",
      request: { params: IdParams, body: jsonBody(SubmissionPatchSchema) },
      responses: { 200: json(SubmissionSchema, "Saved") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      return jsonWithVersion(
        c,
        await updateSubmission(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/submissions/{id}",
      tags: ["Reporting"],
      summary: "Delete a draft never submitted (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteSubmission(ctx, recordId(c.req.valid("param").id, SUBMISSION), expectedVersion(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/submissions/{id}/submit",
      tags: ["Reporting"],
      summary: "Submit the report as read (If-Match) to every body that has it as a draft or returned it",
      request: { params: IdParams },
      responses: { 200: json(SubmissionSchema, "Submitted") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      return jsonWithVersion(c, await submitSubmission(ctx, id, expectedVersion(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions/{id}/return",
      tags: ["Reporting"],
      summary: "Return the report to its organisation, for one body, with comments per section",
      request: { params: IdParams, body: jsonBody(ReviewInputSchema) },
      responses: { 200: json(SubmissionSchema, "Returned"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      return jsonWithVersion(
        c,
        await reviewSubmission(serviceContext(c), id, "return", c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions/{id}/accept",
      tags: ["Reporting"],
      summary: "Accept the report for one body (locked for that body)",
      request: { params: IdParams, body: jsonBody(ReviewInputSchema) },
      responses: { 200: json(SubmissionSchema, "Accepted"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      return jsonWithVersion(
        c,
        await reviewSubmission(serviceContext(c), id, "accept", c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions/{id}/reopen",
      tags: ["Reporting"],
      summary: "Reopen an accepted report for one body, with a reason (returns it to the organisation)",
      request: { params: IdParams, body: jsonBody(ReopenInputSchema) },
      responses: { 200: json(SubmissionSchema, "Reopened"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, SUBMISSION);
      return jsonWithVersion(
        c,
        await reviewSubmission(serviceContext(c), id, "reopen", c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/submissions/{id}/versions/{number}",
      tags: ["Reporting"],
      summary: "The sections as submitted the n-th time",
      request: { params: VersionParams },
      responses: { 200: json(SubmissionVersionSchema, "The version"), ...problemResponses },
    }),
    async (c) => {
      const { id, number } = c.req.valid("param");
      return c.json(await getSubmissionVersion(serviceContext(c), recordId(id, SUBMISSION), number), 200);
    },
  );

export const reportingRoutes = createRouter()
  .route("/", bodyRoutes)
  .route("/", obligationRoutes)
  .route("/", submissionRoutes)
  .route("/", submissionFileRoutes)
  .route("/", timelinessRoutes)
  .route("/", reportingDemoRoutes);
