// HTTP for who could act on a recommendation: the addressee's agreements and the partners on its themes (the 3W).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, recordId, serviceContext } from "../../server/http";
import { RecommendationPartnersSchema } from "./partner-links.schema";
import { getRecommendationPartners } from "./recommendation-partners.service";

const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Recommendation id (uuid)" }) });

export const recommendationPartnerRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/recommendations/{id}/partners",
    tags: ["Recommendations"],
    summary:
      "Who could act on a recommendation: the addressee's working agreements on the themes linked to its theme, and the partners at work on them around its places",
    description: "404 for a recommendation the reader may not read.",
    request: { params: IdParams },
    responses: {
      200: json(RecommendationPartnersSchema, "Agreements (those reaching its places first) and partners"),
      ...problemResponses,
    },
  }),
  async (c) =>
    c.json(
      await getRecommendationPartners(
        serviceContext(c),
        recordId(c.req.valid("param").id, "The recommendation"),
      ),
      200,
    ),
);
