// HTTP for places: reference data to read; places of detention to add and edit (If-Match).
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
import {
  PlaceListQuerySchema,
  PlaceListSchema,
  PlaceOfDetentionInputSchema,
  PlaceOfDetentionPatchSchema,
  PlaceSchema,
} from "./places.schema";
import { createPlaceOfDetention, getPlace, listPlaces, updatePlaceOfDetention } from "./places.service";

const IdParams = z.object({ id: z.string().max(64) });
const tags = ["Places"];

export const placeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places",
      tags,
      summary:
        "Provinces, districts, sectors, places of detention; filter by kind, parent, operator, facility kind or name",
      request: { query: PlaceListQuerySchema },
      responses: {
        200: { description: "Places", content: { "application/json": { schema: PlaceListSchema } } },
        ...problemResponses,
      },
    }),
    async (c) => c.json(await listPlaces(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/places",
      tags,
      summary:
        "Add a place of detention (police station, transit centre, …) in a district or sector: administrators, coordinators, monitors",
      request: { body: jsonBody(PlaceOfDetentionInputSchema) },
      responses: { 201: json(PlaceSchema, "Created"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(c, await createPlaceOfDetention(serviceContext(c), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places/{id}",
      tags,
      summary: "One place (its version is the ETag)",
      request: { params: IdParams },
      responses: { 200: json(PlaceSchema, "The place"), ...problemResponses },
    }),
    async (c) =>
      jsonWithVersion(
        c,
        await getPlace(serviceContext(c), recordId(c.req.valid("param").id, "The place")),
        200,
      ),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/places/{id}",
      tags,
      summary:
        "Change a place of detention's operator, kind, capacity, open or closed, name, aliases (If-Match required)",
      request: { params: IdParams, body: jsonBody(PlaceOfDetentionPatchSchema) },
      responses: { 200: json(PlaceSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, "The place of detention");
      return jsonWithVersion(
        c,
        await updatePlaceOfDetention(ctx, id, expectedVersion(c), c.req.valid("json")),
        200,
      );
    },
  );
