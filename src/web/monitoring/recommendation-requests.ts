// The recommendations, follow-up actions and tracker API as the monitoring pages call it, through the typed client.
import type {
  FollowUpActionInput,
  FollowUpActionPatch,
} from "../../modules/monitoring/follow-up-actions.schema";
import type {
  RecommendationInput,
  RecommendationPatch,
  ResponseInput,
  StatusChangeInput,
} from "../../modules/monitoring/recommendations.schema";
import { client, ifMatch, unwrap } from "../api";

const api = client.api.recommendations;
const actions = client.api["follow-up-actions"];

type Query = Record<string, string>;
/** Filters as the pages hold them: text from the URL, unset when empty. */
export type Filters = Record<string, string | undefined>;
/** Query strings for the typed client: only the filters that are set, all as text. */
const query = (q: Record<string, string | number | boolean | undefined>): Query =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => [k, String(v)]),
  );

export const recommendationRequests = {
  list: (q: Filters) => unwrap(api.$get({ query: query(q) })),
  get: (id: string) => unwrap(api[":id"].$get({ param: { id } })),
  create: (input: RecommendationInput) => unwrap(api.$post({ json: input })),
  update: (id: string, version: number, patch: RecommendationPatch) =>
    unwrap(api[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
  respond: (id: string, version: number, input: ResponseInput) =>
    unwrap(api[":id"].response.$put({ param: { id }, header: ifMatch(version), json: input })),
  changeStatus: (id: string, input: StatusChangeInput) =>
    unwrap(api[":id"]["status-changes"].$post({ param: { id }, json: input })),
  verifyingVisits: (id: string) => unwrap(api[":id"]["verifying-visits"].$get({ param: { id } })),
  addEvidence: (id: string, changeId: string, file: File) =>
    unwrap(
      api[":id"]["status-changes"][":changeId"].evidence.$post({ param: { id, changeId }, form: { file } }),
    ),
  evidenceHref: (id: string, evidenceId: string) =>
    `/api/recommendations/${encodeURIComponent(id)}/evidence/${encodeURIComponent(evidenceId)}`,
  tracker: (q: Filters) => unwrap(api.tracker.$get({ query: query(q) })),
  trackerExportHref: (q: Filters, lang: string) =>
    `/api/recommendations/tracker/export?${new URLSearchParams({ ...query(q), lang })}`,
  citableFindings: (monitoringOrganisationId: string) =>
    unwrap(api["citable-findings"].$get({ query: { monitoringOrganisationId } })),
  detentionPlaces: () =>
    unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "1000" } })),
};

export const followUpActionRequests = {
  list: (q: { recommendationId?: string; organisationId?: string }) =>
    unwrap(actions.$get({ query: query(q) })),
  create: (input: FollowUpActionInput) => unwrap(actions.$post({ json: input })),
  update: (id: string, version: number, patch: FollowUpActionPatch) =>
    unwrap(actions[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
};
