// HTTP for partnerships: list, read, create, edit (fields, objectives, period, linked agreements and programmes),
// delete; members with their roles; the members' work side by side, their overlaps and joint events.
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
import { addMember, MEMBER_LABEL, removeMember, updateMember } from "./members.service";
import { getPartnershipWork } from "./partnership-work.service";
import {
  MemberInputSchema,
  MemberPatchSchema,
  MemberSchema,
  PartnershipInputSchema,
  PartnershipListQuerySchema,
  PartnershipPatchSchema,
  PartnershipSchema,
  PartnershipSummarySchema,
  PartnershipWorkSchema,
} from "./partnerships.schema";
import {
  createPartnership,
  deletePartnership,
  getPartnership,
  listPartnerships,
  PARTNERSHIP_LABEL,
  updatePartnership,
} from "./partnerships.service";

const IdParams = z.object({ id: z.string().max(64) });
const MemberParams = IdParams.extend({ memberId: z.string().max(64) });
const tags = ["Partnerships"];

export const partnershipRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/partnerships",
      tags,
      summary: "Partnerships (coalitions, platforms, consortia, networks) with their members, by name",
      request: { query: PartnershipListQuerySchema },
      responses: { 200: json(z.array(PartnershipSummarySchema), "Partnerships"), ...problemResponses },
    }),
    async (c) => c.json(await listPartnerships(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/partnerships",
      tags,
      summary:
        "Create a partnership with its members and roles, objectives, period as written, and the agreements and programmes that belong to it",
      request: { body: jsonBody(PartnershipInputSchema) },
      responses: { 201: json(PartnershipSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createPartnership(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/partnerships/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/partnerships/{id}",
      tags,
      summary: "A partnership with its members, objectives, period and linked agreements and programmes",
      request: { params: IdParams },
      responses: {
        200: json(PartnershipSchema, "The partnership; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getPartnership(serviceContext(c), recordId(c.req.valid("param").id, PARTNERSHIP_LABEL)),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/partnerships/{id}/work",
      tags,
      summary:
        "The members' programmes and agreements with their themes and places, where two or more members work on the same theme in the same district (from the 3W), and their joint events",
      request: { params: IdParams },
      responses: { 200: json(PartnershipWorkSchema, "The members' work"), ...problemResponses },
    }),
    async (c) =>
      c.json(
        await getPartnershipWork(serviceContext(c), recordId(c.req.valid("param").id, PARTNERSHIP_LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/partnerships/{id}",
      tags,
      summary:
        "Change a partnership's name, kind, description, objectives, period, or its agreements and programmes (each a whole list) (If-Match required)",
      request: { params: IdParams, body: jsonBody(PartnershipPatchSchema) },
      responses: { 200: json(PartnershipSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, PARTNERSHIP_LABEL);
      return jsonWithVersion(
        c,
        await updatePartnership(serviceContext(c), id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/partnerships/{id}",
      tags,
      summary:
        "Delete a partnership with its members and links; its agreements and programmes stay (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deletePartnership(
        serviceContext(c),
        recordId(c.req.valid("param").id, PARTNERSHIP_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/partnerships/{id}/members",
      tags,
      summary:
        "Add an organisation of the register as a member with its role (lead, secretariat, member, donor, observer)",
      request: { params: IdParams, body: jsonBody(MemberInputSchema) },
      responses: { 201: json(MemberSchema, "Added"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, PARTNERSHIP_LABEL);
      return jsonWithVersion(c, await addMember(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/partnerships/{id}/members/{memberId}",
      tags,
      summary: "Change a member's role (If-Match required)",
      request: { params: MemberParams, body: jsonBody(MemberPatchSchema) },
      responses: { 200: json(MemberSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      return jsonWithVersion(
        c,
        await updateMember(
          serviceContext(c),
          recordId(params.id, PARTNERSHIP_LABEL),
          recordId(params.memberId, MEMBER_LABEL),
          version,
          c.req.valid("json"),
        ),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/partnerships/{id}/members/{memberId}",
      tags,
      summary: "Remove a member (If-Match required)",
      request: { params: MemberParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      await removeMember(
        serviceContext(c),
        recordId(params.id, PARTNERSHIP_LABEL),
        recordId(params.memberId, MEMBER_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  );
