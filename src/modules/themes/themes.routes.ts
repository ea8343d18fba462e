// HTTP for themes: list, add, rename, delete.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import { ThemeInputSchema, ThemePatchSchema, ThemeSchema } from "./themes.schema";
import { createTheme, deleteTheme, listThemes, updateTheme } from "./themes.service";

// Themes were listed with the agreements in the API document; they keep that tag.
const tags = ["Agreements"];
const ThemeCodeParams = z.object({
  code: z.string().max(60).openapi({ description: "Theme code, e.g. legal_aid" }),
});

export const themeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/themes",
      tags,
      summary: "Themes in the three languages",
      responses: { 200: json(z.object({ items: z.array(ThemeSchema) }), "Themes"), ...problemResponses },
    }),
    async (c) => c.json({ items: await listThemes(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/themes",
      tags,
      summary: "Add a theme (administrators and coordinators)",
      request: { body: jsonBody(ThemeInputSchema) },
      responses: { 201: json(ThemeSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createTheme(serviceContext(c), c.req.valid("json"));
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/themes/{code}",
      tags,
      summary: "Rename a theme in one or more languages; its code stays (administrators; If-Match required)",
      request: { params: ThemeCodeParams, body: jsonBody(ThemePatchSchema) },
      responses: { 200: json(ThemeSchema, "Renamed") },
    }),
    async (c) => {
      const updated = await updateTheme(
        serviceContext(c),
        c.req.valid("param").code,
        expectedVersion(c),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/themes/{code}",
      tags,
      summary: "Delete an added theme that no agreement carries (administrators; If-Match required)",
      request: { params: ThemeCodeParams },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      await deleteTheme(serviceContext(c), c.req.valid("param").code, expectedVersion(c));
      return c.body(null, 204);
    },
  );
