// The incidents, referrals and service-providers API as the pages call it, through the typed client (files by fetch
// and links). Nothing is kept: the server answers every API call no-store, the service worker never keeps these paths
// (offline-rules.ts), and the pages hold the answers in component state only, gone with the page.
import type {
  ConsentInput,
  IncidentInput,
  IncidentKind,
  IncidentPatch,
  IncidentStatus,
  PersonInput,
  PersonPatch,
  ReferralInput,
  ReferralStatus,
  ReferralTransition,
  Service,
  ServiceProviderInput,
  ServiceProviderPatch,
} from "../../modules/incidents/incidents.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";
import type { StatisticsQuery } from "./statistics-cells";

const incidentApi = client.api.incidents;
const referralApi = client.api.referrals;
const providerApi = client.api["service-providers"];
const incidentPath = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

type IncidentListFilters = {
  kind?: IncidentKind;
  status?: IncidentStatus;
  districtId?: string;
  limit: string;
  offset: string;
};

export const incidentRequests = {
  list: ({ kind, status, districtId, limit, offset }: IncidentListFilters) =>
    unwrap(
      incidentApi.$get({
        query: {
          ...(kind ? { kind } : {}),
          ...(status ? { status } : {}),
          ...(districtId ? { districtId } : {}),
          limit,
          offset,
        },
      }),
    ),
  get: (id: string) => unwrap(incidentApi[":id"].$get({ param: { id } })),
  linkableReports: (organisationId: string) =>
    unwrap(incidentApi["linkable-submissions"].$get({ query: { organisationId } })),
  create: (input: IncidentInput) => unwrap(incidentApi.$post({ json: input })),
  update: (id: string, version: number, patch: IncidentPatch) =>
    unwrap(incidentApi[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
  addPerson: (id: string, input: PersonInput) =>
    unwrap(incidentApi[":id"].persons.$post({ param: { id }, json: input })),
  updatePerson: (id: string, personId: string, version: number, patch: PersonPatch) =>
    unwrap(
      incidentApi[":id"].persons[":personId"].$patch({
        param: { id, personId },
        header: ifMatch(version),
        json: patch,
      }),
    ),
  removePerson: (id: string, personId: string, version: number) =>
    expectOk(
      incidentApi[":id"].persons[":personId"].$delete({ param: { id, personId }, header: ifMatch(version) }),
    ),
  removeAttachment: (id: string, attachmentId: string, version: number) =>
    expectOk(
      incidentApi[":id"].attachments[":attachmentId"].$delete({
        param: { id, attachmentId },
        header: ifMatch(version),
      }),
    ),
  addConsent: (id: string, personId: string, input: ConsentInput) =>
    unwrap(incidentApi[":id"].persons[":personId"].consents.$post({ param: { id, personId }, json: input })),
  withdrawConsent: (id: string, personId: string, consentId: string, withdrawnOn: string) =>
    unwrap(
      incidentApi[":id"].persons[":personId"].consents[":consentId"].withdrawal.$post({
        param: { id, personId, consentId },
        json: { withdrawnOn },
      }),
    ),
  accessLog: (id: string) => unwrap(incidentApi[":id"]["access-log"].$get({ param: { id } })),
  breakGlass: (id: string, reason: string) =>
    unwrap(incidentApi[":id"]["break-glass"].$post({ param: { id }, json: { reason } })),
  referrals: (id: string) => unwrap(incidentApi[":id"].referrals.$get({ param: { id } })),
  statistics: ({ districtId, kind, year }: StatisticsQuery) =>
    unwrap(
      incidentApi.statistics.$get({
        query: {
          ...(districtId ? { districtId } : {}),
          ...(kind ? { kind } : {}),
          ...(year ? { year } : {}),
        },
      }),
    ),
  // Files go by fetch (the typed client sends JSON, ui/file-upload.ts); downloads are links.
  attachmentUrl: (id: string, attachmentId: string) =>
    `${incidentPath(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  uploadUrl: (id: string) => `${incidentPath(id)}/attachments`,
  subjectAccessUrl: (code: string) => `/api/incident-persons/${encodeURIComponent(code)}/subject-access`,
};

export const referralRequests = {
  list: ({
    direction,
    status,
    limit,
    offset,
  }: {
    direction: "received" | "sent";
    status?: ReferralStatus;
    limit: string;
    offset: string;
  }) => unwrap(referralApi.$get({ query: { direction, ...(status ? { status } : {}), limit, offset } })),
  get: (id: string) => unwrap(referralApi[":id"].$get({ param: { id } })),
  create: (input: ReferralInput) => unwrap(referralApi.$post({ json: input })),
  transition: (id: string, version: number, step: ReferralTransition) =>
    unwrap(referralApi[":id"].$patch({ param: { id }, header: ifMatch(version), json: step })),
  followUp: (id: string, input: { on: string; note: string }) =>
    unwrap(referralApi[":id"]["follow-ups"].$post({ param: { id }, json: input })),
};

export const providerRequests = {
  list: ({ service, districtId }: { service?: Service; districtId?: string }) =>
    unwrap(
      providerApi.$get({ query: { ...(service ? { service } : {}), ...(districtId ? { districtId } : {}) } }),
    ),
  create: (input: ServiceProviderInput) => unwrap(providerApi.$post({ json: input })),
  update: (id: string, version: number, patch: ServiceProviderPatch) =>
    unwrap(providerApi[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
};
