// The incidents, referrals and service-providers API as the pages call it: the typed client where the server's routes
// are in AppType, fetch for the rest. Nothing here is kept: the server answers no-store, the fetch calls ask the
// browser's cache for nothing, and the service worker never keeps these paths (offline-rules.ts). Confidential
// answers live in component state only and go with the page.
import type {
  ConsentInput,
  IncidentInput,
  IncidentKind,
  IncidentPatch,
  IncidentStatus,
  Referral,
  ReferralInput,
  ReferralSummary,
  ReferralTransition,
  ServiceProvider,
  ServiceProviderInput,
  ServiceProviderPatch,
} from "../../modules/incidents/incidents.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";
import type { StatisticsQuery } from "./statistics-cells";

type Query = Record<string, string | number | undefined>;

const NO_STORE = { credentials: "same-origin", cache: "no-store" } as const;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== "") params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function read<T>(path: string, query?: Query): Promise<T> {
  const res = await expectOk(fetch(url(path, query), { ...NO_STORE, method: "GET" }));
  return (await res.json()) as T;
}

async function write<T>(
  method: "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  version?: number,
): Promise<T> {
  const res = await expectOk(
    fetch(path, {
      ...NO_STORE,
      method,
      headers: { "content-type": "application/json", ...(version === undefined ? {} : ifMatch(version)) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const incident = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;
const referral = (id: string) => `/api/referrals/${encodeURIComponent(id)}`;
const provider = (id: string) => `/api/service-providers/${encodeURIComponent(id)}`;

const incidentApi = client.api.incidents;

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
  create: (input: IncidentInput) => unwrap(incidentApi.$post({ json: input })),
  update: (id: string, version: number, patch: IncidentPatch) =>
    unwrap(incidentApi[":id"].$patch({ param: { id }, header: ifMatch(version), json: patch })),
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
  // Files go by fetch: the typed client sends JSON (ui/file-upload.ts), and a download is a link.
  attachmentUrl: (id: string, attachmentId: string) =>
    `${incident(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  uploadUrl: (id: string) => `${incident(id)}/attachments`,
  subjectAccessUrl: (code: string) => `/api/incident-persons/${encodeURIComponent(code)}/subject-access`,
  referrals: (id: string) => read<ReferralSummary[]>(`${incident(id)}/referrals`),
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
};

export const referralRequests = {
  list: (query: Query) => read<{ items: ReferralSummary[]; total: number }>("/api/referrals", query),
  get: (id: string) => read<Referral>(referral(id)),
  create: (input: ReferralInput) => write<Referral>("POST", "/api/referrals", input),
  transition: (id: string, version: number, step: ReferralTransition) =>
    write<Referral>("PATCH", referral(id), step, version),
  followUp: (id: string, input: { on: string; note: string }) =>
    write<Referral>("POST", `${referral(id)}/follow-ups`, input),
};

export const providerRequests = {
  list: (query: { service?: string; districtId?: string }) =>
    read<ServiceProvider[]>("/api/service-providers", query),
  get: (id: string) => read<ServiceProvider>(provider(id)),
  create: (input: ServiceProviderInput) => write<ServiceProvider>("POST", "/api/service-providers", input),
  update: (id: string, version: number, patch: ServiceProviderPatch) =>
    write<ServiceProvider>("PATCH", provider(id), patch, version),
  remove: (id: string, version: number) => write<undefined>("DELETE", provider(id), undefined, version),
};
