// HTTP for the first-start offer: load the RCS status report as example data into an empty register.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemResponses, serviceContext, versionedProblemResponses } from "../../server/http";
import {
  countSeedAgreements,
  isStatusReportDemoAvailable,
  loadStatusReportDemo,
  readStatusReportSeed,
} from "./status-report-demo";

const tags = ["Demo data"];

export const statusReportDemoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/status-report",
      tags,
      summary:
        "Whether the example data can be loaded (empty register, and the caller may register agreements)",
      responses: {
        200: {
          description: "Availability",
          content: {
            "application/json": {
              schema: z.object({
                available: z.boolean(),
                /** How many agreements loading creates, counted from the seed the loader reads; null when not offered. */
                agreements: z.number().int().nullable(),
              }),
            },
          },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const available = await isStatusReportDemoAvailable(serviceContext(c));
      const agreements = available ? countSeedAgreements(await readStatusReportSeed()) : null;
      return c.json({ available, agreements }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/status-report",
      tags,
      summary: "Load the RCS cooperation status report as example data (empty register only; all or nothing)",
      responses: {
        201: {
          description: "Loaded",
          content: {
            "application/json": {
              schema: z.object({
                organisations: z.number().int(),
                contactPersons: z.number().int(),
                agreements: z.number().int(),
                memberships: z.number().int(),
                progressEntries: z.number().int(),
              }),
            },
          },
        },
        ...versionedProblemResponses,
      },
    }),
    async (c) => c.json(await loadStatusReportDemo(serviceContext(c), await readStatusReportSeed()), 201),
  );
