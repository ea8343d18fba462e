// Roles, scopes, grants and who is acting: browser-safe schemas and types every module shares.
import { z } from "zod";

export const ROLES = [
  "administrator",
  "coordinator",
  "district_officer",
  "partner_editor",
  "viewer",
  // Staff who handle confidential cases at an organisation (a CSO that files incidents, a service provider that
  // receives referrals): the only role that sees names and contacts.
  "case_worker",
  // Reviews incidents of a district or nationally (a JRLOS secretariat, the NCHR): pseudonymous records and counts,
  // and break-the-glass in an emergency.
  "incident_reviewer",
  // A monitor of the National Preventive Mechanism (scoped to the monitoring body): plans visits to places of
  // detention, records findings and recommendations, follows them up.
  "monitor",
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const SCOPE_TYPES = ["national", "district", "organisation"] as const;
export const ScopeTypeSchema = z.enum(SCOPE_TYPES);
export type ScopeType = z.infer<typeof ScopeTypeSchema>;

export const GrantSchema = z
  .object({
    role: RoleSchema,
    scopeType: ScopeTypeSchema,
    scopeId: z.uuid().nullable(),
  })
  .refine((g) => (g.scopeType === "national") === (g.scopeId === null), {
    message: "A national grant has no scope id; a district or organisation grant needs one.",
    path: ["scopeId"],
  });
export type Grant = z.infer<typeof GrantSchema>;

export type UserActor = {
  kind: "user";
  userId: string;
  label: string;
  grants: Grant[];
  organisationIds: string[];
};
/** The CLI and start-up jobs act as the system: the operator of the machine. */
export type SystemActor = { kind: "system"; label: string };
export type Actor = UserActor | SystemActor;
