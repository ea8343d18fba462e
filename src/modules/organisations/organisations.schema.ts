// Organisations and memberships: Zod schemas shared by the API, the forms and the CLI; browser-safe.
import { z } from "zod";
import { ORGANISATION_KINDS } from "./organisation-kinds";

export { ORGANISATION_KINDS };

export const OrganisationKindSchema = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKindSchema>;

export const MEMBERSHIP_ROLES = [
  "member",
  "chair",
  "vice_chair",
  "regional_chair",
  "vice_regional_chair",
  "secretary",
  "treasurer",
  "board_member",
  "observer",
  "partner",
] as const;
export const MembershipRoleSchema = z.enum(MEMBERSHIP_ROLES);
export type MembershipRole = z.infer<typeof MembershipRoleSchema>;

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
// Codes the runtime names that are not countries (unknown region, EU, Eurozone, UN, outlying Oceania).
const NOT_COUNTRIES = new Set(["ZZ", "EU", "EZ", "UN", "QO"]);
/** ISO 3166-1 alpha-2, checked against the region names the runtime knows. */
export const CountryCodeSchema = z
  .string()
  .max(20)
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use a two-letter country code such as RW.")
  // Zod runs this refine even after the regex failed, and Intl throws on malformed codes such as "R":
  // only well-formed codes are looked up (a malformed one is already reported by the regex).
  .refine(
    (code) => !/^[A-Z]{2}$/.test(code) || (!NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined),
    "This is not a known country code.",
  );

// PostgreSQL text cannot hold U+0000: refuse it as a field error rather than fail in the database.
const NUL_MESSAGE = "Remove the invisible control character (U+0000).";
const hasNoNul = (s: string) => !s.includes("\u0000");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(hasNoNul, NUL_MESSAGE)
    .transform((s) => (s === "" ? null : s))
    .nullable();

const PhoneSchema = z
  .string()
  .trim()
  .max(40)
  .refine(
    (s) => s === "" || /^\+?[0-9 ()./-]{6,40}$/.test(s),
    "Use digits, spaces and an optional leading +.",
  )
  .refine((s) => s === "" || s.replace(/\D/g, "").length >= 6, "A phone number has at least 6 digits.")
  .transform((s) => (s === "" ? null : s))
  .nullable();

const EmailSchema = z
  .union([z.literal(""), z.email("Use an address such as info@example.org.").max(254)])
  .transform((s) => (s === "" ? null : s.toLowerCase()))
  .nullable();

/** Accepts "www.ibi.org" as written in the source documents and stores a full https URL. */
const WebsiteSchema = z
  .string()
  .trim()
  .max(300)
  .transform((s, ctx) => {
    if (s === "") return null;
    const withScheme = /^[a-z]+:\/\//i.test(s) ? s : `https://${s}`;
    try {
      const url = new URL(withScheme);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes("."))
        return url.toString();
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "Use a web address such as www.example.org." });
    return z.NEVER;
  })
  .nullable();

const NameSchema = z
  .string()
  .trim()
  .min(2, "A name has at least 2 characters.")
  .max(200)
  .refine(hasNoNul, NUL_MESSAGE);

export const OrganisationInputSchema = z.object({
  name: NameSchema,
  acronym: optionalText(30).optional(),
  aliases: z.array(z.string().trim().min(1).max(200).refine(hasNoNul, NUL_MESSAGE)).max(30).optional(),
  kind: OrganisationKindSchema,
  /** Omitted: Rwanda. Empty or null: no country (an international association or network). */
  countryCode: z
    .union([z.literal(""), CountryCodeSchema])
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional(),
  email: EmailSchema.optional(),
  phone: PhoneSchema.optional(),
  website: WebsiteSchema.optional(),
  address: optionalText(500).optional(),
  description: optionalText(4000).optional(),
});
export type OrganisationInput = z.input<typeof OrganisationInputSchema>;
export type OrganisationValues = z.output<typeof OrganisationInputSchema>;

