import type { Executor } from "../../db/client";
import type { Actor } from "../../kernel";
import { assertAllowed, type ChildDefinition, isAllowed, type RecordScope } from "../../kernel";
import { type FieldError, notFound } from "../../shared/app-errors";
import { parsePartialDate, partialDateRange } from "../../shared/partial-date";
import { findThemeCodes } from "../themes";
import { selectAgreementDetail } from "./agreement-detail.store";
import { ownKeeper } from "./agreement-keeper";
import { toSummary } from "./agreement-list.store";
import { STATUS_TRANSITIONS } from "./agreement-status";
import type {
  AgreementDetail,
  AgreementDocument,
  AgreementValues,
  AreaInput,
  Commitment,
  Party,
  PartyInput,
  ProgressEntry,
} from "./agreements.schema";
import {
  type AgreementFields,
  type AgreementRecord,
  type AreaRow,
  type AreaTarget,
  type PlaceFacts,
  selectAgreement,
  selectAmendsChain,
  selectAreas,
  selectOrganisationNames,
  selectPartiesOf,
  selectThemesOf,
} from "./agreements.store";

export const ENTITY = "agreement";
export const COMMITMENT_ENTITY = "commitment";
export const PROGRESS_ENTITY = "progress_entry";
export const DOCUMENT_ENTITY = "agreement_document";
/** The table's name: a cascade's audit row (audit_log_cover_cascades) names its entity so too. */
export const OTHER_FIELD_ENTITY = "agreement_other_field";
export const LABEL = "The agreement";

/** An agreement's scope: its parties' organisations and the districts its places lie in (sets add none). */
export function scopeOf(
  parties: readonly { organisationId: string }[],
  areas: readonly { districtId: string | null }[],
): RecordScope {
  return {
    organisationIds: [...new Set(parties.map((p) => p.organisationId))],
    districtIds: [...new Set(areas.flatMap((a) => (a.districtId ? [a.districtId] : [])))],
  };
}

/** A short label for history lines. */
export const excerpt = (text: string, length = 120) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

export type Current = { record: AgreementRecord; parties: Party[]; themes: string[]; areas: AreaRow[] };

