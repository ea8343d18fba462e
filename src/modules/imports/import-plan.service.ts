// The plan of a status-report import: what the file holds and what importing it would create or update.
import type { ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError } from "../../shared/app-errors";
import {
  type AgreementChildTexts,
  type AgreementPartySet,
  listAgreementChildTexts,
  listAgreementPartySets,
  otherFieldText,
} from "../agreements";
import { listAllOrganisations, type Organisation, OrganisationInputSchema } from "../organisations";
import { listThemes } from "../themes";
import type * as DocumentTables from "./document-tables.import";
import type { SourceDocument } from "./document-tables.import";
import type {
  ImportCounts,
  ImportIssue,
  ImportOptions,
  ImportPreview,
  OrganisationDecision,
  OrganisationProposal,
  PreviewRow,
} from "./imports.schema";
import type { ParsedMembership } from "./membership-roles";
import {
  indexOrganisations,
  type KnownOrganisation,
  matchOrganisation,
  nameKey,
  type OrganisationIndex,
  type OrganisationMatch,
} from "./organisation-matching";
import { excludedRowsOf, findExcludedRows, problemRowsOf, sourceRows, splitDocument } from "./row-exclusion";
import {
  type ParsedAgreement,
  type ParsedOrganisation,
  type ParsedRow,
  type ParsedStatusReport,
  type ParseOptions,
  parseStatusReport,
} from "./status-report.import";

export type ImportFile = { name: string; bytes: Uint8Array };

/** Parsed in a worker thread (kernel/files): the module is loaded there, never on the request thread. */
const DOCUMENT_TABLES_PARSER = codeModuleUrl("modules/imports/document-tables.import.ts");

/** "RCS" as written, or the initials of "Rwanda Correctional Service"; null for one-word names. */
function acronymFor(name: string): string | null {
  if (/^[A-Z]{2,10}$/.test(name)) return name;
  const initials = name
    .split(/\s+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join("");
  return initials.length >= 2 && initials.length <= 6 ? initials : null;
}

const CORRECTIONAL = /correction|prison|penitentia|\brcs\b|gereza|igororero/i;

/** A text as `sameText` compares it: spaces collapsed, case ignored. */
export const textKey = (a: string | null | undefined) => (a ?? "").replace(/\s+/g, " ").trim().toLowerCase();

export const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  textKey(a) === textKey(b);

export type Plan = {
  preview: ImportPreview;
  institution: { id: string | null; name: string; acronym: string | null };
  /** Imported organisation key → existing id (absent: to create). */
  organisationIds: Map<string, string>;
  /** Existing organisations that get the imported spelling as an alias. */
  aliasesToAdd: Map<string, { organisation: Organisation; aliases: string[] }>;
  parsedRows: Map<string, ParsedRow>;
  /** The commitment, progress and other-field texts of the register's agreements the rows are (what an update adds to). */
  registerChildren: Map<string, AgreementChildTexts>;
};

/**
 * The file's tables, read in a worker thread within the file limits (a docx bomb costs the worker, not the server);
 * a file that cannot be read, or goes past a limit, is a problem on the `file` field.
 */
export async function readImportFile(file: ImportFile, options: ImportOptions): Promise<SourceDocument> {
  return parseOffThread<SourceDocument>({
    module: DOCUMENT_TABLES_PARSER,
    exportName: "readSourceDocumentWithinLimits" satisfies keyof typeof DocumentTables,
    args: [file.name, file.bytes, options.columns ?? {}],
    file: file.name,
    field: "file",
  });
}

/** The register's organisations, by id and indexed for matching the file's names. */
type Register = { byId: Map<string, Organisation>; index: OrganisationIndex };

async function loadRegister(ctx: ServiceContext): Promise<Register> {
  const existing = await listAllOrganisations(ctx);
  return {
    byId: new Map(existing.map((o) => [o.id, o])),
    index: indexOrganisations(
      existing.map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, aliases: o.aliases })),
    ),
  };
}

