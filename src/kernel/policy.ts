// The one policy table: which role may do what on which resource, and in which scope. Deny by default.
import type { Actor, Grant, Role } from "./actor.schema";

export const RESOURCES = [
  "organisation",
  "organisation_status",
  "membership",
  "place",
  "user",
  "agreement",
  "theme",
  "programme",
  "reporting_body",
  "reporting_obligation",
  "submission",
  "submission_review",
  "district_meeting",
  "meeting_action_item",
  "incident",
  "incident_identity",
  "incident_consent_override",
  "incident_break_glass",
  "incident_statistics",
  "referral",
  "service_provider",
  "audit_activity",
  "occupancy",
  "monitoring_visit",
  "recommendation",
  "recommendation_response",
  "monitoring_plan",
  "partnership",
  "library_document",
  "lesson",
  "lesson_comment",
  "public_portal",
] as const;
export type Resource = (typeof RESOURCES)[number];
export const ACTIONS = ["read", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

/** "anywhere": the grant's scope does not matter; "in-scope": the record must fall in the grant's scope. */
export type Rule = { role: Role; where: "anywhere" | "in-scope" };

const everyone = (where: Rule["where"]): Rule[] =>
  (
    [
      "administrator",
      "coordinator",
      "district_officer",
      "partner_editor",
      "viewer",
      "case_worker",
      "incident_reviewer",
      "monitor",
    ] as const
  ).map((role) => ({
    role,
    where,
  }));

export const POLICY: Record<Resource, Record<Action, readonly Rule[]>> = {
  // The organisation register is shared by the sector: every signed-in user reads it.
  organisation: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "anywhere" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      // Partner staff keep their own organisation's profile.
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
  },
  // Deactivating an organisation (its reporting obligations pause) and reactivating it: administrators and
  // coordinators only, not the organisation's own staff.
  organisation_status: {
    read: everyone("anywhere"),
    create: [],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
    delete: [],
  },
  // Memberships are edited with the member organisation's rights.
  membership: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
  },
  // The agreements register is shared; partner staff keep the agreements their organisation is party to.
  // An agreement's scope: its parties' organisations and the districts of its areas.
  agreement: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
  },
  // Programmes are read across the sector; partner staff keep those their organisation leads or implements,
  // with their logframe, indicators, results and events. A programme's scope: lead, partners, donors, districts.
  programme: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
  },
  theme: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
    update: [{ role: "administrator", where: "anywhere" }],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  place: {
    read: everyone("anywhere"),
    create: [{ role: "administrator", where: "anywhere" }],
    update: [{ role: "administrator", where: "anywhere" }],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  // Periodic reporting. Bodies and obligations are not secret: every signed-in user reads them. A district officer
  // sets the obligations to the bodies of their district (an obligation's scope: its body's organisation and
  // district); administrators and coordinators anywhere.
  reporting_body: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  reporting_obligation: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  // A submission as its organisation writes it (scope: the reporting organisation only). Partner staff draft and
  // submit for their organisation; the bodies it is addressed to read it through submission_review.
  submission: {
    read: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
      { role: "district_officer", where: "in-scope" },
    ],
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
  },
  // One body's review of a submission (scope: the body's organisation and district): district officers review for
  // the bodies of their district, a body's own staff for their body; coordinators see all.
  submission_review: {
    read: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    create: [{ role: "administrator", where: "anywhere" }],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  // A district's JRLOS coordination committee or JADF meeting, with its agenda, minutes and action items (scope: the
  // district, the body's organisation and the organisations the meeting names). District officers keep their
  // district's meetings; partner staff read those that concern their organisation (a late report, an action item,
  // their own body) — not every meeting of a district they work in, which the 3W decides by dates and cannot be a
  // record's scope; coordinators and administrators everywhere.
  district_meeting: {
    read: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
    ],
  },
  // The status of a meeting's action item (scope: the meeting's district and the item's owner organisation). Items
  // are added, reworded and removed with the meeting's rights; their owner organisation's editors also mark their own
  // items done (or dropped) here, and gain nothing else over the meeting. Read with the meeting; never created or
  // deleted on their own.
  meeting_action_item: {
    read: [],
    create: [],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [],
  },
  // Confidential incidents (scope: the reporting organisation and the incident's district). Case workers and partner
  // staff file and keep their organisation's incidents; reviewers and viewers read them in their scope, always
  // without names (incident_identity). Administrators and coordinators run the register, not cases: they get counts.
  incident: {
    read: [
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "incident_reviewer", where: "in-scope" },
      { role: "viewer", where: "in-scope" },
    ],
    create: [
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [],
  },
  // Names and contacts of the persons in an incident or a referral: case workers in their scope only. Without this,
  // the keys are absent from every answer, page and export.
  incident_identity: {
    read: [{ role: "case_worker", where: "in-scope" }],
    create: [{ role: "case_worker", where: "in-scope" }],
    update: [{ role: "case_worker", where: "in-scope" }],
    delete: [{ role: "case_worker", where: "in-scope" }],
  },
  // Referring without the person's consent because their life or health is at stake (vital interest), with a reason.
  incident_consent_override: {
    read: [],
    // Those who make referrals: a reviewer makes none, so has nothing to override.
    create: [{ role: "case_worker", where: "in-scope" }],
    update: [],
    delete: [],
  },
  // Opening one incident outside one's scope for three hours, with a reason, audited.
  incident_break_glass: {
    read: [],
    create: [{ role: "incident_reviewer", where: "anywhere" }],
    update: [],
    delete: [],
  },
  // Counts with small cells suppressed (scope: the district counted): district and national dashboards.
  incident_statistics: {
    read: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "incident_reviewer", where: "in-scope" },
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "viewer", where: "in-scope" },
    ],
    create: [],
    update: [],
    delete: [],
  },
  // A referral (scope: the referring organisation, the provider's organisation and the incident's district). The
  // provider's case workers answer it and log follow-ups; the referring side makes it and may close it.
  referral: {
    read: [
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "incident_reviewer", where: "in-scope" },
    ],
    create: [
      { role: "case_worker", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [{ role: "case_worker", where: "in-scope" }],
    delete: [],
  },
  // The directory of service providers is not secret; administrators and coordinators keep it, a provider's own case
  // workers their entry.
  service_provider: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "case_worker", where: "in-scope" },
    ],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  // What the audit log says a user read or changed between two times (the breach report of issue 17), and who broke
  // the glass on which record: administrators only. Nobody writes it: the audit log is written by the use cases.
  audit_activity: {
    read: [{ role: "administrator", where: "anywhere" }],
    create: [],
    update: [],
    delete: [],
  },
  // Occupancy figures of places of detention are published facts: everyone reads them; monitors, coordinators and
  // administrators record and import them.
  occupancy: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "monitor", where: "anywhere" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "monitor", where: "anywhere" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "monitor", where: "anywhere" },
    ],
  },
  // Monitoring visits and their findings (scope: the monitoring body, e.g. the NCHR as NPM). Confidential until the
  // institution publishes the visit report; a published visit is read by every signed-in user (the service decides
  // that, not this table).
  monitoring_visit: {
    read: [{ role: "monitor", where: "in-scope" }],
    create: [{ role: "monitor", where: "in-scope" }],
    update: [{ role: "monitor", where: "in-scope" }],
    delete: [{ role: "monitor", where: "in-scope" }],
  },
  // Recommendations and follow-up actions, as the monitoring body writes and tracks them (scope: the monitoring
  // body). Published ones are read by every signed-in user (the service decides that).
  recommendation: {
    read: [{ role: "monitor", where: "in-scope" }],
    create: [{ role: "monitor", where: "in-scope" }],
    update: [{ role: "monitor", where: "in-scope" }],
    delete: [{ role: "monitor", where: "in-scope" }],
  },
  // The addressee's side (scope: the addressee organisation): its staff read the recommendations addressed to it,
  // published or not, answer them, keep their action plan and report progress. Nothing else unpublished.
  recommendation_response: {
    read: [{ role: "partner_editor", where: "in-scope" }],
    create: [{ role: "partner_editor", where: "in-scope" }],
    update: [{ role: "partner_editor", where: "in-scope" }],
    delete: [{ role: "partner_editor", where: "in-scope" }],
  },
  // The monitoring body's roadmap (scope: the monitoring body): its monitors keep it; administrators read it.
  monitoring_plan: {
    read: [
      { role: "monitor", where: "in-scope" },
      { role: "administrator", where: "anywhere" },
    ],
    create: [{ role: "monitor", where: "in-scope" }],
    update: [{ role: "monitor", where: "in-scope" }],
    delete: [{ role: "monitor", where: "in-scope" }],
  },
  // The documents and lessons library is shared by the sector: every signed-in user reads it (files kept with an
  // agreement or a visit keep their record's access, decided by their module). Documents and lessons are added by
  // those who work for an organisation (scope: the organisations it is by or about; a lesson's organisation);
  // administrators and coordinators keep all of them.
  library_document: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "monitor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "monitor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
  },
  lesson: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "monitor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "district_officer", where: "in-scope" },
      { role: "partner_editor", where: "in-scope" },
      { role: "monitor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
  },
  // Anyone who reads a lesson may comment on it; comments are not edited.
  lesson_comment: {
    read: everyone("anywhere"),
    create: everyone("anywhere"),
    update: [],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
  // Partnerships (coalitions, platforms, consortia, networks) are read across the sector, like the programmes and
  // agreements they gather. Administrators and coordinators keep any; partner staff keep those their organisation
  // leads, runs the secretariat of or is a member of (scope: those members' organisations, decision 028), and may
  // start one that names their organisation so. Donors and observers read.
  partnership: {
    read: everyone("anywhere"),
    create: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    update: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
      { role: "partner_editor", where: "in-scope" },
    ],
    delete: [
      { role: "administrator", where: "anywhere" },
      { role: "coordinator", where: "anywhere" },
    ],
  },
  // What the public portal publishes, per institution and section, and its licence line (decision 031): an
  // administrator's choice, since publishing speaks for the institution to everyone. Nobody creates or deletes it:
  // the one settings record is made by the migration.
  public_portal: {
    read: [{ role: "administrator", where: "anywhere" }],
    create: [],
    update: [{ role: "administrator", where: "anywhere" }],
    delete: [],
  },
  user: {
    read: [{ role: "administrator", where: "anywhere" }],
    create: [{ role: "administrator", where: "anywhere" }],
    update: [{ role: "administrator", where: "anywhere" }],
    delete: [{ role: "administrator", where: "anywhere" }],
  },
};

