// Status-report import: a preview (dry run) of what a file will create or update, then all of it in one transaction.
// The plan is made before that transaction (reads only); the transaction checks that nothing was written meanwhile.
import { createHash } from "node:crypto";
import type { ServiceContext } from "../../kernel";
import { inTransaction, isAllowed, todayOf } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type AreaInput,
  addAgreementOtherField,
  addCommitment,
  addProgressEntry,
  type BulkAgreementInput,
  createAgreementsInBulk,
  otherFieldText,
} from "../agreements";
import { holdOtherWrites, lastWriteMark, recordChange } from "../audit";
import {
  addMembership,
  createOrganisationsInBulk,
  getOrganisation,
  type MembershipInput,
  type OrganisationInput,
  updateOrganisation,
} from "../organisations";
import { findOrCreateCountryPlace, findPlaceIdsByCodes } from "../places";
import {
  type ImportFile,
  newOtherFields,
  type Plan,
  planDocument,
  planImport,
  readImportFile,
  textKey,
} from "./import-plan.service";
import {
  type ImportCounts,
  type ImportOptions,
  ImportOptionsSchema,
  type ImportPreview,
  type ImportResult,
  type PreviewRow,
} from "./imports.schema";
import type { ParsedMembership } from "./membership-roles";
import type { ParsedAgreement, ParsedRow } from "./status-report.import";

export type { ImportFile } from "./import-plan.service";
/** Called after each row is written: rows done, rows in all. The import waits for it (to let a stream flush). */
export type ImportProgress = (done: number, total: number) => void | Promise<void>;

const MAX_ALIASES = 30;

/**
 * The audit entry of an import as a whole (file, day, rows left out and why), on the keeping institution's id: the
 * history of that entity is every status report imported into its register.
 */
export const STATUS_REPORT_IMPORT_ENTITY = "status_report_import";

/** Who may import a status report (and correct what one loaded): a role that registers agreements and organisations. */
export function mayImportStatusReport(actor: ServiceContext["actor"]): boolean {
  return isAllowed(actor, "agreement", "create") && isAllowed(actor, "organisation", "create");
}

function assertMayImport(ctx: ServiceContext): void {
  if (!mayImportStatusReport(ctx.actor))
    throw new AppError(
      "forbidden",
      "Importing a status report needs a role that may register agreements and organisations.",
    );
}

type NewAgreement = { at: number; location: string; input: BulkAgreementInput };

/** A bulk creation's field errors ("3.agreement.title") told as the file's rows ("line 12: agreement.title"). */
function locateBulkErrors(error: AppError, fileName: string, rows: readonly NewAgreement[]): AppError {
  if (error.kind !== "validation") return error;
  const fields = error.errors.map((e) => {
    const [index, ...rest] = e.path.split(".");
    const row = rows[Number(index)];
    return row ? { ...e, path: `${row.location}: ${rest.join(".")}` } : e;
  });
  return new AppError(
    "validation",
    `${fileName}: ${fields.map((f) => `${f.path} — ${f.message}`).join("; ")}; nothing was imported.`,
    fields,
  );
}

/** What the file holds and what importing it would do; writes nothing. */
export async function previewStatusReportImport(
  ctx: ServiceContext,
  file: ImportFile,
  input: unknown,
): Promise<ImportPreview> {
  assertMayImport(ctx);
  const options = parseImportOptions(ctx, input);
  return (await planImport(ctx, file, options)).preview;
}

/** The preview's choices; a report date in the future is refused (a status report describes a past day or today). */
function parseImportOptions(ctx: ServiceContext, input: unknown): ImportOptions {
  const options = parseInput(ImportOptionsSchema, input ?? {});
  const today = todayOf(ctx);
  if (options.reportDate && options.reportDate > today)
    throw new AppError("validation", "The report's date is after today.", [
      {
        path: "reportDate",
        code: "report_date_future",
        message: `The report describes a past day or today (${today}).`,
        params: { today },
        in: "body",
      },
    ]);
  return options;
}