// The keeping institution: named, or the caller's own organisation.
function resolveInstitution(
  ctx: ServiceContext,
  options: ImportOptions,
  register: Register,
): Plan["institution"] {
  let institutionName = options.institution?.trim();
  if (!institutionName && ctx.actor.kind === "user" && ctx.actor.organisationIds[0])
    institutionName = register.byId.get(ctx.actor.organisationIds[0])?.name;
  if (!institutionName) {
    throw new AppError("validation", "Name the institution that keeps this register (for example RCS).", [
      { path: "institution", message: "Name the institution keeping the register.", in: "body" },
    ]);
  }
  const found = matchOrganisation(
    { name: institutionName, acronym: institutionName, aliases: [] },
    register.index,
  );
  // The keeper is taken only on a sure reading: never on a proposal the user has not seen.
  const institutionOrg =
    found.how === "similar" ||
    found.how === "reordered" ||
    found.how === "acronym_in_name" ||
    found.how === "new"
      ? null
      : found.organisation;
  return {
    id: institutionOrg?.id ?? null,
    name: institutionOrg?.name ?? institutionName,
    acronym: institutionOrg ? institutionOrg.acronym : acronymFor(institutionName),
  };
}

// Contacts the register would refuse (a malformed e-mail or web address) are left out, with a warning.
function dropInvalidContacts(parsed: ParsedStatusReport, fileName: string, issues: ImportIssue[]): void {
  for (const org of parsed.organisations) {
    for (const field of ["email", "phone", "website"] as const) {
      const value = org[field];
      if (value === null) continue;
      const check = OrganisationInputSchema.shape[field].safeParse(value);
      if (check.success) continue;
      org[field] = null;
      issues.push({
        severity: "warning",
        code: "contact_invalid",
        message: `This ${field} of ${org.name} is not valid: it is left out.`,
        file: fileName,
        location: org.rows[0] ? (parsed.rows.find((r) => r.key === org.rows[0])?.location ?? "file") : "file",
        row: null,
        column: null,
        text: value,
      });
    }
    if (org.name.length > 200) org.name = org.name.slice(0, 200);
    org.aliases = org.aliases.filter((a) => a.length <= 200);
  }
}

/** The organisation an imported name stands for: the caller's decision, else the best match. */
function chooseOrganisation(
  org: ParsedOrganisation,
  decision: OrganisationDecision | undefined,
  match: OrganisationMatch,
  register: Register,
): {
  chosen: KnownOrganisation | null;
  how: OrganisationProposal["how"];
  reason: OrganisationProposal["reason"];
} {
  if (decision?.action === "create") return { chosen: null, how: "new", reason: null };
  if (decision?.action === "match") {
    const picked = register.byId.get(decision.organisationId);
    if (!picked) {
      throw new AppError("validation", "The organisation chosen for an imported name does not exist.", [
        {
          path: `organisations.${org.key}.organisationId`,
          message: "Choose an organisation of the register.",
          in: "body",
        },
      ]);
    }
    return { chosen: picked, how: "chosen", reason: { code: "chosen", params: { name: picked.name } } };
  }
  return { chosen: match.how === "new" ? null : match.organisation, how: match.how, reason: match.reason };
}

const FUZZY: ReadonlySet<OrganisationProposal["how"]> = new Set([
  "identifier",
  "reordered",
  "acronym_in_name",
  "similar",
  "chosen",
]);

/** Adds the imported spellings the target does not know to `aliasesToAdd`; true when there were some. */
function rememberSpellings(
  org: ParsedOrganisation,
  target: Organisation,
  how: OrganisationProposal["how"],
  aliasesToAdd: Plan["aliasesToAdd"],
): boolean {
  const spellings = [org.name, ...org.aliases];
  const knownKeys = new Set([target.name, ...target.aliases].map(nameKey));
  const newSpellings = spellings.filter(
    (s) => !knownKeys.has(nameKey(s)) && nameKey(s) !== nameKey(target.acronym ?? ""),
  );
  // A match found by similarity, word order or an acronym, or chosen by the user, is remembered as an alias for the
  // next import; an identifier match is too, since the name in the file is another spelling of the same body.
  const remember = FUZZY.has(how) && newSpellings.length > 0;
  if (remember) {
    const entry = aliasesToAdd.get(target.id) ?? { organisation: target, aliases: [] };
    for (const s of newSpellings) if (!entry.aliases.includes(s)) entry.aliases.push(s);
    aliasesToAdd.set(target.id, entry);
  }
  return remember;
}

