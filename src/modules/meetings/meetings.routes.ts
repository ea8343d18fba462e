// HTTP for district meetings: plan one (agenda generated), read, edit (agenda, date, minutes, decisions, held),
// regenerate the agenda, its action items, and the agenda as a Word file.
import { createRoute, z } from "@hono/zod-openapi";
import { downloadResponse } from "../../kernel/files";
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
import { addActionItem, removeActionItem, updateActionItem } from "./action-items.service";
import { DOCX_CONTENT_TYPE, exportAgendaDocx } from "./meetings.export";
import {
  ActionItemInputSchema,
  ActionItemPatchSchema,
  ActionItemSchema,
  AgendaExportQuerySchema,
  MeetingInputSchema,
  MeetingListQuerySchema,
  MeetingPatchSchema,
  MeetingSchema,
  MeetingSummarySchema,
} from "./meetings.schema";
import {
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetings,
  MEETING_LABEL,
  regenerateAgenda,
  updateMeeting,
} from "./meetings.service";

const IdParams = z.object({ id: z.string().max(64) });
const ItemParams = IdParams.extend({ itemId: z.string().max(64) });
const ITEM_LABEL = "The action item";
const binary = z.string().openapi({ format: "binary" });

export const meetingRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/meetings",
      tags: ["Meetings"],
      summary:
        "District meetings (JRLOS coordination committee, JADF) the caller may see, newest quarter first",
      request: { query: MeetingListQuerySchema },
      responses: { 200: json(z.array(MeetingSummarySchema), "Meetings"), ...problemResponses },
    }),
    async (c) => c.json(await listMeetings(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/meetings",
      tags: ["Meetings"],
      summary:
        "Plan a district body's meeting for a quarter; its agenda is generated from late and missing reports, hindrances raised, open action items of the last meeting, expiring agreements and gaps",
      request: { body: jsonBody(MeetingInputSchema) },
      responses: { 201: json(MeetingSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createMeeting(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/meetings/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/meetings/{id}",
      tags: ["Meetings"],
      summary: "A meeting with its agenda, minutes, decisions and action items",
      request: { params: IdParams },
      responses: { 200: json(MeetingSchema, "The meeting; ETag carries its version"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getMeeting(serviceContext(c), recordId(c.req.valid("param").id, MEETING_LABEL)),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/meetings/{id}",
      tags: ["Meetings"],
      summary:
        "Change the date, status, minutes, decisions or the agenda (the whole list in its new order: items by id kept or reworded, new ones with their text, those left out removed) (If-Match required)",
      request: { params: IdParams, body: jsonBody(MeetingPatchSchema) },
      responses: { 200: json(MeetingSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, MEETING_LABEL);
      return jsonWithVersion(
        c,
        await updateMeeting(serviceContext(c), id, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/meetings/{id}",
      tags: ["Meetings"],
      summary: "Delete a meeting with its action items (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      await deleteMeeting(serviceContext(c), recordId(c.req.valid("param").id, MEETING_LABEL), version);
      return c.body(null, 204);
    },
  )
  .openapi(
    versionedRoute({
      method: "post",
      path: "/api/meetings/{id}/agenda/generate",
      tags: ["Meetings"],
      summary:
        "Generate the agenda again from today's records; items added by hand stay after the generated ones (If-Match required)",
      request: { params: IdParams },
      responses: { 200: json(MeetingSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const id = recordId(c.req.valid("param").id, MEETING_LABEL);
      return jsonWithVersion(c, await regenerateAgenda(serviceContext(c), id, version), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/meetings/{id}/agenda.docx",
      tags: ["Meetings"],
      summary: "The agenda as a Word file, headings and generated items in the chosen language (en, fr, rw)",
      request: { params: IdParams, query: AgendaExportQuerySchema },
      responses: {
        200: {
          description: "The agenda, as an attachment",
          content: { [DOCX_CONTENT_TYPE]: { schema: binary } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, MEETING_LABEL);
      const file = await exportAgendaDocx(serviceContext(c), id, c.req.valid("query"));
      return downloadResponse({ bytes: file.bytes, contentType: file.contentType, fileName: file.fileName });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/meetings/{id}/action-items",
      tags: ["Meetings"],
      summary: "Add an action item (owner organisation, text, due date)",
      request: { params: IdParams, body: jsonBody(ActionItemInputSchema) },
      responses: { 201: json(ActionItemSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, MEETING_LABEL);
      return jsonWithVersion(c, await addActionItem(serviceContext(c), id, c.req.valid("json")), 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/meetings/{id}/action-items/{itemId}",
      tags: ["Meetings"],
      summary: "Change an action item: owner, text, due date, open/done/dropped (If-Match required)",
      request: { params: ItemParams, body: jsonBody(ActionItemPatchSchema) },
      responses: { 200: json(ActionItemSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      const id = recordId(params.id, MEETING_LABEL);
      const itemId = recordId(params.itemId, ITEM_LABEL);
      return jsonWithVersion(
        c,
        await updateActionItem(serviceContext(c), id, itemId, version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/meetings/{id}/action-items/{itemId}",
      tags: ["Meetings"],
      summary: "Remove an action item (If-Match required)",
      request: { params: ItemParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const params = c.req.valid("param");
      await removeActionItem(
        serviceContext(c),
        recordId(params.id, MEETING_LABEL),
        recordId(params.itemId, ITEM_LABEL),
        version,
      );
      return c.body(null, 204);
    },
  );
