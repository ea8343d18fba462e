// Roles, scopes, grants and the acting user: browser-safe schemas and types.
import { z } from "zod";

export const ROLES = [
  "administrator",
  "coordinator",
  "district_officer",
  "partner_editor",
  "viewer",
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const SCOPE_TYPES = ["national", "district", "organisation"] as const;
export const ScopeTypeSchema = z.enum(SCOPE_TYPES);
export type ScopeType = z.infer<typeof ScopeTypeSchema>;

export const LOCALES = ["en", "fr", "rw"] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

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

export const PasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(128, "Use at most 128 characters.");

/** A person's name; PostgreSQL text cannot hold U+0000, so it is refused here rather than fail in the database. */
const PersonNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(120)
  .refine((s) => !s.includes("\u0000"), "Remove the invisible control character (U+0000).");

export const SetupInputSchema = z.object({
  name: PersonNameSchema,
  email: z.email().max(254),
  password: PasswordSchema,
});
export type SetupInput = z.infer<typeof SetupInputSchema>;

export const MeSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale: LocaleSchema,
  grants: z.array(GrantSchema),
  organisationIds: z.array(z.uuid()),
});
export type Me = z.infer<typeof MeSchema>;

export const UpdateMeSchema = z.object({ locale: LocaleSchema });

export const UserInputSchema = z.object({
  name: PersonNameSchema,
  email: z.email().max(254),
  password: PasswordSchema,
  locale: LocaleSchema.default("en"),
  grants: z.array(GrantSchema).max(50).default([]),
  organisationIds: z.array(z.uuid()).max(50).default([]),
});
export type UserInput = z.input<typeof UserInputSchema>;

export const UserSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale: LocaleSchema,
  disabled: z.boolean(),
  grants: z.array(GrantSchema),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;
