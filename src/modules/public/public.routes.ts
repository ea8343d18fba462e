// HTTP of the public portal: its settings for administrators; the public API (no session) and the public pages under
// /public, each section answering 404 until an institution publishes it. Public answers may be kept five minutes.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  type AppEnv,
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  serviceContext,
  versionedRoute,
} from "../../server/http";
import { AppError } from "../../shared/app-errors";
import {
  PUBLIC_AGREEMENTS_PAGE,
  PublicAgreementListSchema,
  PublicAgreementQuerySchema,
  PublicIncidentStatisticsSchema,
  type PublicLanguage,
  PublicPortalPatchSchema,
  PublicPortalSchema,
  PublicPortalSettingsSchema,
  PublicProgrammeListSchema,
  PublicQuerySchema,
  PublicRecommendationListSchema,
  type PublicSection,
  PublicThreeWSchema,
} from "./public.schema";
import {
  chooseLanguage,
  renderAgreementsPage,
  renderHomePage,
  renderIncidentsPage,
  renderNotPublishedPage,
  renderProgrammesPage,
  renderRecommendationsPage,
  renderThreeWPage,
} from "./public-page";
import {
  exportPublicAgreementsCsv,
  exportPublicIati,
  exportPublicThreeWHxl,
  getPublicAgreements,
  getPublicDistrictShapes,
  getPublicIncidentStatistics,
  getPublicPortal,
  getPublicProgrammes,
  getPublicRecommendations,
  getPublicThreeW,
  isSectionPublished,
  type PublicContext,
} from "./public-portal.service";
import { getPublicPortalSettings, updatePublicPortalSettings } from "./public-settings.service";

const adminTags = ["Public portal settings"];
const tags = ["Public portal"];
/** Public answers: any cache may keep them five minutes (they hold only what is published). */
export const PUBLIC_CACHE_CONTROL = "public, max-age=300";

const publicContext = (c: Context<AppEnv>): PublicContext => ({ db: c.get("db") });
const languageOf = (c: Context<AppEnv>): PublicLanguage =>
  chooseLanguage(c.req.query("lang"), c.req.header("accept-language"));

function publicHeaders(c: Context<AppEnv>): void {
  c.header("cache-control", PUBLIC_CACHE_CONTROL);
  c.header("vary", "Accept-Language");
}

async function assertPublished(c: Context<AppEnv>, section: PublicSection | "incidents"): Promise<void> {
  if (!(await isSectionPublished(publicContext(c), section)))
    throw new AppError("not_found", "Nothing of this section is published.");
}

const download = (c: Context<AppEnv>, body: string | Uint8Array, type: string, fileName: string) => {
  publicHeaders(c);
  c.header("content-type", type);
  c.header("content-disposition", `attachment; filename="${fileName}"`);
  return c.body(typeof body === "string" ? body : new Uint8Array(body), 200);
};

const publicRoute = <P extends string>(path: P, summary: string, schema: z.ZodType, query = true) =>
  createRoute({
    method: "get",
    path,
    tags,
    security: [],
    summary,
    ...(query ? { request: { query: PublicQuerySchema } } : {}),
    responses: { 200: json(schema, "Published records only"), ...problemResponses },
  });

const fileRoute = <P extends string>(path: P, summary: string, type: string, query = false) =>
  createRoute({
    method: "get",
    path,
    tags,
    security: [],
    summary,
    ...(query ? { request: { query: PublicQuerySchema } } : {}),
    responses: {
      200: {
        description: "The file, its licence on a first line",
        content: { [type]: { schema: z.string() } },
      },
      ...problemResponses,
    },
  });

