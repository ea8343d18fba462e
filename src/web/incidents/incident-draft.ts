// The "record an incident" form's draft and what it sends: places by kind, trafficking details only for a
// trafficking case, and names and contacts only from a user allowed to record them (the form hides the fields
// otherwise, and this leaves the key out, so a hidden field can never send a stale value).
import type { z } from "zod";
import {
  type AgeGroup,
  CONTROL_METHODS,
  type DISABILITIES,
  EXPLOITATION_TYPES,
  type Incident,
  type IncidentInput,
  IncidentInputSchema,
  type IncidentKind,
  type IncidentPatch,
  type IncidentPlaceKind,
  type PERPETRATOR_TYPES,
  type Person,
  PersonInputSchema,
  type PersonPatch,
  type PersonRole,
  RECRUITMENT_METHODS,
  type Sex,
  type TRAFFICKING_EVENT_TYPES,
} from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";

export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];
export type RecruitmentMethod = (typeof RECRUITMENT_METHODS)[number];
export type ControlMethod = (typeof CONTROL_METHODS)[number];
export const TRAFFICKING_LISTS = {
  exploitationTypes: EXPLOITATION_TYPES,
  recruitmentMethods: RECRUITMENT_METHODS,
  controlMethods: CONTROL_METHODS,
} as const;
export type TraffickingList = keyof typeof TRAFFICKING_LISTS;

export type PersonDraft = {
  /** Stays with the row while rows above it are removed (React's key). */
  key: string;
  role: PersonRole;
  perpetratorType: (typeof PERPETRATOR_TYPES)[number] | "";
  sex: Sex;
  ageGroup: AgeGroup;
  nationality: string;
  disability: (typeof DISABILITIES)[number];
  name: string;
  contact: string;
};

export type EventDraft = {
  key: string;
  type: (typeof TRAFFICKING_EVENT_TYPES)[number];
  countryCode: string;
  districtId: string;
  date: string;
};

export type IncidentDraft = {
  kind: IncidentKind | "";
  occurredOn: string;
  placeKind: IncidentPlaceKind;
  /** The district picked, itself the place for "district", else the one whose sectors or prisons are offered. */
  districtId: string;
  /** The sector or the place of detention. */
  placeId: string;
  countryCode: string;
  description: string;
  reportingOrganisationId: string;
  /** The reporting organisation's periodic report the incident belongs to, if any ("" for none). */
  submissionId: string;
  exploitationTypes: ExploitationType[];
  recruitmentMethods: RecruitmentMethod[];
  controlMethods: ControlMethod[];
  events: EventDraft[];
  persons: PersonDraft[];
};

let nextKey = 0;
const newKey = () => `row-${++nextKey}`;

export function emptyPerson(role: PersonRole = "victim"): PersonDraft {
  return {
    key: newKey(),
    role,
    perpetratorType: "",
    sex: "unknown",
    ageGroup: "unknown",
    nationality: "RW",
    disability: "unknown",
    name: "",
    contact: "",
  };
}

export function emptyEvent(type: EventDraft["type"] = "Recruitment"): EventDraft {
  return { key: newKey(), type, countryCode: "RW", districtId: "", date: "" };
}

export function emptyIncidentDraft(reportingOrganisationId = ""): IncidentDraft {
  return {
    kind: "",
    occurredOn: "",
    placeKind: "district",
    districtId: "",
    placeId: "",
    countryCode: "",
    description: "",
    reportingOrganisationId,
    submissionId: "",
    exploitationTypes: [],
    recruitmentMethods: [],
    controlMethods: [],
    events: [],
    persons: [emptyPerson()],
  };
}

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** The place the kind asks for: the district itself, a sector or a prison of it; none abroad or unknown. */
function placeOf(d: IncidentDraft): string | null {
  if (d.placeKind === "district") return orNull(d.districtId);
  if (d.placeKind === "sector" || d.placeKind === "detention") return orNull(d.placeId);
  return null;
}

