// HTTP for the first-start offer: Musanze's reporting over four quarters, as example data for the dashboards.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { isReportingDemoAvailable, loadReportingDemo } from "./reporting-demo";

const tags = ["Demo data"];

export const reportingDemoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/reporting",
      tags,
      summary: "Whether the reporting example can be loaded (no obligation yet, and the caller may set them)",
      responses: { 200: json(z.object({ available: z.boolean() }), "Availability"), ...problemResponses },
    }),
    async (c) => c.json({ available: await isReportingDemoAvailable(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/reporting",
      tags,
      summary:
        "Load Musanze's reporting over the last four quarters as example data: obligations, on-time, late, returned and missing reports (all or nothing)",
      responses: {
        201: json(
          z.object({
            organisations: z.number().int(),
            obligations: z.number().int(),
            submissions: z.number().int(),
          }),
          "Loaded",
        ),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await loadReportingDemo(serviceContext(c)), 201),
  );