/**
 * Imports the file as previewed with the same options: everything or, on any error, nothing. Rows the options leave
 * out (excludeRows) are not read at all; any error in the other rows still refuses the whole file.
 */
export async function applyStatusReportImport(
  ctx: ServiceContext,
  file: ImportFile,
  input: unknown,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  assertMayImport(ctx);
  const options = parseImportOptions(ctx, input);
  const doc = await readImportFile(file, options);
  // Planned outside the transaction, in a few reads other requests take turns with: planned inside it, on PGlite's
  // one connection, every other request waited for the whole import (issue 20). The mark is read first, so that any
  // write the plan's reads may have missed moves it.
  const mark = await lastWriteMark(ctx.db);
  const planned = await planDocument(ctx, file.name, doc, options);
  refuseFileWithErrors(planned, file);
  return inTransaction(ctx, async (inner) => {
    // Services called with `inner` join this transaction: one failure undoes everything.
    // No other write lands from here to commit; one that landed since the mark (an organisation renamed, an
    // agreement added) may change what the rows match, so the plan is made again on what this transaction sees.
    await holdOtherWrites(inner.db);
    const plan =
      (await lastWriteMark(inner.db)) === mark ? planned : await planDocument(inner, file.name, doc, options);
    refuseFileWithErrors(plan, file);
    const total = plan.preview.rows.length;
    await onProgress?.(0, total);

    const { institutionId, ids } = await createMissingOrganisations(inner, plan);
    await addRememberedAliases(inner, plan);
    const placeCodes = plan.preview.rows.flatMap((r) =>
      r.areas.flatMap((a) => (a.placeCode ? [a.placeCode] : [])),
    );
    const writer: RowWriter = {
      inner,
      fileName: file.name,
      reportDate: options.reportDate ?? todayOf(inner),
      institutionId,
      placeIds: await findPlaceIdsByCodes(inner.db, placeCodes),
      countryPlaceIds: new Map(),
      registerChildren: plan.registerChildren,
      children: new Map(),
      idOf: (key: string) => {
        const id = ids.get(key);
        // Every imported organisation was matched or created just above.
        if (!id) throw new Error(`No organisation for the imported key ${key}`);
        return id;
      },
      counts: { ...plan.preview.counts, commitments: 0, progressEntries: 0, memberships: 0, otherFields: 0 },
      institutionDetail: await getOrganisation(inner, institutionId),
    };
    const { agreementIds, newAgreements } = await writeRows(writer, plan, onProgress);
    if (newAgreements.length > 0) {
      await createNewAgreements(inner, file.name, newAgreements, agreementIds);
      await onProgress?.(total, total);
    }
    await recordImport(inner, file, plan, writer);
    return {
      file: file.name,
      counts: writer.counts,
      agreementIds,
      excludedRows: plan.preview.excludedRows,
    };
  });
}

/**
 * One audit entry for the import itself, in its transaction: the file (name and SHA-256), the report's day, what was
 * written, and each row left out with the codes and columns of its problems — never a cell's text.
 */
async function recordImport(
  inner: ServiceContext,
  file: ImportFile,
  plan: Plan,
  w: RowWriter,
): Promise<void> {
  const { excludedRows } = plan.preview;
  await recordChange(inner.db, inner.actor, {
    action: "create",
    entityType: STATUS_REPORT_IMPORT_ENTITY,
    entityId: w.institutionId,
    entityLabel: file.name,
    before: null,
    after: {
      file: file.name,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      reportDate: w.reportDate,
      rowsImported: plan.preview.rows.length,
      agreementsCreated: w.counts.agreementsCreated,
      agreementsUpdated: w.counts.agreementsUpdated,
      rowsExcluded: excludedRows.length,
      excludedRows: excludedRows.map((r) => ({
        location: r.location,
        row: r.row,
        problems: r.issues.map((i) => ({ severity: i.severity, code: i.code, column: i.column })),
      })),
    },
  });
}