/** What the form sends, before the schema's own checks (`withIdentity`: the user may record names and contacts). */
export function incidentInputOf(
  d: IncidentDraft,
  withIdentity: boolean,
): z.input<typeof IncidentInputSchema> {
  return {
    // An unchosen kind is sent as it is for the schema to name the field; it never reaches the server.
    kind: d.kind as IncidentKind,
    occurredOn: orNull(d.occurredOn),
    placeKind: d.placeKind,
    placeId: placeOf(d),
    countryCode: d.placeKind === "abroad" ? orNull(d.countryCode.toUpperCase()) : null,
    description: d.description,
    reportingOrganisationId: d.reportingOrganisationId,
    submissionId: orNull(d.submissionId),
    trafficking:
      d.kind === "trafficking"
        ? {
            exploitationTypes: d.exploitationTypes,
            recruitmentMethods: d.recruitmentMethods,
            controlMethods: d.controlMethods,
            events: d.events.map((e) => ({
              type: e.type,
              countryCode: orNull(e.countryCode.toUpperCase()),
              districtId: e.countryCode.toUpperCase() === "RW" ? orNull(e.districtId) : null,
              date: orNull(e.date),
            })),
          }
        : null,
    persons: d.persons.map((p) => {
      const name = orNull(p.name);
      const contact = orNull(p.contact);
      return {
        role: p.role,
        perpetratorType: p.role === "perpetrator" ? p.perpetratorType || null : null,
        sex: p.sex,
        ageGroup: p.ageGroup,
        nationality: orNull(p.nationality.toUpperCase()),
        disability: p.disability,
        ...(withIdentity && (name !== null || contact !== null) ? { identity: { name, contact } } : {}),
      };
    }),
  };
}

/** The schema's verdict on the draft: field errors with the paths the server would give. */
export function validateIncidentDraft(d: IncidentDraft, withIdentity: boolean): FieldError[] {
  const input = incidentInputOf(d, withIdentity);
  const errors = errorsOf(input);
  // Zod checks the place rules only once every field is valid: with the kind or the text still missing, they are
  // checked again with stand-ins, so that one press names every field to fix, the place too.
  if (!errors.some((e) => e.path === "kind" || e.path === "description")) return errors;
  const standIns = { ...input, kind: input.kind || "human_rights_abuse", description: "-" };
  return [...errors, ...errorsOf(standIns).filter((e) => !errors.some((f) => f.path === e.path))];
}

function errorsOf(input: z.input<typeof IncidentInputSchema>): FieldError[] {
  const parsed = IncidentInputSchema.safeParse(input);
  return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
}

/** The input to send; call after validateIncidentDraft found nothing (it throws otherwise). */
export const incidentInputFrom = (d: IncidentDraft, withIdentity: boolean): IncidentInput =>
  IncidentInputSchema.parse(incidentInputOf(d, withIdentity));

/** Paths the form shows beside a field; an error elsewhere (a whole list, a rule on the record) is listed on top. */
const SHOWN = [
  /^(kind|occurredOn|placeKind|placeId|countryCode|description|reportingOrganisationId|submissionId)$/,
  /^trafficking\.(exploitationTypes|recruitmentMethods|controlMethods)(\.|$)/,
  /^trafficking\.events\.\d+\.(type|countryCode|districtId|date)$/,
  /^persons\.\d+\.(role|perpetratorType|sex|ageGroup|nationality|disability)$/,
];
const IDENTITY = /^persons\.\d+\.identity(\.|$)/;
/** `withIdentity`: the name and contact fields are on the form, so their errors are shown there. */
export const errorsNotBesideAField = (errors: readonly FieldError[], withIdentity: boolean): FieldError[] =>
  errors.filter((e) => !SHOWN.some((re) => re.test(e.path)) && !(withIdentity && IDENTITY.test(e.path)));

