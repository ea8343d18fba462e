// HTTP for the first-start offer of detention-monitoring example data (seed 002: the NCHR as NPM).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { isMonitoringDemoAvailable, loadMonitoringDemo } from "./monitoring-demo";

const tags = ["Demo data"];

export const monitoringDemoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/monitoring",
      tags,
      summary:
        "Whether the detention-monitoring example can be loaded (no visit recorded yet, and the caller may register organisations and occupancy figures)",
      responses: { 200: json(z.object({ available: z.boolean() }), "Availability"), ...problemResponses },
    }),
    async (c) => c.json({ available: await isMonitoringDemoAvailable(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/monitoring",
      tags,
      summary:
        "Load the NCHR's roadmap, the October 2021 occupancy rates and a year of visits, findings and recommendations at Muhanga and Nyarugenge as example data (all or nothing)",
      responses: {
        201: json(
          z.object({
            organisations: z.number().int(),
            planItems: z.number().int(),
            figures: z.number().int(),
            visits: z.number().int(),
            findings: z.number().int(),
            recommendations: z.number().int(),
          }),
          "Loaded",
        ),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await loadMonitoringDemo(serviceContext(c)), 201),
  );