/**
 * Any error left in the rows to import refuses the whole file: nothing is written, and the message says so (it never
 * says a row was skipped). Errors of rows are named by file, row and column; the rows they are in may be left out.
 */
function refuseFileWithErrors(plan: Plan, file: ImportFile): void {
  const errors = plan.preview.issues.filter((i) => i.severity === "error");
  if (errors.length === 0) return;
  const inRows = new Set(
    plan.preview.problemRows.filter((r) => !r.excluded && r.errors > 0).map((r) => r.location),
  );
  const leftOut = plan.preview.excludedRows.length;
  const counted =
    leftOut > 0
      ? `${errors.length} error(s) besides the ${leftOut} row(s) left out`
      : `${errors.length} error(s)`;
  const named = [...inRows].slice(0, 10).join("; ") + (inRows.size > 10 ? "; …" : "");
  const advice =
    inRows.size > 0
      ? ` Correct the file, or leave out the ${inRows.size} row(s) with errors (${named}) and import the rest.`
      : "";
  throw new AppError(
    "validation",
    `${file.name} has ${counted}; nothing was imported.${advice}`,
    errors.map((e) => ({
      path: [e.location, e.column].filter(Boolean).join(", "),
      message: e.text ? `${e.message} ("${e.text.slice(0, 120)}")` : e.message,
      code: e.code,
      in: "body" as const,
    })),
  );
}

// The institution (when new) first, then each new partner, in the order of the file.
function organisationsToCreate(plan: Plan): { key: string | null; input: OrganisationInput }[] {
  const toCreate: { key: string | null; input: OrganisationInput }[] = [];
  if (!plan.institution.id)
    toCreate.push({
      key: null,
      input: { name: plan.institution.name, acronym: plan.institution.acronym, kind: "government" },
    });
  for (const proposal of plan.preview.organisations) {
    if (plan.organisationIds.has(proposal.key)) continue;
    toCreate.push({
      key: proposal.key,
      input: {
        name: proposal.name,
        acronym: proposal.acronym,
        aliases: proposal.aliases.slice(0, MAX_ALIASES),
        kind: proposal.kind as OrganisationInput["kind"],
        countryCode: proposal.countryCode,
        email: proposal.email,
        phone: proposal.phone,
        website: proposal.website,
      },
    });
  }
  return toCreate;
}

/** Creates the organisations the plan lacks: the institution's id, and every imported key's. */
async function createMissingOrganisations(
  inner: ServiceContext,
  plan: Plan,
): Promise<{ institutionId: string; ids: Map<string, string> }> {
  const toCreate = organisationsToCreate(plan);
  const createdOrganisations =
    toCreate.length > 0
      ? await createOrganisationsInBulk(
          inner,
          toCreate.map((c) => c.input),
        )
      : [];
  let institutionId = plan.institution.id;
  const ids = new Map(plan.organisationIds);
  for (const [i, { key }] of toCreate.entries()) {
    const id = createdOrganisations[i]?.id;
    if (!id) throw new Error("an organisation was not created");
    if (key === null) institutionId = id;
    else ids.set(key, id);
  }
  if (!institutionId) throw new Error("the institution was not created");
  return { institutionId, ids };
}

async function addRememberedAliases(inner: ServiceContext, plan: Plan): Promise<void> {
  for (const { organisation, aliases } of plan.aliasesToAdd.values()) {
    const merged = [...organisation.aliases, ...aliases].slice(0, MAX_ALIASES);
    await updateOrganisation(inner, organisation.id, organisation.version, { aliases: merged });
  }
}

/** An existing agreement's children as textKeys, to add only what it lacks. */
type KnownChildren = { commitments: Set<string>; progress: Set<string>; otherFields: Set<string> };