type OrganisationPlan = Pick<Plan, "organisationIds" | "aliasesToAdd"> & {
  proposals: OrganisationProposal[];
};

/** Each organisation of the file, matched to the register or to be created. */
function proposeOrganisations(
  organisations: readonly ParsedOrganisation[],
  options: ImportOptions,
  register: Register,
): OrganisationPlan {
  const organisationIds = new Map<string, string>();
  const aliasesToAdd: Plan["aliasesToAdd"] = new Map();
  const proposals: OrganisationProposal[] = organisations.map((org) => {
    const match = matchOrganisation(org, register.index);
    const candidates = match.candidates.map((c) => ({
      id: c.organisation.id,
      name: c.organisation.name,
      acronym: c.organisation.acronym,
      score: c.score,
    }));
    const { chosen, how, reason } = chooseOrganisation(org, options.organisations[org.key], match, register);
    const target = chosen ? register.byId.get(chosen.id) : undefined;
    let action: OrganisationProposal["action"] = "create";
    if (target) {
      organisationIds.set(org.key, target.id);
      action = rememberSpellings(org, target, how, aliasesToAdd) ? "merge" : "match";
    }
    return {
      key: org.key,
      name: org.name,
      acronym: org.acronym,
      aliases: org.aliases,
      kind: org.kind,
      countryCode: org.countryCode,
      email: org.email,
      phone: org.phone,
      website: org.website,
      action,
      how: target ? how : "new",
      reason,
      existing: target ? { id: target.id, name: target.name, acronym: target.acronym } : null,
      candidates,
      rows: org.rows,
    };
  });
  return { proposals, organisationIds, aliasesToAdd };
}

/** What previewing the rows needs besides the rows. */
type RowScope = {
  institution: Plan["institution"];
  organisations: OrganisationPlan;
  chosenThemes: ImportOptions["themes"];
  knownThemes: ReadonlySet<string>;
};

type PreviewBase = Pick<
  PreviewRow,
  "key" | "section" | "serial" | "location" | "partners" | "adds" | "existingAgreementId"
>;

function membershipPreviewRow(
  base: PreviewBase,
  membership: ParsedMembership,
  institution: Plan["institution"],
): PreviewRow {
  return {
    ...base,
    kind: "membership",
    action: "create",
    title: `${institution.acronym ?? institution.name} — ${base.partners.join(", ")}`,
    agreementKind: null,
    status: null,
    signedOnText: null,
    signedOnPrecision: null,
    areasText: null,
    areas: [],
    areaNotes: [],
    commitments: [],
    progress: [],
    themes: [],
    proposedThemes: [],
    otherFields: [],
    membership: {
      role: membership.role,
      roleNote: membership.roleNote,
      startYear: membership.startYear,
      endYear: membership.endYear,
    },
  };
}

/**
 * The institution's agreements, found by their parties and signature text: an agreement (not an amendment) whose
 * parties are exactly the institution and the row's partners, signed on the same text, is the row's; the first in
 * title order when several are.
 */
type RegisterAgreements = {
  /** Parties and signature → the first such agreement, and its place in title order. */
  byParties: Map<string, { id: string; at: number }>;
  /** Agreements naming one organisation under two roles: their party list is not a set, so they are compared one by one. */
  irregular: { agreement: AgreementPartySet; at: number }[];
};

const partiesKey = (ids: Iterable<string>, signedOnText: string | null | undefined) =>
  `${[...ids].sort().join(",")}|${textKey(signedOnText)}`;

function indexRegisterAgreements(agreements: readonly AgreementPartySet[]): RegisterAgreements {
  const index: RegisterAgreements = { byParties: new Map(), irregular: [] };
  for (const [at, e] of agreements.entries()) {
    if (e.kind === "amendment") continue;
    if (new Set(e.partyIds).size !== e.partyIds.length) {
      index.irregular.push({ agreement: e, at });
      continue;
    }
    const key = partiesKey(e.partyIds, e.signedOnText);
    if (!index.byParties.has(key)) index.byParties.set(key, { id: e.id, at });
  }
  return index;
}