export async function loadCurrent(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Current | null> {
  const record = await selectAgreement(db, id, options);
  if (!record) return null;
  const parties = (await selectPartiesOf(db, [id])).get(id) ?? [];
  const themes = (await selectThemesOf(db, [id])).get(id) ?? [];
  const areas = await selectAreas(db, id);
  return { record, parties, themes, areas };
}

/** Finds the agreement and checks the actor may do `action` on it: 404 when unreadable, 403 when read-only. */
export async function loadAuthorised(
  db: Executor,
  actor: Actor,
  id: string,
  action: "update" | "delete",
): Promise<Current> {
  const current = await loadCurrent(db, id, { forUpdate: true });
  if (!current) throw notFound(LABEL);
  assertAllowed(actor, "agreement", action, scopeOf(current.parties, current.areas), LABEL);
  return current;
}

/** What the agreement's history shows of it: fields people read, parties and places by name. */
export function historyView(
  record: AgreementRecord,
  parties: readonly Party[],
  themes: readonly string[],
  areas: readonly { label: string }[],
): Record<string, unknown> {
  return {
    title: record.title,
    reference: record.reference,
    kind: record.kind,
    purpose: record.purpose,
    status: record.status,
    signedOn: record.signedOn.text,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    renewalTerms: record.renewalTerms,
    followUpBody: record.followUpBody,
    amendsId: record.amendsId,
    keeperOrganisationId: record.keeperOrganisationId,
    // Structured, so that each reader sees the roles (and statuses below) in their own language.
    parties: parties.map((p) => ({ name: p.organisationName, role: p.role })),
    themes: [...themes],
    areas: areas.map((a) => a.label),
  };
}

/** The agreement's page, read in one statement (selectAgreementDetail); 404 when unreadable. */
export async function loadDetail(
  db: Executor,
  actor: Actor,
  id: string,
  today: string,
): Promise<AgreementDetail> {
  const detail = await selectAgreementDetail(db, id, today);
  if (!detail) throw notFound(LABEL);
  const { record, parties, themes, areas, progress } = detail;
  const scope = scopeOf(parties, areas);
  assertAllowed(actor, "agreement", "read", scope, LABEL);
  return {
    ...toSummary(record, parties, themes, progress.filter((p) => p.overdue).length, today),
    purpose: record.purpose,
    renewalTerms: record.renewalTerms,
    followUpBody: record.followUpBody,
    keeperOrganisationId: record.keeperOrganisationId,
    amends: detail.amends,
    amendments: detail.amendments,
    areas: areas.map(({ districtId: _district, ...area }) => area),
    commitments: detail.commitments,
    progress,
    statusHistory: detail.statusHistory,
    documents: detail.documents,
    otherFields: detail.otherFields,
    allowedTransitions: [...STATUS_TRANSITIONS[record.status]],
    canEdit: isAllowed(actor, "agreement", "update", scope),
    canDelete: isAllowed(actor, "agreement", "delete", scope),
    createdAt: record.createdAt,
  };
}

export const toAreaTarget = (area: AreaInput): AreaTarget => ({
  placeId: area.placeId ?? null,
  placeSet: area.placeSet ?? null,
});

/** The whole agreement as it will be after a create or an update, checked against the database. */
export type Proposed = {
  fields: AgreementFields;
  parties: PartyInput[];
  themes: string[];
  areas: AreaTarget[];
  /** Commitments whose responsible organisation must stay a party, with the path to report. */
  responsibles: { organisationId: string; path: string; label: string }[];
};

/** What checkProposed reads of the organisations and themes some proposals name: for a bulk, read once for all. */
export type KnownReferences = { organisationNames: Map<string, string>; themeCodes: Set<string> };

export async function readKnownReferences(
  db: Executor,
  proposals: readonly Proposed[],
): Promise<KnownReferences> {
  return {
    organisationNames: await selectOrganisationNames(
      db,
      proposals.flatMap((p) => p.parties.map((party) => party.organisationId)),
    ),
    themeCodes: await findThemeCodes(db, [...new Set(proposals.flatMap((p) => p.themes))]),
  };
}

/**
 * Every rule that needs the database or more than one field: parties, keeper, amendments, validity,
 * themes, places. Returns all field errors at once, so that a form can show them together.
 */
export async function checkProposed(
  db: Executor,
  proposed: Proposed,
  places: Map<string, PlaceFacts>,
  options: {
    selfId?: string;
    requireAmendsTarget: boolean;
    /** The organisations and themes that exist, read once for many proposals (a bulk); else read here. */
    known?: KnownReferences;
  },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const error = (path: string, message: string, code?: string) =>
    errors.push({ path, message, in: "body", ...(code ? { code } : {}) });
  const { fields, parties, themes, areas } = proposed;

  const seen = new Set<string>();
  parties.forEach((p, i) => {
    const key = `${p.organisationId}:${p.role}`;
    if (seen.has(key)) error(`parties.${i}`, "This organisation is already a party with this role.");
    seen.add(key);
  });
  const partyIds = new Set(parties.map((p) => p.organisationId));
  const names = options.known?.organisationNames ?? (await selectOrganisationNames(db, [...partyIds]));
  parties.forEach((p, i) => {
    if (!names.has(p.organisationId)) error(`parties.${i}.organisationId`, "No organisation has this id.");
  });
  if (partyIds.size < 2)
    error("parties", "An agreement has at least two different organisations as parties.");

  if (fields.keeperOrganisationId && !partyIds.has(fields.keeperOrganisationId)) {
    error(
      "keeperOrganisationId",
      "The institution keeping the register must be one of the parties.",
      "not_a_party",
    );
  }
  for (const r of proposed.responsibles) {
    if (!partyIds.has(r.organisationId)) {
      error(r.path, `The organisation responsible for "${excerpt(r.label, 60)}" must be one of the parties.`);
    }
  }

  if (fields.kind === "amendment" && !fields.amendsId && options.requireAmendsTarget) {
    error("amendsId", "An amendment names the agreement it amends.");
  }
  if (fields.amendsId) {
    if (fields.kind !== "amendment") {
      error("amendsId", 'Only an agreement of kind "amendment" amends another one.');
    } else if (fields.amendsId === options.selfId) {
      error("amendsId", "An agreement cannot amend itself.");
    } else {
      const chain = await selectAmendsChain(db, fields.amendsId);
      if (chain.length === 0) error("amendsId", "No agreement has this id.");
      else if (options.selfId && chain.includes(options.selfId)) {
        error("amendsId", "That agreement already amends this one, directly or through others.");
      }
    }
  }

  if (fields.validFrom && fields.validUntil && fields.validUntil < fields.validFrom) {
    error("validUntil", "The end of validity cannot be before its start.");
  }
  const signed = partialDateRange(parsePartialDate(fields.signedOnText));
  if (fields.validUntil && signed && fields.validUntil < signed.from) {
    error("validUntil", `The end of validity cannot be before the signature (${fields.signedOnText}).`);
  }

  const known = options.known?.themeCodes ?? (await findThemeCodes(db, themes));
  themes.forEach((code, i) => {
    if (!known.has(code)) error(`themes.${i}`, `There is no theme "${code}".`);
  });

  const areaKeys = new Set<string>();
  areas.forEach((a, i) => {
    const key = a.placeId ?? a.placeSet ?? "";
    if (areaKeys.has(key)) error(`areas.${i}`, "This area is already listed.");
    areaKeys.add(key);
    if (a.placeId && !places.has(a.placeId)) error(`areas.${i}.placeId`, "No place has this id.");
  });
  return errors;
}

export function districtsOfTargets(areas: readonly AreaTarget[], places: Map<string, PlaceFacts>) {
  return areas.map((a) => ({ districtId: a.placeId ? (places.get(a.placeId)?.districtId ?? null) : null }));
}

/** A new agreement's keeper: as given (null is none), or when left out the officer's own organisation. */
export function keeperOf(actor: Actor, values: AgreementValues): string | null {
  if (values.keeperOrganisationId !== undefined) return values.keeperOrganisationId;
  if (actor.kind !== "user") return null;
  return ownKeeper(
    actor.organisationIds,
    values.parties.map((p) => p.organisationId),
  );
}

export const keep = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);

