// HTTP for the first-start offer of referral example data: seed 001's service providers in the directory.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { isIncidentsDemoAvailable, loadIncidentsDemo } from "./incidents-demo";

const tags = ["Demo data"];

export const incidentsDemoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/demo/incidents",
      tags,
      summary:
        "Whether the referral example can be loaded (the directory of service providers is empty, and the caller may fill it)",
      responses: { 200: json(z.object({ available: z.boolean() }), "Availability"), ...problemResponses },
    }),
    async (c) => c.json({ available: await isIncidentsDemoAvailable(serviceContext(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/demo/incidents",
      tags,
      summary:
        "Load the service providers of IOM's counter-trafficking programme (Isange One Stop Centre, Strive Foundation Rwanda, Handicap International Rwanda) as example data (all or nothing)",
      responses: {
        201: json(z.object({ organisations: z.number().int(), providers: z.number().int() }), "Loaded"),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await loadIncidentsDemo(serviceContext(c)), 201),
  );
