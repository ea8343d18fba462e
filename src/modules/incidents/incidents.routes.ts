// HTTP for confidential incidents: list and record them, read one (audited), change it, the persons in it and their
// consent, who accessed it, and emergency access (break-the-glass).
import { createRoute, z } from "@hono/zod-openapi";
import { attachmentDisposition, downloadResponse } from "../../kernel/files";
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
  addIncidentAttachment,
  getIncidentAttachmentFile,
  removeIncidentAttachment,
} from "./incident-attachments.service";
import {
  addPerson,
  recordConsent,
  removePerson,
  updatePerson,
  withdrawConsent,
} from "./incident-persons.service";
import { IncidentStatisticsQuerySchema, IncidentStatisticsSchema } from "./incident-statistics.schema";
import { getIncidentStatistics } from "./incident-statistics.service";
import {
  AccessLogEntrySchema,
  BreakGlassInputSchema,
  ConsentInputSchema,
  ConsentWithdrawalSchema,
  IncidentAttachmentSchema,
  IncidentInputSchema,
  IncidentListQuerySchema,
  IncidentListSchema,
  IncidentPatchSchema,
  IncidentSchema,
  LinkableSubmissionsQuerySchema,
  LinkableSubmissionsSchema,
  PersonInputSchema,
  PersonPatchSchema,
  PersonSchema,
  SubjectAccessExportSchema,
} from "./incidents.schema";
import {
  breakGlassIncident,
  createIncident,
  getIncident,
  getIncidentAccessLog,
  INCIDENT_LABEL,
  listIncidents,
  listLinkableSubmissions,
  updateIncident,
} from "./incidents.service";
import { exportSubjectAccess } from "./subject-access.service";

const IdParams = z.object({ id: z.string().max(64) });
const PersonParams = IdParams.extend({ personId: z.string().max(64) });
const ConsentParams = PersonParams.extend({ consentId: z.string().max(64) });
const PERSON_LABEL = "The person";
const AttachmentParams = IdParams.extend({ attachmentId: z.string().max(64) });
const binary = z.string().openapi({ format: "binary" });
const MB = MAX_UPLOAD_BYTES / (1024 * 1024);
const UploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `PDF, DOCX, XLSX, PNG, JPEG or WebP, at most ${MB} MB; the type is read from the bytes`,
  }),
});
const tags = ["Incidents"];