/** The draft of a saved incident's facts, to correct them (its persons are changed one by one, not here). */
export function incidentDraftOf(i: Incident): IncidentDraft {
  const within = i.placeKind === "sector" || i.placeKind === "detention";
  return {
    kind: i.kind,
    occurredOn: i.occurredOn ?? "",
    placeKind: i.placeKind,
    districtId: i.districtId ?? "",
    placeId: within ? (i.placeId ?? "") : "",
    countryCode: i.countryCode ?? "",
    description: i.description ?? "",
    reportingOrganisationId: i.reportingOrganisationId,
    submissionId: i.submissionId ?? "",
    exploitationTypes: i.trafficking?.exploitationTypes ?? [],
    recruitmentMethods: i.trafficking?.recruitmentMethods ?? [],
    controlMethods: i.trafficking?.controlMethods ?? [],
    events: (i.trafficking?.events ?? []).map((e) => ({
      key: newKey(),
      type: e.type,
      countryCode: e.countryCode ?? "",
      districtId: e.districtId ?? "",
      date: e.date ?? "",
    })),
    persons: [],
  };
}

/** The record form's checks on the facts alone: the same schema, with no persons to check. */
export const validateIncidentFacts = (d: IncidentDraft): FieldError[] =>
  validateIncidentDraft({ ...d, persons: [] }, false);

/** The facts to send as a PATCH; the reporting organisation is not changed here. Call after validateIncidentFacts. */
export function incidentPatchFrom(d: IncidentDraft): IncidentPatch {
  const {
    persons: _persons,
    reportingOrganisationId: _organisation,
    ...facts
  } = incidentInputFrom({ ...d, persons: [] }, false);
  return facts;
}

/** A saved person as a row of the form. */
export function personDraftOf(p: Person): PersonDraft {
  return {
    key: p.id,
    role: p.role,
    perpetratorType: p.perpetratorType ?? "",
    sex: p.sex,
    ageGroup: p.ageGroup,
    nationality: p.nationality ?? "",
    disability: p.disability,
    name: p.identity?.name ?? "",
    contact: p.identity?.contact ?? "",
  };
}

/** A person to add to a saved incident; name and contact only from a user allowed to write them. */
export function personInputOf(p: PersonDraft, withIdentity: boolean): z.input<typeof PersonInputSchema> {
  const name = orNull(p.name);
  const contact = orNull(p.contact);
  return {
    role: p.role,
    perpetratorType: p.role === "perpetrator" ? p.perpetratorType || null : null,
    sex: p.sex,
    ageGroup: p.ageGroup,
    nationality: orNull(p.nationality.toUpperCase()),
    disability: p.disability,
    ...(withIdentity && (name !== null || contact !== null) ? { identity: { name, contact } } : {}),
  };
}

/**
 * The change to a saved person: the profile always, the identity only from a user allowed to write it and only when
 * it changed (so that an unchanged name is not written, and audited, again).
 */
export function personPatchOf(p: PersonDraft, before: Person, withIdentity: boolean): PersonPatch {
  const { identity: _identity, ...profile } = personInputOf(p, false);
  const name = orNull(p.name);
  const contact = orNull(p.contact);
  const changed = name !== (before.identity?.name ?? null) || contact !== (before.identity?.contact ?? null);
  return {
    role: profile.role,
    perpetratorType: profile.perpetratorType ?? null,
    sex: profile.sex ?? "unknown",
    ageGroup: profile.ageGroup ?? "unknown",
    nationality: profile.nationality ?? null,
    disability: profile.disability ?? "unknown",
    ...(withIdentity && changed ? { identity: { name, contact } } : {}),
  };
}

/** The schema's verdict on one person: field errors with paths relative to the person (`perpetratorType`). */
export function validatePersonDraft(p: PersonDraft, withIdentity: boolean): FieldError[] {
  const parsed = PersonInputSchema.safeParse(personInputOf(p, withIdentity));
  return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
}
