// HTTP for district boundaries: status, the shapes (the built-in set unless an administrator loaded a file), an
// administrator's upload (GeoJSON or TopoJSON body) and its removal.
import { createHash } from "node:crypto";
import { createRoute } from "@hono/zod-openapi";
import { compress } from "hono/compress";
import {
  bodyReadOffThread,
  createRouter,
  json,
  jsonBody,
  jsonBodyBytes,
  problemResponses,
  serviceContext,
} from "../../server/http";
import {
  BoundaryStatusSchema,
  BoundaryUploadBodySchema,
  BoundaryUploadQuerySchema,
  DistrictBoundariesSchema,
} from "./place-boundaries.schema";
import {
  getBoundaryStatus,
  getDistrictBoundaries,
  loadDistrictBoundaries,
  removeDistrictBoundaries,
} from "./place-boundaries.service";

const tags = ["Places"];
export const BOUNDARY_UPLOAD_PATH = "/api/places/boundaries";

/** If-None-Match holds this ETag (a list, weak or strong, or `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

const router = createRouter();
// The shapes are ~135 KB of JSON, ~35 KB gzipped: phones on mobile data fetch them on their first map.
router.use(BOUNDARY_UPLOAD_PATH, compress({ encoding: "gzip" }));
export const placeBoundaryRoutes = router
  .openapi(
    createRoute({
      method: "get",
      path: "/api/places/boundaries/status",
      tags,
      summary:
        "Which district boundaries the map draws: the built-in set (geoBoundaries / NISR, CC BY 4.0) or an administrator's",
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
      description:
        "The built-in set (geoBoundaries / NISR, CC BY 4.0: show `attribution` with it) unless an administrator loaded " +
        "one. Revalidated on every use (`no-cache`): send the ETag back as If-None-Match; 304 while the shapes are " +
        "unchanged. Gzipped when the client accepts it.",
      responses: {
        200: json(DistrictBoundariesSchema, "District boundaries; ETag names this exact set of shapes"),
        304: { description: "Not modified: the shapes named by If-None-Match are still the current ones" },
        ...problemResponses,
      },
    }),
    async (c) => {
      const boundaries = await getDistrictBoundaries(serviceContext(c));
      const body = JSON.stringify(boundaries);
      // The ETag is a digest of the shapes and their load time: a newly loaded file changes it.
      const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
      // Browsers may keep the shapes (150 KB on slow mobile data) but must ask whether they are still current.
      c.header("cache-control", "private, no-cache");
      c.header("etag", etag);
      if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304);
      return c.json(boundaries, 200);
    },
  )
  .openapi(
    // Up to 20 MB of JSON: parsed and checked in the parsing worker, never by the router on the request thread.
    bodyReadOffThread(
      router,
      createRoute({
        method: "put",
        path: BOUNDARY_UPLOAD_PATH,
        tags,
        summary:
          "Replace the district boundaries with a GeoJSON FeatureCollection or TopoJSON Topology (≤ 20 MB); all or nothing",
        request: { query: BoundaryUploadQuerySchema, body: jsonBody(BoundaryUploadBodySchema) },
        responses: { 200: json(BoundaryStatusSchema, "The boundaries now loaded"), ...problemResponses },
      }),
    ),
    async (c) => {
      const name = c.req.valid("query").name;
      const body = await jsonBodyBytes(c);
      return c.json(await loadDistrictBoundaries(serviceContext(c), { body, name }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: BOUNDARY_UPLOAD_PATH,
      tags,
      summary: "Remove the administrator's district boundaries: the map draws the built-in set again",
      responses: { 200: json(BoundaryStatusSchema, "The boundaries now in use"), ...problemResponses },
    }),
    async (c) => c.json(await removeDistrictBoundaries(serviceContext(c)), 200),
  );
