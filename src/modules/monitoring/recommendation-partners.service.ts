// Who could act on a recommendation: read it as the reader may (404 outside its scope), then look up the addressee's
// agreements and the partners at work on its themes around its places.
import type { ServiceContext } from "../../kernel";
import type { RecommendationPartners } from "./partner-links.schema";
import { findPartnersForRecommendation } from "./partner-links.service";
import { getRecommendation } from "./recommendations.service";

export async function getRecommendationPartners(
  ctx: ServiceContext,
  id: string,
): Promise<RecommendationPartners> {
  const rec = await getRecommendation(ctx, id);
  return findPartnersForRecommendation(ctx, {
    addresseeOrganisationId: rec.addressee.id,
    theme: rec.theme,
    placeIds: rec.places.map((p) => p.id),
    allFacilities: rec.allFacilities,
  });
}