function findRegisterAgreement(
  index: RegisterAgreements,
  wanted: ReadonlySet<string>,
  signedOnText: string | null,
): string | null {
  const found = index.byParties.get(partiesKey(wanted, signedOnText));
  // Irregular agreements are rare enough to read them all; the first in title order wins.
  const irregular = index.irregular.find(
    ({ agreement: e }) =>
      e.partyIds.length === wanted.size &&
      e.partyIds.every((id) => wanted.has(id)) &&
      sameText(e.signedOnText, signedOnText),
  );
  if (found && (!irregular || found.at < irregular.at)) return found.id;
  return irregular?.agreement.id ?? null;
}

/** Which agreement of the register a row is, if any: its partners all matched, the institution known. */
function registerAgreementOf(
  a: ParsedAgreement,
  partyIds: readonly (string | undefined)[],
  institutionId: string | null,
  index: RegisterAgreements,
): string | null {
  if (!institutionId || !partyIds.every((id) => id !== undefined)) return null;
  return findRegisterAgreement(index, new Set([institutionId, ...(partyIds as string[])]), a.signedOnText);
}

/** The other fields of a row that an agreement lacks (compared as "Label: value", spaces and case aside). */
export function newOtherFields(
  fields: readonly { label: string; value: string }[],
  known: ReadonlySet<string>,
): { label: string; value: string }[] {
  return fields.filter((f) => !known.has(textKey(otherFieldText(f))));
}

/** What a row adds to the agreement it is in the register: the commitments, progress and other fields that one lacks. */
function compareWithRegister(
  a: ParsedAgreement,
  existingId: string | null,
  children: ReadonlyMap<string, AgreementChildTexts>,
): Pick<PreviewRow, "action" | "existingAgreementId" | "adds"> {
  const adds = { commitments: 0, progress: 0, otherFields: 0 };
  if (!existingId) return { action: "create", existingAgreementId: null, adds };
  const known = children.get(existingId);
  const commitments = new Set((known?.commitments ?? []).map(textKey));
  const progress = new Set((known?.progress ?? []).map(textKey));
  adds.commitments = a.commitments.filter((c) => !commitments.has(textKey(c))).length;
  adds.progress = a.progress.filter((p) => !progress.has(textKey(p.text))).length;
  adds.otherFields = newOtherFields(a.otherFields, new Set((known?.otherFields ?? []).map(textKey))).length;
  return {
    action: adds.commitments + adds.progress + adds.otherFields > 0 ? "update" : "unchanged",
    existingAgreementId: existingId,
    adds,
  };
}

function agreementPreviewRow(
  base: PreviewBase,
  change: Pick<PreviewRow, "action" | "existingAgreementId" | "adds">,
  a: ParsedAgreement,
  themes: string[],
): PreviewRow {
  return {
    ...base,
    kind: "agreement",
    ...change,
    title: a.title,
    agreementKind: a.kind,
    status: a.status,
    signedOnText: a.signedOnText,
    signedOnPrecision: a.signedOnPrecision,
    areasText: a.areasText,
    areas: a.areas.map((area) => ({
      label: area.label,
      placeCode: area.kind === "place" ? area.code : null,
      placeSet: area.kind === "set" ? area.set : null,
      countryCode: area.kind === "country" ? area.countryCode : null,
    })),
    areaNotes: a.areaNotes,
    commitments: a.commitments,
    progress: a.progress,
    themes,
    proposedThemes: a.themes,
    otherFields: a.otherFields,
    membership: null,
  };
}