/** Where a record sits, for scope checks: the organisations it belongs to and the districts it touches. */
export type RecordScope = { organisationIds: readonly string[]; districtIds: readonly string[] };

/** May the actor do this action on this record (or on the resource, when no record is given)? */
export function isAllowed(actor: Actor, resource: Resource, action: Action, record?: RecordScope): boolean {
  if (actor.kind === "system") return true;
  const rules = POLICY[resource][action];
  for (const grant of actor.grants) {
    for (const rule of rules) {
      if (rule.role !== grant.role) continue;
      if (rule.where === "anywhere" || grant.scopeType === "national") return true;
      if (!record || grant.scopeId === null) continue;
      if (grant.scopeType === "organisation" && record.organisationIds.includes(grant.scopeId)) return true;
      if (grant.scopeType === "district" && record.districtIds.includes(grant.scopeId)) return true;
    }
  }
  return false;
}

/**
 * Whether one of these grants has a rule for this action on this resource, whatever its scope: what a page offers
 * before there is a record (a list's "new" button). isAllowed answers for one record; the server checks each request.
 */
export function maySomewhere(grants: readonly Grant[], resource: Resource, action: Action): boolean {
  return grants.some((grant) => POLICY[resource][action].some((rule) => rule.role === grant.role));
}

/** What a list may show: everything, or only records in these scopes (possibly none). */
export type ListScope = { all: true } | { all: false; organisationIds: string[]; districtIds: string[] };

export function listScope(actor: Actor, resource: Resource, action: Action = "read"): ListScope {
  if (actor.kind === "system") return { all: true };
  const organisationIds: string[] = [];
  const districtIds: string[] = [];
  for (const grant of actor.grants) {
    for (const rule of POLICY[resource][action]) {
      if (rule.role !== grant.role) continue;
      if (rule.where === "anywhere" || grant.scopeType === "national") return { all: true };
      if (grant.scopeType === "organisation" && grant.scopeId) organisationIds.push(grant.scopeId);
      if (grant.scopeType === "district" && grant.scopeId) districtIds.push(grant.scopeId);
    }
  }
  return { all: false, organisationIds, districtIds };
}
