// HTTP for a programme's events: record one, change it (If-Match), remove it (If-Match).
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
  versionedRoute,
} from "../../server/http";
import { recordEvent, removeEvent, updateEvent } from "./events.service";
import { EventInputSchema, EventPatchSchema, ProgrammeEventSchema } from "./programmes.schema";

const tags = ["Programmes"];
const LABEL = "The programme";
const EVENT = "The event";
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Programme id (uuid)" }) });
const EventParams = IdParams.extend({ eventId: z.string().max(64) });

export const eventRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/{id}/events",
      tags,
      summary:
        "Record an event with participants by category and sex; it feeds the indicators it is linked to",
      request: { params: IdParams, body: jsonBody(EventInputSchema) },
      responses: { 201: json(ProgrammeEventSchema, "Recorded"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, LABEL);
      const event = await recordEvent(serviceContext(c), id, c.req.valid("json"));
      return jsonWithVersion(c, event, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/programmes/{id}/events/{eventId}",
      tags,
      summary:
        "Change an event: dates, places, organisers, participants by category and sex; the results it gives follow (If-Match required)",
      request: { params: EventParams, body: jsonBody(EventPatchSchema) },
      responses: { 200: json(ProgrammeEventSchema, "Changed") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      const event = await updateEvent(
        serviceContext(c),
        recordId(p.id, LABEL),
        recordId(p.eventId, EVENT),
        version,
        c.req.valid("json"),
      );
      return jsonWithVersion(c, event, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/programmes/{id}/events/{eventId}",
      tags,
      summary: "Remove an event and the results it gave (If-Match required)",
      request: { params: EventParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const version = expectedVersion(c);
      const p = c.req.valid("param");
      await removeEvent(serviceContext(c), recordId(p.id, LABEL), recordId(p.eventId, EVENT), version);
      return c.body(null, 204);
    },
  );