/** Each parsed row as the preview shows it, with what importing it would do. */
async function previewRows(
  ctx: ServiceContext,
  parsedRowList: readonly ParsedRow[],
  scope: RowScope,
): Promise<Pick<Plan, "parsedRows" | "registerChildren"> & { rows: PreviewRow[] }> {
  const { institution, organisations } = scope;
  const register = indexRegisterAgreements(
    institution.id ? await listAgreementPartySets(ctx, institution.id) : [],
  );
  const existingIds = new Map<string, string | null>();
  for (const row of parsedRowList) {
    if (!row.agreement || row.membership) continue;
    const partyIds = row.partnerKeys.map((k) => organisations.organisationIds.get(k));
    existingIds.set(row.key, registerAgreementOf(row.agreement, partyIds, institution.id, register));
  }
  const children = await listAgreementChildTexts(
    ctx,
    [...existingIds.values()].filter((id): id is string => id !== null),
  );
  const names = new Map(organisations.proposals.map((p) => [p.key, p.name]));
  const rows: PreviewRow[] = [];
  const parsedRows = new Map<string, ParsedRow>();
  for (const row of parsedRowList) {
    parsedRows.set(row.key, row);
    const partners = row.partnerKeys.map((k) => names.get(k) ?? k);
    const base: PreviewBase = {
      key: row.key,
      section: row.section,
      serial: row.serial,
      location: row.location,
      partners,
      adds: { commitments: 0, progress: 0, otherFields: 0 },
      existingAgreementId: null,
    };
    if (row.membership) {
      rows.push(membershipPreviewRow(base, row.membership, institution));
      continue;
    }
    const a = row.agreement;
    if (!a) continue;
    const change = compareWithRegister(a, existingIds.get(row.key) ?? null, children);
    const themes = (scope.chosenThemes[row.key] ?? a.themes).filter((t) => scope.knownThemes.has(t));
    rows.push(agreementPreviewRow(base, change, a, themes));
  }
  return { rows, parsedRows, registerChildren: children };
}

/**
 * An agreement row whose only partner is the keeping institution itself (its own name in the partner cell) cannot
 * become an agreement: an error of that row, seen in the preview, rather than a refusal found only while importing.
 */
function refuseRowsNamingOnlyTheInstitution(
  fileName: string,
  rows: readonly ParsedRow[],
  rowNumbers: ReadonlyMap<string, number>,
  institutionId: string | null,
  organisations: OrganisationPlan,
  issues: ImportIssue[],
): void {
  if (!institutionId) return;
  const names = new Map(organisations.proposals.map((p) => [p.key, p.name]));
  for (const row of rows) {
    if (!row.agreement || row.membership) continue;
    if (!row.partnerKeys.every((k) => organisations.organisationIds.get(k) === institutionId)) continue;
    issues.push({
      severity: "error",
      code: "partner_is_institution",
      message:
        "The only partner named is the institution keeping the register: an agreement needs another party.",
      file: fileName,
      location: row.location,
      row: rowNumbers.get(row.location) ?? null,
      column: row.partnerColumn,
      text: row.partnerKeys.map((k) => names.get(k) ?? k).join(", "),
    });
  }
}

/** What was wrong with the rows left out: read alone, as the rows to import are (the register only read). */
function problemsOfRowsLeftOut(
  fileName: string,
  left: SourceDocument,
  parseOptions: ParseOptions,
  options: ImportOptions,
  register: Register,
  institution: Plan["institution"],
): ImportIssue[] {
  const parsed = parseStatusReport(left, parseOptions);
  const issues = [...parsed.issues];
  const rowNumbers = new Map(sourceRows(left).map((r) => [r.location, r.number]));
  const organisations = proposeOrganisations(parsed.organisations, options, register);
  refuseRowsNamingOnlyTheInstitution(
    fileName,
    parsed.rows,
    rowNumbers,
    institution.id,
    organisations,
    issues,
  );
  return issues;
}

