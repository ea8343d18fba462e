// Roles, scopes, grants and the acting user: browser-safe schemas and types.
import { z } from "zod";

import { GrantSchema } from "../../kernel/actor.schema";

// Defined in the kernel, which every module shares; re-exported for the browser and this module's callers.
export {
  type Actor,
  type Grant,
  GrantSchema,
  ROLES,
  type Role,
  RoleSchema,
  SCOPE_TYPES,
  type ScopeType,
  ScopeTypeSchema,
  type SystemActor,
  type UserActor,
} from "../../kernel/actor.schema";

export const LOCALES = ["en", "fr", "rw"] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** Length only: the strength rule (common lists, the email, the name) is checkPasswordStrength, on the server. */
export const PasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
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
  /** The account's version: send it as If-Match when changing the language. */
  version: z.number().int(),
  /** The second factor (TOTP): whether set up, and whether this administrator must still set one up, by when. */
  secondFactor: z.object({
    enabled: z.boolean(),
    required: z.boolean(),
    requiredBy: z.string().nullable(),
    /** Past requiredBy: the administrator grants are withheld until a second factor is verified. */
    overdue: z.boolean(),
  }),
});
export type Me = z.infer<typeof MeSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(128),
  /** The new password: at least 12 characters, and checked for strength on the server. */
  password: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

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