/** What the agreement's history keeps of a commitment: structured, so each reader sees the status in their language. */
export function commitmentLine(c: Pick<Commitment, "text" | "status">) {
  return { text: excerpt(c.text), status: c.status };
}

/** What the agreement's history keeps of a progress entry (structured, like commitmentLine). */
export function progressLine(p: Pick<ProgressEntry, "kind" | "text" | "dueOn" | "done">) {
  return p.kind === "planned"
    ? { kind: p.kind, text: excerpt(p.text), dueOn: p.dueOn, done: p.done }
    : { kind: p.kind, text: excerpt(p.text) };
}

/** What the agreement's history keeps of an other field: "Focal person: Jane Uwase". */
export function otherFieldLine(f: { label: string; value: string }) {
  return excerpt(`${f.label}: ${f.value}`);
}

export const DONE_ONLY_PLANNED: FieldError = {
  path: "done",
  message: "Only planned entries are marked done.",
  in: "body",
};

export function documentLine(d: Pick<AgreementDocument, "kind" | "fileName" | "sizeBytes">) {
  return { kind: d.kind, fileName: d.fileName, sizeBytes: d.sizeBytes };
}

/** The agreement as the parent of a versioned child: locked, and the actor must be allowed to update it. */
export type AgreementParent = { id: string; label: string; record: AgreementRecord };

export async function loadAgreementParent(db: Executor, actor: Actor, id: string): Promise<AgreementParent> {
  const { record } = await loadAuthorised(db, actor, id, "update");
  return { id, label: record.title, record };
}

/** The parts of a child definition every child of an agreement shares. */
export const agreementChild = {
  parentEntityType: ENTITY,
  parentKey: "agreementId",
  loadParent: loadAgreementParent,
} satisfies Partial<ChildDefinition<AgreementParent, { id: string; version: number }>>;
