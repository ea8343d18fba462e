// The incidents, referrals and service-providers API as the pages call it. Nothing here is kept: every call asks
// the browser's HTTP cache to keep nothing (the server also answers no-store), and the service worker never keeps
// these paths (offline-rules.ts). Confidential answers live in component state only and go with the page.
import type {
  AccessLogEntry,
  ConsentInput,
  Incident,
  IncidentInput,
  IncidentList,
  IncidentPatch,
  Person,
  Referral,
  ReferralInput,
  ReferralSummary,
  ReferralTransition,
  ServiceProvider,
  ServiceProviderInput,
  ServiceProviderPatch,
} from "../../modules/incidents/incidents.schema";
import { expectOk, ifMatch } from "../api";
import type { IncidentStatistics, StatisticsQuery } from "./statistics-cells";

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
const person = (id: string, personId: string) => `${incident(id)}/persons/${encodeURIComponent(personId)}`;
const referral = (id: string) => `/api/referrals/${encodeURIComponent(id)}`;
const provider = (id: string) => `/api/service-providers/${encodeURIComponent(id)}`;

export const incidentRequests = {
  list: (query: Query) => read<IncidentList>("/api/incidents", query),
  get: (id: string) => read<Incident>(incident(id)),
  create: (input: IncidentInput) => write<Incident>("POST", "/api/incidents", input),
  update: (id: string, version: number, patch: IncidentPatch) =>
    write<Incident>("PATCH", incident(id), patch, version),
  addConsent: (id: string, personId: string, input: ConsentInput) =>
    write<Person>("POST", `${person(id, personId)}/consents`, input),
  withdrawConsent: (id: string, personId: string, consentId: string, withdrawnOn: string) =>
    write<Person>("POST", `${person(id, personId)}/consents/${encodeURIComponent(consentId)}/withdrawal`, {
      withdrawnOn,
    }),
  accessLog: (id: string) => read<AccessLogEntry[]>(`${incident(id)}/access-log`),
  breakGlass: (id: string, reason: string) =>
    write<Incident>("POST", `${incident(id)}/break-glass`, { reason }),
  attachmentUrl: (id: string, attachmentId: string) =>
    `${incident(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  uploadUrl: (id: string) => `${incident(id)}/attachments`,
  referrals: (id: string) => read<ReferralSummary[]>(`${incident(id)}/referrals`),
  statistics: (query: StatisticsQuery) => read<IncidentStatistics>("/api/incidents/statistics", query),
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