export const incidentRoutes = createRouter()
  // Before /api/incidents/{id}, which would take "statistics" or "linkable-submissions" for an id.
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/statistics",
      tags,
      summary:
        'Counts of incidents and victims by kind, district, month, sex and age group, small cells suppressed ("<5") with their complements, so that no two answers reveal one',
      request: { query: IncidentStatisticsQuerySchema },
      responses: { 200: json(IncidentStatisticsSchema, "Counts"), ...problemResponses },
    }),
    async (c) => c.json(await getIncidentStatistics(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/linkable-submissions",
      tags,
      summary:
        "The reporting organisation's periodic reports (period and state, newest first) that an incident may be linked to, for those who record its incidents",
      request: { query: LinkableSubmissionsQuerySchema },
      responses: { 200: json(LinkableSubmissionsSchema, "Periodic reports"), ...problemResponses },
    }),
    async (c) =>
      c.json(await listLinkableSubmissions(serviceContext(c), c.req.valid("query").organisationId), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents",
      tags,
      summary:
        "Incidents the caller may read (their organisation's, or their district's), newest first; pseudonymous, no description; the search itself is audited",
      request: { query: IncidentListQuerySchema },
      responses: { 200: json(IncidentListSchema, "Incidents"), ...problemResponses },
    }),
    async (c) => c.json(await listIncidents(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents",
      tags,
      summary:
        "Record an incident with the persons in it (names and contacts only for roles that may write them: 403 naming the field otherwise)",
      request: { body: jsonBody(IncidentInputSchema) },
      responses: { 201: json(IncidentSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createIncident(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/incidents/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/{id}",
      tags,
      summary:
        "One incident with its persons and consent; names and contacts only with the identity permission (the keys are absent otherwise); every read is audited",
      request: { params: IdParams },
      responses: { 200: json(IncidentSchema, "The incident; ETag carries its version"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getIncident(serviceContext(c), recordId(c.req.valid("param").id, INCIDENT_LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/incidents/{id}",
      tags,
      summary:
        "Change an incident's facts, close it with a reason or reopen it, place a legal hold (If-Match required)",
      request: { params: IdParams, body: jsonBody(IncidentPatchSchema) },
      responses: { 200: json(IncidentSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, INCIDENT_LABEL);
      return jsonWithVersion(
        c,
        await updateIncident(serviceContext(c), id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents/{id}/persons",
      tags,
      summary: "Add a person in a role (victim, alleged perpetrator, witness) under a new pseudonymous code",
      request: { params: IdParams, body: jsonBody(PersonInputSchema) },
      responses: { 201: json(PersonSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, INCIDENT_LABEL);
      return jsonWithVersion(c, await addPerson(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/incidents/{id}/persons/{personId}",
      tags,
      summary:
        "Change a person's role, profile or (with the permission) name and contact (If-Match required)",
      request: { params: PersonParams, body: jsonBody(PersonPatchSchema) },
      responses: { 200: json(PersonSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      return jsonWithVersion(
        c,
        await updatePerson(
          serviceContext(c),
          recordId(params.id, INCIDENT_LABEL),
          recordId(params.personId, PERSON_LABEL),
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
      path: "/api/incidents/{id}/persons/{personId}",
      tags,
      summary:
        "Remove a person recorded by mistake, with their identity and consent (not one referred) (If-Match required)",
      request: { params: PersonParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      await removePerson(
        serviceContext(c),
        recordId(params.id, INCIDENT_LABEL),
        recordId(params.personId, PERSON_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents/{id}/persons/{personId}/consents",
      tags,
      summary:
        "Record a consent or a refusal: how, when, by whom (a guardian for a child under 16), for what (referral, sharing with named bodies, statistics)",
      request: { params: PersonParams, body: jsonBody(ConsentInputSchema) },
      responses: { 201: json(PersonSchema, "The person with the new record"), ...versionedProblemResponses },
    }),
    async (c) => {
      const params = c.req.valid("param");
      return jsonWithVersion(
        c,
        await recordConsent(
          serviceContext(c),
          recordId(params.id, INCIDENT_LABEL),
          recordId(params.personId, PERSON_LABEL),
          c.req.valid("json"),
        ),
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents/{id}/persons/{personId}/consents/{consentId}/withdrawal",
      tags,
      summary: "Withdraw a consent from a day on (today or later; what was done before stands)",
      request: { params: ConsentParams, body: jsonBody(ConsentWithdrawalSchema) },
      responses: { 200: json(PersonSchema, "The person"), ...versionedProblemResponses },
    }),
    async (c) => {
      const params = c.req.valid("param");
      return jsonWithVersion(
        c,
        await withdrawConsent(
          serviceContext(c),
          recordId(params.id, INCIDENT_LABEL),
          recordId(params.personId, PERSON_LABEL),
          recordId(params.consentId, "The consent"),
          c.req.valid("json"),
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/{id}/access-log",
      tags,
      summary:
        "Who accessed this record: every read and change, with when, the request id and the reason given",
      request: { params: IdParams },
      responses: {
        200: json(z.array(AccessLogEntrySchema), "Reads and changes, newest first"),
        ...problemResponses,
      },
    }),
    async (c) =>
      c.json(
        await getIncidentAccessLog(serviceContext(c), recordId(c.req.valid("param").id, INCIDENT_LABEL)),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents/{id}/break-glass",
      tags,
      summary:
        "Emergency access for an incident reviewer to one incident outside their scope: reason required, three hours, audited; 404 for anyone else",
      request: { params: IdParams, body: jsonBody(BreakGlassInputSchema) },
      responses: {
        200: json(IncidentSchema, "The incident, with breakGlassUntil"),
        ...versionedProblemResponses,
      },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await breakGlassIncident(
          serviceContext(c),
          recordId(c.req.valid("param").id, INCIDENT_LABEL),
          c.req.valid("json"),
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incident-persons/{code}/subject-access",
      tags,
      summary:
        "Everything held about one person (by pseudonymous code) and who accessed it, as a JSON file: the right of access of law No 058/2021; case holders only",
      request: { params: z.object({ code: z.string().max(20) }) },
      responses: {
        200: json(SubjectAccessExportSchema, "The export, as an attachment"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const code = c.req.valid("param").code;
      const data = await exportSubjectAccess(serviceContext(c), code);
      c.header("content-disposition", attachmentDisposition(`subject-access-${code}.json`));
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/incidents/{id}/attachments",
      tags,
      summary: `Keep a file with an incident: PDF, DOCX, XLSX or image, at most ${MB} MB, its type read from its bytes`,
      request: {
        params: IdParams,
        body: { required: true, content: { "multipart/form-data": { schema: UploadSchema } } },
      },
      responses: {
        201: json(IncidentAttachmentSchema, "Stored"),
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
      const id = recordId(c.req.valid("param").id, INCIDENT_LABEL);
      const created = await addIncidentAttachment(serviceContext(c), id, {
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      c.header("Location", `/api/incidents/${id}/attachments/${created.id}`);
      const { sha256: _hash, ...shown } = created;
      return c.json(shown, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/incidents/{id}/attachments/{attachmentId}",
      tags,
      summary: "Download a file of an incident (the download is audited as a read)",
      request: { params: AttachmentParams },
      responses: {
        200: { description: "The file's bytes", content: { "application/octet-stream": { schema: binary } } },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const file = await getIncidentAttachmentFile(
        serviceContext(c),
        recordId(id, INCIDENT_LABEL),
        recordId(attachmentId, "The file"),
      );
      return downloadResponse({ bytes: file.data, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/incidents/{id}/attachments/{attachmentId}",
      tags,
      summary: "Remove a file from an incident (If-Match required)",
      request: { params: AttachmentParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const version = expectedVersion(c);
      await removeIncidentAttachment(
        serviceContext(c),
        recordId(id, INCIDENT_LABEL),
        recordId(attachmentId, "The file"),
        version,
      );
      return c.body(null, 204);
    },
  );