/** What writing a row needs: the transaction, the ids made so far, and the counts of what was written. */
type RowWriter = {
  inner: ServiceContext;
  fileName: string;
  /** The day the document reports as of: the day of its undated progress entries. */
  reportDate: string;
  institutionId: string;
  institutionDetail: Awaited<ReturnType<typeof getOrganisation>>;
  placeIds: Map<string, string>;
  /** Country code → its place, found or created once per import. */
  countryPlaceIds: Map<string, string>;
  registerChildren: Plan["registerChildren"];
  /** What childrenOf has worked out so far. */
  children: Map<string, KnownChildren>;
  idOf: (key: string) => string;
  counts: ImportCounts;
};

/** Writes memberships and additions at once; agreements to create come back, to be created together. */
async function writeRows(
  w: RowWriter,
  plan: Plan,
  onProgress: ImportProgress | undefined,
): Promise<{ agreementIds: string[]; newAgreements: NewAgreement[] }> {
  const total = plan.preview.rows.length;
  const agreementIds: string[] = [];
  // Agreements to create, all at once after the loop; `at` is their place in agreementIds.
  const newAgreements: NewAgreement[] = [];
  let done = 0;
  for (const row of plan.preview.rows) {
    const parsed = plan.parsedRows.get(row.key);
    if (row.kind === "membership" && parsed?.membership) {
      await addImportedMembership(w, parsed.partnerKeys, parsed.membership);
    } else if (row.kind === "agreement" && parsed?.agreement) {
      const a = parsed.agreement;
      if (row.existingAgreementId) {
        if (row.action === "update") await addNewChildren(w, row.existingAgreementId, a);
        agreementIds.push(row.existingAgreementId);
      } else {
        const at = agreementIds.length;
        newAgreements.push({ at, location: row.location, input: await newAgreementInput(w, row, parsed, a) });
        agreementIds.push("");
        w.counts.commitments += a.commitments.length;
        w.counts.progressEntries += a.progress.length;
        w.counts.otherFields += a.otherFields.length;
      }
    }
    done++;
    // New agreements are written together below: the last row's progress waits for them.
    if (done < total || newAgreements.length === 0) await onProgress?.(done, total);
  }
  return { agreementIds, newAgreements };
}

async function addImportedMembership(
  w: RowWriter,
  partnerKeys: readonly string[],
  parsed: ParsedMembership,
): Promise<void> {
  const networkId = w.idOf(partnerKeys[0] ?? "");
  if (networkId === w.institutionId || w.institutionDetail.memberships.some((m) => m.networkId === networkId))
    return;
  const membership: MembershipInput = {
    networkId,
    role: parsed.role as MembershipInput["role"],
    roleNote: parsed.roleNote,
    startYear: parsed.startYear,
    endYear: parsed.endYear,
  };
  await addMembership(w.inner, w.institutionId, membership);
  w.counts.memberships++;
}

/** An existing agreement's child texts (textKey): as the plan read them, then as rows add to them. */
function childrenOf(w: RowWriter, agreementId: string): KnownChildren {
  let known = w.children.get(agreementId);
  if (!known) {
    const read = w.registerChildren.get(agreementId);
    known = {
      commitments: new Set((read?.commitments ?? []).map(textKey)),
      progress: new Set((read?.progress ?? []).map(textKey)),
      otherFields: new Set((read?.otherFields ?? []).map(textKey)),
    };
    w.children.set(agreementId, known);
  }
  return known;
}

