// HTTP for places (read-only reference data for now).
import { createRoute } from "@hono/zod-openapi";
import { createRouter, problemResponses, serviceContext } from "../../server/http";
import { PlaceListQuerySchema, PlaceListSchema } from "./places.schema";
import { listPlaces } from "./places.service";

export const placeRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/places",
    tags: ["Places"],
    summary: "Provinces, districts, sectors, places of detention; filter by kind, parent or name",
    request: { query: PlaceListQuerySchema },
    responses: {
      200: { description: "Places", content: { "application/json": { schema: PlaceListSchema } } },
      ...problemResponses,
    },
  }),
  async (c) => c.json(await listPlaces(serviceContext(c), c.req.valid("query")), 200),
);
