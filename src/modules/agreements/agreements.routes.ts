// HTTP for the agreements register: one route definition per endpoint, each calling the service.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  etagOf,
  expectedVersion,
  IfMatchHeaderSchema,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
} from "../../server/http";
import { AuditEntrySchema } from "../audit";
import {
  AgreementDetailSchema,
  AgreementInputSchema,
  AgreementListQuerySchema,
  AgreementListSchema,
  AgreementPatchSchema,
  CommitmentInputSchema,
  CommitmentPatchSchema,
  CommitmentSchema,
  CooperationOverviewQuerySchema,
  CooperationOverviewSchema,
  ProgressEntryInputSchema,
  ProgressEntryPatchSchema,
  ProgressEntrySchema,
  StatusChangeInputSchema,
  ThemeInputSchema,
  ThemeSchema,
} from "./agreements.schema";
import {
  addCommitment,
  addProgressEntry,
  changeAgreementStatus,
  createAgreement,
  createTheme,
  deleteAgreement,
  getAgreement,
  getAgreementHistory,
  getCooperationOverview,
  listAgreements,
  listThemes,
  removeCommitment,
  removeProgressEntry,
  updateAgreement,
  updateCommitment,
  updateProgressEntry,
} from "./agreements.service";

const tags = ["Agreements"];
const LABEL = "The agreement";
const IdParams = z.object({ id: z.string().openapi({ description: "Agreement id (uuid)" }) });
const CommitmentParams = IdParams.extend({ commitmentId: z.string() });
const EntryParams = IdParams.extend({ entryId: z.string() });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
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
      c.header("ETag", etagOf(created.version));
      return c.json(created, 201);
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
      c.header("ETag", etagOf(detail.version));
      return c.json(detail, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/agreements/{id}",
      tags,
      summary: "Change fields; parties, themes and areas given are replaced (If-Match required)",
      request: { params: IdParams, headers: IfMatchHeaderSchema, body: jsonBody(AgreementPatchSchema) },
      responses: { 200: json(AgreementDetailSchema, "Updated"), ...versionedProblemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateAgreement(ctx, id, expectedVersion(c), c.req.valid("json"));
      c.header("ETag", etagOf(updated.version));
      return c.json(updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/agreements/{id}",
      tags,
      summary: "Delete an agreement (If-Match required)",
      request: { params: IdParams, headers: IfMatchHeaderSchema },
      responses: { 204: { description: "Deleted" }, ...versionedProblemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteAgreement(ctx, recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/agreements/{id}/status",
      tags,
      summary: "Move the agreement to another status, with a reason (If-Match required)",
      request: { params: IdParams, headers: IfMatchHeaderSchema, body: jsonBody(StatusChangeInputSchema) },
      responses: { 200: json(AgreementDetailSchema, "Changed"), ...versionedProblemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await changeAgreementStatus(ctx, id, expectedVersion(c), c.req.valid("json"));
      c.header("ETag", etagOf(updated.version));
      return c.json(updated, 200);
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
      c.header("ETag", etagOf(created.version));
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/agreements/{id}/commitments/{commitmentId}",
      tags,
      summary: "Change a commitment, e.g. its status (If-Match required)",
      request: {
        params: CommitmentParams,
        headers: IfMatchHeaderSchema,
        body: jsonBody(CommitmentPatchSchema),
      },
      responses: { 200: json(CommitmentSchema, "Updated"), ...versionedProblemResponses },
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
      c.header("ETag", etagOf(updated.version));
      return c.json(updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/agreements/{id}/commitments/{commitmentId}",
      tags,
      summary: "Remove a commitment (If-Match required)",
      request: { params: CommitmentParams, headers: IfMatchHeaderSchema },
      responses: { 204: { description: "Removed" }, ...versionedProblemResponses },
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
      c.header("ETag", etagOf(created.version));
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/api/agreements/{id}/progress/{entryId}",
      tags,
      summary: "Change a progress entry, e.g. mark a planned activity done (If-Match required)",
      request: {
        params: EntryParams,
        headers: IfMatchHeaderSchema,
        body: jsonBody(ProgressEntryPatchSchema),
      },
      responses: { 200: json(ProgressEntrySchema, "Updated"), ...versionedProblemResponses },
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
      c.header("ETag", etagOf(updated.version));
      return c.json(updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api/agreements/{id}/progress/{entryId}",
      tags,
      summary: "Remove a progress entry (If-Match required)",
      request: { params: EntryParams, headers: IfMatchHeaderSchema },
      responses: { 204: { description: "Removed" }, ...versionedProblemResponses },
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
      method: "get",
      path: "/api/themes",
      tags,
      summary: "Themes in the three languages",
      responses: { 200: json(z.object({ items: z.array(ThemeSchema) }), "Themes"), ...problemResponses },
    }),
    async (c) => c.json({ items: await listThemes(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/themes",
      tags,
      summary: "Add a theme (administrators and coordinators)",
      request: { body: jsonBody(ThemeInputSchema) },
      responses: { 201: json(ThemeSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => c.json(await createTheme(serviceContext(c), c.req.valid("json")), 201),
  );