export const publicPortalRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/public-portal",
      tags: adminTags,
      summary:
        "What the public portal publishes: the licence line, incident statistics, each institution's sections",
      responses: {
        200: json(PublicPortalSettingsSchema, "The settings; ETag carries their version"),
        ...problemResponses,
      },
    }),
    async (c) => jsonWithVersion(c, await getPublicPortalSettings(serviceContext(c)), 200),
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/public-portal",
      tags: adminTags,
      summary:
        "Change what the public portal publishes (administrators; the list of institutions replaces the previous one) (If-Match required)",
      request: { body: jsonBody(PublicPortalPatchSchema) },
      responses: { 200: json(PublicPortalSettingsSchema, "Updated") },
    }),
    async (c) => {
      const version = expectedVersion(c);
      return jsonWithVersion(
        c,
        await updatePublicPortalSettings(serviceContext(c), version, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    publicRoute(
      "/api/public",
      "What is published, by which institution, under which licence (no sign-in)",
      PublicPortalSchema,
      false,
    ),
    async (c) => {
      publicHeaders(c);
      return c.json(await getPublicPortal(publicContext(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/public/agreements",
      tags,
      security: [],
      summary:
        "The published agreements register, a page at a time (limit, offset; total says how many): title, kind, status, parties, signature as written, validity, themes, places (no sign-in)",
      request: { query: PublicAgreementQuerySchema },
      responses: { 200: json(PublicAgreementListSchema, "Published records only"), ...problemResponses },
    }),
    async (c) => {
      await assertPublished(c, "agreements");
      const { limit, offset } = c.req.valid("query");
      publicHeaders(c);
      return c.json(await getPublicAgreements(publicContext(c), languageOf(c), { limit, offset }), 200);
    },
  )
  .openapi(
    fileRoute("/api/public/agreements.csv", "The published agreements as CSV (no sign-in)", "text/csv", true),
    async (c) => {
      await assertPublished(c, "agreements");
      const body = await exportPublicAgreementsCsv(publicContext(c), languageOf(c));
      return download(c, body, "text/csv; charset=utf-8", "agreements.csv");
    },
  )
  .openapi(
    publicRoute(
      "/api/public/3w",
      "Who does what where today, from the published agreements: organisations by theme and district (no sign-in)",
      PublicThreeWSchema,
    ),
    async (c) => {
      await assertPublished(c, "threeW");
      publicHeaders(c);
      return c.json(await getPublicThreeW(publicContext(c), languageOf(c)), 200);
    },
  )
  .openapi(
    fileRoute("/api/public/3w.hxl.csv", "The published 3W as HXL-tagged CSV (no sign-in)", "text/csv"),
    async (c) => {
      await assertPublished(c, "threeW");
      return download(
        c,
        await exportPublicThreeWHxl(publicContext(c)),
        "text/csv; charset=utf-8",
        "3w.hxl.csv",
      );
    },
  )
  .openapi(
    publicRoute(
      "/api/public/recommendations",
      "Recommendations the monitoring bodies published, with their follow-up status (no sign-in)",
      PublicRecommendationListSchema,
    ),
    async (c) => {
      await assertPublished(c, "recommendations");
      publicHeaders(c);
      return c.json(await getPublicRecommendations(publicContext(c), languageOf(c)), 200);
    },
  )
  .openapi(
    publicRoute(
      "/api/public/programmes",
      "Results of the published programmes: people reached and indicators against targets (no sign-in)",
      PublicProgrammeListSchema,
      false,
    ),
    async (c) => {
      await assertPublished(c, "programmeResults");
      publicHeaders(c);
      return c.json(await getPublicProgrammes(publicContext(c)), 200);
    },
  )
  .openapi(
    fileRoute(
      "/api/public/programmes.iati.xml",
      "The published programmes as IATI 2.03 activities (no sign-in)",
      "application/xml",
    ),
    async (c) => {
      await assertPublished(c, "programmeResults");
      return download(
        c,
        await exportPublicIati(publicContext(c)),
        "application/xml; charset=utf-8",
        "programmes.iati.xml",
      );
    },
  )
  .openapi(
    publicRoute(
      "/api/public/incident-statistics",
      "Incident and victim counts of the whole register, small cells suppressed (no sign-in)",
      PublicIncidentStatisticsSchema,
    ),
    async (c) => {
      await assertPublished(c, "incidents");
      publicHeaders(c);
      return c.json(await getPublicIncidentStatistics(publicContext(c), languageOf(c)), 200);
    },
  );

/** The public pages: light HTML, no script. A section nobody publishes answers 404 with a page saying so. */
export const publicPageRoutes = createRouter();

type PageRender = (c: Context<AppEnv>, lang: PublicLanguage) => Promise<string>;
function page(path: string, section: PublicSection | "incidents" | null, render: PageRender) {
  publicPageRoutes.get(path, async (c) => {
    const lang = languageOf(c);
    publicHeaders(c);
    if (section && !(await isSectionPublished(publicContext(c), section)))
      return c.html(renderNotPublishedPage(lang, await getPublicPortal(publicContext(c))), 404);
    return c.html(await render(c, lang), 200);
  });
}

// "/public/" as typed: the same page (the app's router would otherwise draw its own "not found").
publicPageRoutes.get("/public/", (c) =>
  c.redirect(`/public${c.req.query("lang") ? `?lang=${languageOf(c)}` : ""}`, 301),
);
page("/public", null, async (c, lang) => renderHomePage(lang, await getPublicPortal(publicContext(c))));
page("/public/agreements", "agreements", async (c, lang) => {
  // ?page=N, from 1; anything else is the first page, and a page past the end the last.
  const asked = Number.parseInt(c.req.query("page") ?? "1", 10);
  const ctx = publicContext(c);
  const at = (n: number) => ({ limit: PUBLIC_AGREEMENTS_PAGE, offset: (n - 1) * PUBLIC_AGREEMENTS_PAGE });
  let list = await getPublicAgreements(ctx, lang, at(Number.isSafeInteger(asked) && asked > 1 ? asked : 1));
  const last = Math.max(1, Math.ceil(list.total / PUBLIC_AGREEMENTS_PAGE));
  if (list.offset / PUBLIC_AGREEMENTS_PAGE + 1 > last) list = await getPublicAgreements(ctx, lang, at(last));
  return renderAgreementsPage(lang, await getPublicPortal(ctx), list);
});
page("/public/3w", "threeW", async (c, lang) => {
  const ctx = publicContext(c);
  const [portal, threeW, shapes] = await Promise.all([
    getPublicPortal(ctx),
    getPublicThreeW(ctx, lang),
    getPublicDistrictShapes(ctx),
  ]);
  return renderThreeWPage(lang, portal, threeW, shapes.districts);
});
page("/public/recommendations", "recommendations", async (c, lang) =>
  renderRecommendationsPage(
    lang,
    await getPublicPortal(publicContext(c)),
    await getPublicRecommendations(publicContext(c), lang),
  ),
);
page("/public/programmes", "programmeResults", async (c, lang) =>
  renderProgrammesPage(
    lang,
    await getPublicPortal(publicContext(c)),
    await getPublicProgrammes(publicContext(c)),
  ),
);
page("/public/incidents", "incidents", async (c, lang) =>
  renderIncidentsPage(
    lang,
    await getPublicPortal(publicContext(c)),
    await getPublicIncidentStatistics(publicContext(c), lang),
  ),
);
