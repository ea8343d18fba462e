// HTTP for the outbox: administrators list the messages the app sent or holds, and open one.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, recordId, serviceContext } from "../../server/http";
import { OutboxListSchema, OutboxMessageSchema } from "./mail.schema";
import { getOutboxMessage, listOutboxMessages } from "./mail.service";

export const mailRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/outbox",
      tags: ["Access"],
      summary: "Outgoing email, newest first, and whether a mail server sends it (administrators)",
      responses: { 200: json(OutboxListSchema, "Messages"), ...problemResponses },
    }),
    async (c) => c.json(await listOutboxMessages(serviceContext(c), c.get("mailer")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/outbox/{id}",
      tags: ["Access"],
      summary: "One outgoing message with its text (administrators)",
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: json(OutboxMessageSchema, "The message"), ...problemResponses },
    }),
    async (c) => {
      const id = recordId(c.req.valid("param").id, "The message");
      return c.json(await getOutboxMessage(serviceContext(c), id), 200);
    },
  );