/** The commitments, progress entries and other fields of the file that an existing agreement does not have yet. */
async function addNewChildren(w: RowWriter, agreementId: string, a: ParsedAgreement): Promise<void> {
  const known = childrenOf(w, agreementId);
  const commitments = a.commitments.filter((c) => !known.commitments.has(textKey(c)));
  const progress = a.progress.filter((p) => !known.progress.has(textKey(p.text)));
  for (const text of commitments) {
    await addCommitment(w.inner, agreementId, { text, status: "ongoing" });
    known.commitments.add(textKey(text));
    w.counts.commitments++;
  }
  for (const entry of progress) {
    await addProgressEntry(w.inner, agreementId, {
      ...entry,
      entryDate: w.reportDate,
      dateReported: false,
    });
    known.progress.add(textKey(entry.text));
    w.counts.progressEntries++;
  }
  for (const field of newOtherFields(a.otherFields, known.otherFields)) {
    const added = await addAgreementOtherField(w.inner, agreementId, field);
    known.otherFields.add(textKey(otherFieldText(added)));
    w.counts.otherFields++;
  }
}

async function resolveAreas(w: RowWriter, areas: ParsedAgreement["areas"]): Promise<AreaInput[]> {
  const out: AreaInput[] = [];
  for (const area of areas) {
    if (area.kind === "set") out.push({ placeSet: area.set });
    else if (area.kind === "country") {
      const placeId =
        w.countryPlaceIds.get(area.countryCode) ??
        (await findOrCreateCountryPlace(w.inner.db, area.countryCode));
      w.countryPlaceIds.set(area.countryCode, placeId);
      out.push({ placeId });
    } else {
      const placeId = w.placeIds.get(area.code);
      if (placeId) out.push({ placeId });
    }
  }
  return out;
}

async function newAgreementInput(
  w: RowWriter,
  row: PreviewRow,
  parsed: ParsedRow,
  a: ParsedAgreement,
): Promise<BulkAgreementInput> {
  const areas = await resolveAreas(w, a.areas);
  const partyIds = [...new Set([w.institutionId, ...parsed.partnerKeys.map(w.idOf)])];
  if (partyIds.length < 2) {
    throw new AppError(
      "validation",
      `${w.fileName}, ${row.location}: the only party named is the institution itself; nothing was imported.`,
      [
        {
          path: row.location,
          message: "An agreement needs a partner besides the institution.",
          in: "body",
        },
      ],
    );
  }
  const parties = partyIds.map((organisationId) => ({ organisationId, role: "signatory" as const }));
  return {
    agreement: {
      title: a.title,
      reference: `Status report ${row.key}`,
      kind: a.kind,
      status: a.status,
      signedOnText: a.signedOnText,
      validUntil: a.validUntil,
      keeperOrganisationId: w.institutionId,
      parties,
      themes: row.themes,
      areas,
      commitments: a.commitments.map((text) => ({
        text: text.slice(0, 2000),
        status: "ongoing" as const,
      })),
    },
    progress: a.progress.map((entry) => ({
      kind: entry.kind,
      // The document gives no day of its own: the day it reports as of, marked as such.
      entryDate: w.reportDate,
      dateReported: false,
      text: entry.text.slice(0, 4000),
      dueOn: entry.dueOn ?? null,
      done: entry.done ?? false,
    })),
    otherFields: a.otherFields,
    // In the register from the day the document reports as of: an "as of" export of that day holds it.
    registeredOn: w.reportDate,
    amendment: a.amendment
      ? {
          title: `Amendment to the ${a.title}`.slice(0, 300),
          kind: "amendment",
          status: a.amendment.status,
          purpose: a.amendment.note,
          keeperOrganisationId: w.institutionId,
          parties,
          themes: row.themes,
          areas,
        }
      : null,
  };
}

async function createNewAgreements(
  inner: ServiceContext,
  fileName: string,
  newAgreements: readonly NewAgreement[],
  agreementIds: string[],
): Promise<void> {
  let ids: string[];
  try {
    ids = await createAgreementsInBulk(
      inner,
      newAgreements.map((n) => n.input),
    );
  } catch (error) {
    throw error instanceof AppError ? locateBulkErrors(error, fileName, newAgreements) : error;
  }
  for (const [i, n] of newAgreements.entries()) agreementIds[n.at] = ids[i] ?? "";
}
