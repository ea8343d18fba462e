// HTTP for referrals: one route definition per endpoint, each calling the service; the provider's email goes out
// after the referral commits.
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
import {
  FollowUpInputSchema,
  ReferralInputSchema,
  ReferralListQuerySchema,
  ReferralListSchema,
  ReferralSchema,
  ReferralSummarySchema,
  ReferralTransitionSchema,
} from "./incidents.schema";
import {
  addReferralFollowUp,
  changeReferralStatus,
  createReferral,
  getReferral,
  listIncidentReferrals,
  listReferrals,
} from "./referrals.service";

const tags = ["Referrals"];
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Referral id (uuid)" }) });
const IncidentParams = z.object({ id: z.string().max(64).openapi({ description: "Incident id (uuid)" }) });
const LABEL = "The referral";

export const referralRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/referrals",
      tags,
      summary:
        "Referrals in the caller's scope, newest first: received (addressed to their organisation), sent, or all",
      description: "Every call is written to the audit log with the ids it showed.",
      request: { query: ReferralListQuerySchema },
      responses: { 200: json(ReferralListSchema, "A page of referrals"), ...problemResponses },
    }),
    async (c) => c.json(await listReferrals(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/referrals",
      tags,
      summary:
        "Refer a person of an incident to a service provider (needs their consent, or a vital-interest override)",
      description:
        "422 `consent` when the person's consent in force today does not allow referral (none, refused, withdrawn, or a child under 16 without a guardian's); a `vitalInterestReason` overrides it for case workers and incident reviewers in the incident's scope, 403 naming it for anyone else. The provider's contact address is emailed that a referral arrived, with nothing about the person.",
      request: { body: jsonBody(ReferralInputSchema) },
      responses: { 201: json(ReferralSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createReferral(serviceContext(c), c.get("accountLinks"), c.req.valid("json"));
      c.get("mailer").deliverSoon();
      c.header("Location", `/api/referrals/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/referrals/{id}",
      tags,
      summary: "One referral with the person's profile (name and contact only with the identity permission)",
      request: { params: IdParams },
      responses: { 200: json(ReferralSchema, "The referral; ETag carries its version"), ...problemResponses },
    }),
    async (c) => {
      const referral = await getReferral(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, referral, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/referrals/{id}",
      tags,
      summary:
        "Move a referral on: accept, decline (with a reason), in progress, completed, closed (If-Match required)",
      description:
        "Forward only; 409 naming `status` otherwise. Accepting, declining and progress are for the provider's case workers; either side closes.",
      request: { params: IdParams, body: jsonBody(ReferralTransitionSchema) },
      responses: { 200: json(ReferralSchema, "Moved on") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await changeReferralStatus(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/referrals/{id}/follow-ups",
      tags,
      summary:
        "Record a follow-up (date and note) while the referral is accepted or in progress; the first moves it to in progress",
      request: { params: IdParams, body: jsonBody(FollowUpInputSchema) },
      responses: {
        201: json(ReferralSchema, "The referral with its follow-ups"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      return jsonWithVersion(c, await addReferralFollowUp(ctx, id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/{id}/referrals",
      tags,
      summary: "The referrals of one incident that the caller may see",
      request: { params: IncidentParams },
      responses: { 200: json(z.array(ReferralSummarySchema), "Newest first"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, "The incident");
      return c.json(await listIncidentReferrals(serviceContext(c), id), 200);
    },
  );