export const OrganisationPatchSchema = OrganisationInputSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type OrganisationPatch = z.output<typeof OrganisationPatchSchema>;

export const OrganisationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  acronym: z.string().nullable(),
  aliases: z.array(z.string()),
  kind: OrganisationKindSchema,
  countryCode: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string().nullable(),
  /** The day (Kigali) it was deactivated; null while active. Its reporting obligations pause after that day. */
  deactivatedOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const OrganisationListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: OrganisationKindSchema.optional(),
  countryCode: CountryCodeSchema.optional(),
  status: z.enum(["active", "deactivated"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type OrganisationListQuery = z.output<typeof OrganisationListQuerySchema>;

export const OrganisationListSchema = z.object({
  items: z.array(OrganisationSchema),
  total: z.number().int(),
});
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

export const MembershipInputSchema = z
  .object({
    networkId: z.uuid(),
    role: MembershipRoleSchema,
    roleNote: optionalText(200).optional(),
    startYear: z.number().int().min(1900).max(2100).nullable().optional(),
    endYear: z.number().int().min(1900).max(2100).nullable().optional(),
  })
  .refine((m) => m.startYear == null || m.endYear == null || m.endYear >= m.startYear, {
    message: "The end year cannot be before the start year.",
    path: ["endYear"],
  });
export type MembershipInput = z.input<typeof MembershipInputSchema>;

export const MembershipSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  networkId: z.uuid(),
  networkName: z.string(),
  role: MembershipRoleSchema,
  roleNote: z.string().nullable(),
  startYear: z.number().int().nullable(),
  endYear: z.number().int().nullable(),
  version: z.number().int(),
});
export type Membership = z.infer<typeof MembershipSchema>;

/** E.164 allows 15 digits: a longer number is a typo or two numbers in one field. */
const MAX_PHONE_DIGITS = 15;

/** A contact's phone: as the organisation's, and no more digits than E.164 allows. */
const ContactPhoneSchema = PhoneSchema.superRefine((s, ctx) => {
  if (s && s.replace(/\D/g, "").length > MAX_PHONE_DIGITS)
    ctx.addIssue({
      code: "too_big",
      origin: "string",
      maximum: MAX_PHONE_DIGITS,
      message: `A phone number has at most ${MAX_PHONE_DIGITS} digits.`,
    });
});

/** A contact person: a named person of the organisation, with what they do there and how to reach them. */
export const ContactPersonInputSchema = z
  .object({
    name: NameSchema,
    /** What the person does there, e.g. "Programme officer". */
    function: optionalText(200).optional(),
    email: EmailSchema.optional(),
    phone: ContactPhoneSchema.optional(),
  })
  .strict();
export type ContactPersonInput = z.input<typeof ContactPersonInputSchema>;
export type ContactPersonValues = z.output<typeof ContactPersonInputSchema>;

export const ContactPersonPatchSchema = ContactPersonInputSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "Change at least one field.");
export type ContactPersonPatch = z.input<typeof ContactPersonPatchSchema>;

export const ContactPersonSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  function: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  version: z.number().int(),
});
export type ContactPerson = z.infer<typeof ContactPersonSchema>;

export const ContactPersonListSchema = z.object({ items: z.array(ContactPersonSchema) });
export type ContactPersonList = z.infer<typeof ContactPersonListSchema>;

/** At most this many contact persons per organisation: a directory of people, not a staff list. */
export const MAX_CONTACT_PERSONS = 20;

export const OrganisationDetailSchema = OrganisationSchema.extend({
  /** Networks this organisation belongs to. */
  memberships: z.array(MembershipSchema),
  /** Organisations that belong to this one, when it is a network. */
  members: z.array(MembershipSchema),
  /** The people to reach there, in the order they were recorded. */
  contactPersons: z.array(ContactPersonSchema),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export type OrganisationDetail = z.infer<typeof OrganisationDetailSchema>;
