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
  /** The language the setup page was read in, kept on the account (English when left out). */
  locale: LocaleSchema.optional(),
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

/**
 * What the browser asks first, in one answer that is never a 401: whether the first administrator is still to be
 * created, and who is signed in (null for nobody).
 */
export const SessionStateSchema = z.object({ setupNeeded: z.boolean(), me: MeSchema.nullable() });
export type SessionState = z.infer<typeof SessionStateSchema>;

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
  version: z.number().int(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** One account with what an administrator changes: its grants, organisations, language and whether it is active. */
export const UserDetailSchema = UserSummarySchema.extend({
  organisationIds: z.array(z.uuid()),
  /** Send it as If-Match when changing the account. */
  version: z.number().int(),
});
export type UserDetail = z.infer<typeof UserDetailSchema>;

/** What an administrator may change on an account; fields left out stay as they are. */
export const UserPatchSchema = z
  .object({
    name: PersonNameSchema,
    locale: LocaleSchema,
    grants: z.array(GrantSchema).max(50),
    organisationIds: z.array(z.uuid()).max(50),
    /** true deactivates (every session ends at once, sign-in refused), false reactivates. */
    disabled: z.boolean(),
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const InvitationInputSchema = z.object({
  email: z.email().max(254),
  /** The language of the email and of the account. */
  locale: LocaleSchema.default("en"),
  grants: z.array(GrantSchema).min(1, "Give the person at least one role.").max(50),
  organisationIds: z.array(z.uuid()).max(50).default([]),
});
export type InvitationInput = z.input<typeof InvitationInputSchema>;

export const INVITATION_STATUSES = ["pending", "accepted", "expired", "replaced"] as const;
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

export const InvitationSummarySchema = z.object({
  id: z.uuid(),
  email: z.string(),
  locale: LocaleSchema,
  grants: z.array(GrantSchema),
  organisationIds: z.array(z.uuid()),
  status: InvitationStatusSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export type InvitationSummary = z.infer<typeof InvitationSummarySchema>;

/** The emailed token; only its SHA-256 is kept. */
export const InvitationTokenSchema = z.string().min(20).max(200);

/** What the accept page shows before the invitee chooses a name and password. */
export const InvitationLookupSchema = z.object({
  email: z.string(),
  locale: LocaleSchema,
  expiresAt: z.string(),
});
export type InvitationLookup = z.infer<typeof InvitationLookupSchema>;

export const AcceptInvitationInputSchema = z.object({
  token: InvitationTokenSchema,
  name: PersonNameSchema,
  password: PasswordSchema,
});
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInputSchema>;
