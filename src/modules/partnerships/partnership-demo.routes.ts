// HTTP for the offer of the Rwanda Peace Partnership (seed 004) as example data.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { isPartnershipDemoAvailable, loadPartnershipDemo } from "./partnership-demo";

const tags = ["Demo data"];

export const partnershipDemoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/partnership",
      tags,
      summary:
        "Whether the Rwanda Peace Partnership example can be loaded (no partnership of that name yet, and the caller may register organisations, agreements, programmes and partnerships)",
      responses: { 200: json(z.object({ available: z.boolean() }), "Availability"), ...problemResponses },
    }),
    async (c) => c.json({ available: await isPartnershipDemoAvailable(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/partnership",
      tags,
      summary:
        "Load the Rwanda Peace Partnership (Aegis Trust, Interpeace, Never Again Rwanda; Sida as donor) with one illustrative programme and Sida grant per member (all or nothing)",
      responses: {
        201: json(
          z.object({
            partnershipId: z.string(),
            programmes: z.number().int(),
            agreements: z.number().int(),
          }),
          "Loaded",
        ),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await loadPartnershipDemo(serviceContext(c)), 201),
  );
