// "Who could act on it" on a recommendation's page: fetches GET /api/recommendations/{id}/partners and shows the
// addressee's agreements and the partners on its themes.
import { useTranslation } from "react-i18next";
import type { RecommendationPartners } from "../../modules/monitoring/partner-links.schema";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { RecommendationPartnersView } from "./RecommendationPartnersView";

const loadPartners = (id: string): Promise<RecommendationPartners> =>
  unwrap(client.api.recommendations[":id"].partners.$get({ param: { id } }));

/** `version` reloads the section after the recommendation changed (its theme, addressee or places). */
export function RecommendationPartnersSection({ id, version }: { id: string; version: number }) {
  const { t } = useTranslation();
  const partners = useAsync(() => loadPartners(id), [id, version]);
  if (partners.error)
    return (
      <p className="alert alert-error" role="alert">
        {errorText(t, partners.error)}
      </p>
    );
  return partners.data ? <RecommendationPartnersView partners={partners.data} /> : null;
}
