// HTTP for the DAC sector → theme table the IATI import reads: list it, change one code's theme.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  serviceContext,
  versionedRoute,
} from "../../server/http";
import { SectorThemeListSchema, SectorThemePatchSchema, SectorThemeSchema } from "./iati.schema";
import { changeSectorTheme, listSectorThemes } from "./iati-sector-themes.service";

const tags = ["Programmes"];
const SectorParams = z.object({
  code: z
    .string()
    .max(5)
    .regex(/^\d{5}$/, "A DAC purpose code has five digits.")
    .openapi({ description: "DAC 5-digit purpose code, e.g. 15130" }),
});

export const sectorThemeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/iati-sector-themes",
      tags,
      summary: "The DAC sectors the IATI import knows and the theme each gives a programme",
      responses: { 200: json(SectorThemeListSchema, "DAC sectors and their themes"), ...problemResponses },
    }),
    async (c) => c.json({ items: await listSectorThemes(serviceContext(c)) }, 200),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/iati-sector-themes/{code}",
      tags,
      summary: "Set the theme a DAC sector gives (null: none) (administrators; If-Match required)",
      request: { params: SectorParams, body: jsonBody(SectorThemePatchSchema) },
      responses: { 200: json(SectorThemeSchema, "Changed") },
    }),
    async (c) => {
      const updated = await changeSectorTheme(
        serviceContext(c),
        c.req.valid("param").code,
        expectedVersion(c),
        c.req.valid("json"),
      );
      return jsonWithVersion(c, updated, 200);
    },
  );
