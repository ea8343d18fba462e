// HTTP for district boundaries: status, the shapes, and an administrator's upload (GeoJSON or TopoJSON body).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import {
  BoundaryStatusSchema,
  BoundaryUploadQuerySchema,
  DistrictBoundariesSchema,
} from "./place-boundaries.schema";
import { getBoundaryStatus, getDistrictBoundaries, loadDistrictBoundaries } from "./place-boundaries.service";

const tags = ["Places"];
export const BOUNDARY_UPLOAD_PATH = "/api/places/boundaries";

export const placeBoundaryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places/boundaries/status",
      tags,
      summary: "Whether district boundaries are loaded (the map draws real shapes when they are)",
      responses: { 200: json(BoundaryStatusSchema, "Boundary status"), ...problemResponses },
    }),
    async (c) => c.json(await getBoundaryStatus(serviceContext(c)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places/boundaries",
      tags,
      summary: "The district shapes as GeoJSON geometries",
      responses: { 200: json(DistrictBoundariesSchema, "District boundaries"), ...problemResponses },
    }),
    async (c) => {
      c.header("cache-control", "private, max-age=300");
      return c.json(await getDistrictBoundaries(serviceContext(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/api/places/boundaries",
      tags,
      summary:
        "Replace the district boundaries with a GeoJSON FeatureCollection or TopoJSON Topology (≤ 20 MB); all or nothing",
      request: {
        query: BoundaryUploadQuerySchema,
        body: {
          required: true,
          content: { "application/json": { schema: z.looseObject({ type: z.string() }) } },
        },
      },
      responses: { 200: json(BoundaryStatusSchema, "The boundaries now loaded"), ...problemResponses },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const text = await c.req.text();
      const status = await loadDistrictBoundaries(ctx, {
        text,
        byteLength: Buffer.byteLength(text),
        name: c.req.valid("query").name,
      });
      return c.json(status, 200);
    },
  );
