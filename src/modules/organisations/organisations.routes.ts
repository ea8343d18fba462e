// HTTP for organisations and memberships: one route definition per endpoint, each calling the service.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  IfMatchHeaderSchema,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { AuditEntrySchema } from "../audit";
import {
  addContactPerson,
  listContactPersons,
  removeContactPerson,
  updateContactPerson,
} from "./contact-persons.service";
import { addMembership, removeMembership, updateMembership } from "./memberships.service";
import {
  ContactPersonInputSchema,
  ContactPersonListSchema,
  ContactPersonPatchSchema,
  ContactPersonSchema,
  MembershipInputSchema,
  MembershipSchema,
  OrganisationDetailSchema,
  OrganisationInputSchema,
  OrganisationListQuerySchema,
  OrganisationListSchema,
  OrganisationPatchSchema,
  OrganisationSchema,
} from "./organisations.schema";
import {
  changeOrganisationStatus,
  createOrganisation,
  deleteOrganisation,
  getOrganisation,
  getOrganisationHistory,
  listOrganisations,
  updateOrganisation,
} from "./organisations.service";

const tags = ["Organisations"];
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Organisation id (uuid)" }) });
const MembershipParams = IdParams.extend({ membershipId: z.string().max(64) });
const ContactPersonParams = IdParams.extend({
  contactId: z.string().max(64).openapi({ description: "Contact person id (uuid)" }),
});
const CONTACT_LABEL = "The contact person";
const LABEL = "The organisation";

export const organisationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/organisations",
      tags,
      summary: "List and search organisations (misspellings, accents and case tolerated)",
      request: { query: OrganisationListQuerySchema },
      responses: { 200: json(OrganisationListSchema, "A page of organisations"), ...problemResponses },
    }),
    async (c) => c.json(await listOrganisations(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/organisations",
      tags,
      summary: "Register an organisation",
      request: { body: jsonBody(OrganisationInputSchema) },
      responses: { 201: json(OrganisationSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createOrganisation(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/organisations/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/organisations/{id}",
      tags,
      summary: "An organisation with its memberships",
      request: { params: IdParams },
      responses: {
        200: json(OrganisationDetailSchema, "The organisation; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const detail = await getOrganisation(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, detail, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/organisations/{id}",
      tags,
      summary: "Change some fields (If-Match required)",
      request: { params: IdParams, body: jsonBody(OrganisationPatchSchema) },
      responses: { 200: json(OrganisationSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateOrganisation(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/organisations/{id}",
      tags,
      summary: "Delete an organisation (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteOrganisation(ctx, recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/organisations/{id}/deactivate",
      tags,
      summary:
        "Deactivate as of today (If-Match required): its reporting obligations expect no report for later periods",
      description:
        "Administrators and coordinators. Reports of periods starting on or before the day of deactivation stay expected and counted; the obligations list says they are paused.",
      request: { params: IdParams },
      responses: { 200: json(OrganisationSchema, "Deactivated") },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await changeOrganisationStatus(serviceContext(c), id, expectedVersion(c), "deactivate");
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/organisations/{id}/reactivate",
      tags,
      summary: "Reactivate (If-Match required): its reporting obligations expect reports again",
      request: { params: IdParams },
      responses: { 200: json(OrganisationSchema, "Reactivated") },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await changeOrganisationStatus(serviceContext(c), id, expectedVersion(c), "reactivate");
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/organisations/{id}/history",
      tags,
      summary: "Who changed what and when, newest first",
      request: { params: IdParams },
      responses: {
        200: json(z.object({ items: z.array(AuditEntrySchema) }), "History entries"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const items = await getOrganisationHistory(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/organisations/{id}/memberships",
      tags,
      summary: "Add a membership of this organisation in a network or association",
      request: { params: IdParams, body: jsonBody(MembershipInputSchema) },
      responses: { 201: json(MembershipSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const created = await addMembership(ctx, recordId(c.req.valid("param").id, LABEL), c.req.valid("json"));
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/api/organisations/{id}/memberships/{membershipId}",
      tags,
      summary: "Replace a membership (If-Match required)",
      request: {
        params: MembershipParams,
        headers: IfMatchHeaderSchema,
        body: jsonBody(MembershipInputSchema),
      },
      responses: { 200: json(MembershipSchema, "Updated"), ...versionedProblemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const { id, membershipId } = c.req.valid("param");
      const updated = await updateMembership(
        ctx,
        recordId(id, LABEL),
        recordId(membershipId, "The membership"),
        expectedVersion(c),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/organisations/{id}/memberships/{membershipId}",
      tags,
      summary: "Remove a membership (If-Match required)",
      request: { params: MembershipParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const { id, membershipId } = c.req.valid("param");
      await removeMembership(
        ctx,
        recordId(id, LABEL),
        recordId(membershipId, "The membership"),
        expectedVersion(c),
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/organisations/{id}/contacts",
      tags,
      summary: "The organisation's contact persons, in the order they were recorded",
      request: { params: IdParams },
      responses: { 200: json(ContactPersonListSchema, "Contact persons"), ...problemResponses },
    }),
    async (c) => {
      const items = await listContactPersons(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/organisations/{id}/contacts",
      tags,
      summary: "Add a contact person (name, function, email, phone); who may edit the organisation",
      request: { params: IdParams, body: jsonBody(ContactPersonInputSchema) },
      responses: {
        201: json(ContactPersonSchema, "Added; ETag carries its version"),
        ...versionedProblemResponses,
      },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const created = await addContactPerson(ctx, id, c.req.valid("json"));
      c.header("Location", `/api/organisations/${id}/contacts/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/organisations/{id}/contacts/{contactId}",
      tags,
      summary: "Change some fields of a contact person (If-Match required)",
      request: { params: ContactPersonParams, body: jsonBody(ContactPersonPatchSchema) },
      responses: { 200: json(ContactPersonSchema, "Changed") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const version = expectedVersion(c);
      const { id, contactId } = c.req.valid("param");
      const updated = await updateContactPerson(
        ctx,
        recordId(id, LABEL),
        recordId(contactId, CONTACT_LABEL),
        version,
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/organisations/{id}/contacts/{contactId}",
      tags,
      summary: "Remove a contact person (If-Match required)",
      request: { params: ContactPersonParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const version = expectedVersion(c);
      const { id, contactId } = c.req.valid("param");
      await removeContactPerson(ctx, recordId(id, LABEL), recordId(contactId, CONTACT_LABEL), version);
      return c.body(null, 204);
    },
  );