function countPreview(
  proposals: readonly OrganisationProposal[],
  rows: readonly PreviewRow[],
  issues: readonly ImportIssue[],
  institutionId: string | null,
  rowsExcluded: number,
): ImportCounts {
  return {
    organisationsCreated: proposals.filter((p) => p.action === "create").length + (institutionId ? 0 : 1),
    organisationsMatched: proposals.filter((p) => p.action !== "create").length,
    agreementsCreated: rows.filter((r) => r.kind === "agreement" && r.action === "create").length,
    agreementsUpdated: rows.filter((r) => r.action === "update").length,
    agreementsUnchanged: rows.filter((r) => r.action === "unchanged").length,
    commitments: rows.reduce(
      (n, r) => n + (r.action === "create" ? r.commitments.length : r.adds.commitments),
      0,
    ),
    progressEntries: rows.reduce(
      (n, r) => n + (r.action === "create" ? r.progress.length : r.adds.progress),
      0,
    ),
    memberships: rows.filter((r) => r.kind === "membership").length,
    otherFields: rows.reduce(
      (n, r) => n + (r.action === "create" ? r.otherFields.length : r.adds.otherFields),
      0,
    ),
    warnings: issues.filter((i) => i.severity === "warning").length,
    errors: issues.filter((i) => i.severity === "error").length,
    rowsExcluded,
  };
}

export async function planImport(
  ctx: ServiceContext,
  file: ImportFile,
  options: ImportOptions,
): Promise<Plan> {
  return planDocument(ctx, file.name, await readImportFile(file, options), options);
}

/**
 * The plan of a file already read: reads only, in a few queries whatever the number of rows (the register's
 * organisations, the institution's agreements, the texts of those the file names), the matching in memory. Rows the
 * options leave out are taken out before the file is read, as if it did not hold them (their partners are not
 * created, their problems do not count); they are read alone only to say what was wrong with them.
 */
export async function planDocument(
  ctx: ServiceContext,
  fileName: string,
  doc: SourceDocument,
  options: ImportOptions,
): Promise<Plan> {
  const register = await loadRegister(ctx);
  const institution = resolveInstitution(ctx, options, register);

  const excluded = findExcludedRows(fileName, doc, options.excludeRows);
  const { kept, left } = splitDocument(doc, excluded);
  const knownThemes = new Set((await listThemes(ctx)).map((t) => t.code));
  const parseOptions = {
    columns: options.columns,
    preferFacilities: CORRECTIONAL.test(`${institution.name} ${institution.acronym ?? ""}`),
    knownThemes,
    keeperLabel: institution.acronym ?? institution.name,
  };
  const parsed = parseStatusReport(kept, parseOptions);
  const rowNumbers = new Map(sourceRows(doc).map((r) => [r.location, r.number]));
  const excludedRows = excludedRowsOf(
    fileName,
    doc,
    excluded,
    excluded.size > 0
      ? problemsOfRowsLeftOut(fileName, left, parseOptions, options, register, institution)
      : [],
  );
  const issues: ImportIssue[] = [...parsed.issues];
  if (!institution.id)
    issues.push({
      severity: "warning",
      code: "institution_new",
      message: `"${institution.name}" is not in the register yet: it will be created as a government institution.`,
      file: fileName,
      location: "file",
      row: null,
      column: null,
      text: institution.name,
    });
  dropInvalidContacts(parsed, fileName, issues);

  const organisations = proposeOrganisations(parsed.organisations, options, register);
  refuseRowsNamingOnlyTheInstitution(
    fileName,
    parsed.rows,
    rowNumbers,
    institution.id,
    organisations,
    issues,
  );
  const { rows, parsedRows, registerChildren } = await previewRows(ctx, parsed.rows, {
    institution,
    organisations,
    chosenThemes: options.themes,
    knownThemes,
  });
  return {
    preview: {
      file: fileName,
      format: parsed.format,
      institution: {
        name: institution.name,
        id: institution.id,
        action: institution.id ? "match" : "create",
      },
      // Each section counts the rows of its table in the file, those left out included.
      sections: parsed.sections.map((section, i) => ({ ...section, rows: doc.tables[i]?.rows.length ?? 0 })),
      organisations: organisations.proposals,
      rows,
      issues,
      problemRows: problemRowsOf(doc, issues, excludedRows),
      excludedRows,
      counts: countPreview(organisations.proposals, rows, issues, institution.id, excludedRows.length),
    },
    institution,
    organisationIds: organisations.organisationIds,
    aliasesToAdd: organisations.aliasesToAdd,
    parsedRows,
    registerChildren,
  };
}
