// HTTP for the partners per theme at a place of detention (the 3W and the agreements that reach it).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, recordId, serviceContext } from "../../server/http";
import { PlacePartnersSchema } from "./partner-links.schema";
import { findPartnersForPlace } from "./partner-links.service";

const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Place id (uuid)" }) });

export const placePartnerRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/places/{id}/partners-by-theme",
    tags: ["Places"],
    summary:
      "Partners per theme at a place: organisations whose work under way today reaches the place, its district or a wider area containing it",
    request: { params: IdParams },
    responses: {
      200: json(PlacePartnersSchema, "Partners grouped by theme, closest first"),
      ...problemResponses,
    },
  }),
  async (c) =>
    c.json(
      await findPartnersForPlace(serviceContext(c), recordId(c.req.valid("param").id, "The place")),
      200,
    ),
);
