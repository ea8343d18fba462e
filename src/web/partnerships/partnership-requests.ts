// The partnership calls the pages make, typed from the server's routes.
import type {
  MemberRole,
  PartnershipInput,
  PartnershipPatch,
} from "../../modules/partnerships/partnerships.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";

const one = client.api.partnerships[":id"];
const members = client.api.partnerships[":id"].members;

export const partnershipRequests = {
  list: (query: { q?: string }) => unwrap(client.api.partnerships.$get({ query })),
  get: (id: string) => unwrap(one.$get({ param: { id } })),
  work: (id: string) => unwrap(one.work.$get({ param: { id } })),
  create: (json: PartnershipInput) => unwrap(client.api.partnerships.$post({ json })),
  update: (id: string, version: number, json: PartnershipPatch) =>
    unwrap(one.$patch({ param: { id }, header: ifMatch(version), json })),
  remove: (id: string, version: number) =>
    expectOk(one.$delete({ param: { id }, header: ifMatch(version) }) as unknown as Promise<Response>),
  addMember: (id: string, organisationId: string, role: MemberRole) =>
    unwrap(members.$post({ param: { id }, json: { organisationId, role } })),
  changeMember: (id: string, memberId: string, version: number, role: MemberRole) =>
    unwrap(
      members[":memberId"].$patch({ param: { id, memberId }, header: ifMatch(version), json: { role } }),
    ),
  removeMember: (id: string, memberId: string, version: number) =>
    expectOk(
      members[":memberId"].$delete({
        param: { id, memberId },
        header: ifMatch(version),
      }) as unknown as Promise<Response>,
    ),
  themes: () => unwrap(client.api.themes.$get()),
  demoAvailable: () => unwrap(client.api.demo.partnership.$get()),
  loadDemo: () => unwrap(client.api.demo.partnership.$post()),
};
