// Status-report import: a preview (dry run) of what a file will create or update, then all of it in one transaction.
import type { ServiceContext } from "../../kernel";
import { inTransaction, isAllowed } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  type AgreementSummary,
  type AreaInput,
  addCommitment,
  addProgressEntry,
  type BulkAgreementInput,
  createAgreementsInBulk,
  getAgreement,
  listAgreements,
} from "../agreements";
import {
  addMembership,
  createOrganisationsInBulk,
  getOrganisation,
  listOrganisations,
  type MembershipInput,
  type Organisation,
  type OrganisationInput,
  OrganisationInputSchema,
  updateOrganisation,
} from "../organisations";
import { findOrCreateCountryPlace, findPlaceIdsByCodes } from "../places";
import { listThemes } from "../themes";
import { ImportFileError, readSourceDocument } from "./document-tables.import";
import {
  type ImportCounts,
  type ImportIssue,
  type ImportOptions,
  ImportOptionsSchema,
  type ImportPreview,
  type ImportResult,
  type OrganisationProposal,
  type PreviewRow,
} from "./imports.schema";
import {
  indexOrganisations,
  type KnownOrganisation,
  matchOrganisation,
  nameKey,
} from "./organisation-matching";
import { type ParsedRow, parseStatusReport } from "./status-report.import";

export type ImportFile = { name: string; bytes: Uint8Array };
/** Called after each row is written: rows done, rows in all. The import waits for it (to let a stream flush). */
export type ImportProgress = (done: number, total: number) => void | Promise<void>;

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
const MAX_ALIASES = 30;

function assertMayImport(ctx: ServiceContext): void {
  if (!isAllowed(ctx.actor, "agreement", "create") || !isAllowed(ctx.actor, "organisation", "create"))
    throw new AppError(
      "forbidden",
      "Importing a status report needs a role that may register agreements and organisations.",
    );
}

async function allOrganisations(ctx: ServiceContext): Promise<Organisation[]> {
  const out: Organisation[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await listOrganisations(ctx, { limit: 200, offset });
    out.push(...page.items);
    if (page.items.length < 200) return out;
  }
}

async function agreementsOf(ctx: ServiceContext, organisationId: string): Promise<AgreementSummary[]> {
  const out: AgreementSummary[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await listAgreements(ctx, { organisationId, sort: "title", limit: 200, offset });
    out.push(...page.items);
    if (page.items.length < 200) return out;
  }
}

const sameText = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? "").replace(/\s+/g, " ").trim().toLowerCase() === (b ?? "").replace(/\s+/g, " ").trim().toLowerCase();

type Plan = {
  preview: ImportPreview;
  institution: { id: string | null; name: string; acronym: string | null };
  /** Imported organisation key → existing id (absent: to create). */
  organisationIds: Map<string, string>;
  /** Existing organisations that get the imported spelling as an alias. */
  aliasesToAdd: Map<string, { organisation: Organisation; aliases: string[] }>;
  parsedRows: Map<string, ParsedRow>;
};

function fileProblem(error: ImportFileError): AppError {
  return new AppError("validation", error.message, [
    { path: "file", message: error.message, code: error.issue.code, in: "body" },
  ]);
}

async function planImport(ctx: ServiceContext, file: ImportFile, options: ImportOptions): Promise<Plan> {
  let doc: Awaited<ReturnType<typeof readSourceDocument>>;
  try {
    doc = await readSourceDocument(file.name, file.bytes, options.columns);
  } catch (error) {
    if (error instanceof ImportFileError) throw fileProblem(error);
    throw error;
  }

  const existing = await allOrganisations(ctx);
  const byId = new Map(existing.map((o) => [o.id, o]));
  const index = indexOrganisations(
    existing.map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, aliases: o.aliases })),
  );

  // The keeping institution: named, or the caller's own organisation.
  let institutionName = options.institution?.trim();
  if (!institutionName && ctx.actor.kind === "user" && ctx.actor.organisationIds[0])
    institutionName = byId.get(ctx.actor.organisationIds[0])?.name;
  if (!institutionName) {
    throw new AppError("validation", "Name the institution that keeps this register (for example RCS).", [
      { path: "institution", message: "Name the institution keeping the register.", in: "body" },
    ]);
  }
  const found = matchOrganisation({ name: institutionName, acronym: institutionName, aliases: [] }, index);
  const institutionOrg = found.how === "similar" || found.how === "new" ? null : found.organisation;
  const institution = {
    id: institutionOrg?.id ?? null,
    name: institutionOrg?.name ?? institutionName,
    acronym: institutionOrg ? institutionOrg.acronym : acronymFor(institutionName),
  };

  const knownThemes = new Set((await listThemes(ctx)).map((t) => t.code));
  const parsed = parseStatusReport(doc, {
    columns: options.columns,
    preferFacilities: CORRECTIONAL.test(`${institution.name} ${institution.acronym ?? ""}`),
    knownThemes,
    keeperLabel: institution.acronym ?? institution.name,
  });
  const issues: ImportIssue[] = [...parsed.issues];
  if (!institution.id)
    issues.push({
      severity: "warning",
      code: "institution_new",
      message: `"${institution.name}" is not in the register yet: it will be created as a government institution.`,
      file: file.name,
      location: "file",
      row: null,
      column: null,
      text: institution.name,
    });

  // Contacts the register would refuse (a malformed e-mail or web address) are left out, with a warning.
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
        message: `This ${field} of ${org.name} is not valid and was left out.`,
        file: file.name,
        location: org.rows[0] ? (parsed.rows.find((r) => r.key === org.rows[0])?.location ?? "file") : "file",
        row: null,
        column: null,
        text: value,
      });
    }
    if (org.name.length > 200) org.name = org.name.slice(0, 200);
    org.aliases = org.aliases.filter((a) => a.length <= 200);
  }

  const organisationIds = new Map<string, string>();
  const aliasesToAdd: Plan["aliasesToAdd"] = new Map();
  const proposals: OrganisationProposal[] = parsed.organisations.map((org) => {
    const decision = options.organisations[org.key];
    const match = matchOrganisation(org, index);
    const candidates = match.candidates.map((c) => ({
      id: c.organisation.id,
      name: c.organisation.name,
      acronym: c.organisation.acronym,
      score: c.score,
    }));
    let chosen: KnownOrganisation | null = null;
    let how: OrganisationProposal["how"] = match.how;
    if (decision?.action === "create") {
      how = "new";
    } else if (decision?.action === "match") {
      const picked = byId.get(decision.organisationId);
      if (!picked) {
        throw new AppError("validation", "The organisation chosen for an imported name does not exist.", [
          {
            path: `organisations.${org.key}.organisationId`,
            message: "Choose an organisation of the register.",
            in: "body",
          },
        ]);
      }
      chosen = picked;
      how = "chosen";
    } else chosen = match.how === "new" ? null : match.organisation;

    const target = chosen ? byId.get(chosen.id) : undefined;
    let action: OrganisationProposal["action"] = "create";
    if (target) {
      organisationIds.set(org.key, target.id);
      const spellings = [org.name, ...org.aliases];
      const knownKeys = new Set([target.name, ...target.aliases].map(nameKey));
      const newSpellings = spellings.filter(
        (s) => !knownKeys.has(nameKey(s)) && nameKey(s) !== nameKey(target.acronym ?? ""),
      );
      // A match found by similarity, or chosen by the user, is remembered as an alias for the next import.
      const remember = (how === "similar" || how === "chosen") && newSpellings.length > 0;
      action = remember ? "merge" : "match";
      if (remember) {
        const entry = aliasesToAdd.get(target.id) ?? { organisation: target, aliases: [] };
        for (const s of newSpellings) if (!entry.aliases.includes(s)) entry.aliases.push(s);
        aliasesToAdd.set(target.id, entry);
      }
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
      existing: target ? { id: target.id, name: target.name, acronym: target.acronym } : null,
      candidates,
      rows: org.rows,
    };
  });

  // Agreements already in the register: same keeper, same parties, same signature text.
  const existingAgreements = institution.id ? await agreementsOf(ctx, institution.id) : [];
  const rows: PreviewRow[] = [];
  const parsedRows = new Map<string, ParsedRow>();
  for (const row of parsed.rows) {
    parsedRows.set(row.key, row);
    const partners = row.partnerKeys.map((k) => proposals.find((p) => p.key === k)?.name ?? k);
    const base = {
      key: row.key,
      section: row.section,
      serial: row.serial,
      location: row.location,
      partners,
      adds: { commitments: 0, progress: 0 },
      existingAgreementId: null,
    };
    if (row.membership) {
      rows.push({
        ...base,
        kind: "membership",
        action: "create",
        title: `${institution.acronym ?? institution.name} — ${partners.join(", ")}`,
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
        membership: {
          role: row.membership.role,
          roleNote: row.membership.roleNote,
          startYear: row.membership.startYear,
          endYear: row.membership.endYear,
        },
      });
      continue;
    }
    const a = row.agreement;
    if (!a) continue;
    let action: PreviewRow["action"] = "create";
    let existingAgreementId: string | null = null;
    const adds = { commitments: 0, progress: 0 };
    const partyIds = row.partnerKeys.map((k) => organisationIds.get(k));
    if (institution.id && partyIds.every((id) => id !== undefined)) {
      const wanted = new Set([institution.id, ...(partyIds as string[])]);
      const same = existingAgreements.find(
        (e) =>
          e.kind !== "amendment" &&
          e.parties.length === wanted.size &&
          e.parties.every((p) => wanted.has(p.organisationId)) &&
          sameText(e.signedOn.text, a.signedOnText),
      );
      if (same) {
        existingAgreementId = same.id;
        const detail = await getAgreement(ctx, same.id);
        adds.commitments = a.commitments.filter(
          (c) => !detail.commitments.some((d) => sameText(d.text, c)),
        ).length;
        adds.progress = a.progress.filter(
          (p) => !detail.progress.some((d) => sameText(d.text, p.text)),
        ).length;
        action = adds.commitments + adds.progress > 0 ? "update" : "unchanged";
      }
    }
    rows.push({
      ...base,
      kind: "agreement",
      action,
      existingAgreementId,
      adds,
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
      themes: (options.themes[row.key] ?? a.themes).filter((t) => knownThemes.has(t)),
      proposedThemes: a.themes,
      membership: null,
    });
  }

  const counts: ImportCounts = {
    organisationsCreated: proposals.filter((p) => p.action === "create").length + (institution.id ? 0 : 1),
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
    warnings: issues.filter((i) => i.severity === "warning").length,
    errors: issues.filter((i) => i.severity === "error").length,
  };
  return {
    preview: {
      file: file.name,
      format: parsed.format,
      institution: {
        name: institution.name,
        id: institution.id,
        action: institution.id ? "match" : "create",
      },
      sections: parsed.sections,
      organisations: proposals,
      rows,
      issues,
      counts,
    },
    institution,
    organisationIds,
    aliasesToAdd,
    parsedRows,
  };
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
    `${fileName}: ${fields.map((f) => `${f.path} — ${f.message}`).join("; ")}`,
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
  const options = parseInput(ImportOptionsSchema, input ?? {});
  return (await planImport(ctx, file, options)).preview;
}

/** Imports the file as previewed with the same options: everything or, on any error, nothing. */
export async function applyStatusReportImport(
  ctx: ServiceContext,
  file: ImportFile,
  input: unknown,
  onProgress?: ImportProgress,
): Promise<ImportResult> {
  assertMayImport(ctx);
  const options = parseInput(ImportOptionsSchema, input ?? {});
  return inTransaction(ctx, async (inner) => {
    // Services called with `inner` join this transaction: one failure undoes everything.
    const plan = await planImport(inner, file, options);
    const errors = plan.preview.issues.filter((i) => i.severity === "error");
    if (errors.length > 0) {
      throw new AppError(
        "validation",
        `${file.name} has ${errors.length} error(s); nothing was imported.`,
        errors.map((e) => ({
          path: [e.location, e.column].filter(Boolean).join(", "),
          message: e.text ? `${e.message} ("${e.text.slice(0, 120)}")` : e.message,
          code: e.code,
          in: "body" as const,
        })),
      );
    }
    const total = plan.preview.rows.length;
    await onProgress?.(0, total);

    // The institution (when new) first, then each new partner, in the order of the file.
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
    for (const { organisation, aliases } of plan.aliasesToAdd.values()) {
      const merged = [...organisation.aliases, ...aliases].slice(0, MAX_ALIASES);
      await updateOrganisation(inner, organisation.id, organisation.version, { aliases: merged });
    }

    const placeCodes = plan.preview.rows.flatMap((r) =>
      r.areas.flatMap((a) => (a.placeCode ? [a.placeCode] : [])),
    );
    const placeIds = await findPlaceIdsByCodes(inner.db, placeCodes);
    const idOf = (key: string) => {
      const id = ids.get(key);
      // Every imported organisation was matched or created just above.
      if (!id) throw new Error(`No organisation for the imported key ${key}`);
      return id;
    };
    const counts: ImportCounts = {
      ...plan.preview.counts,
      commitments: 0,
      progressEntries: 0,
      memberships: 0,
    };
    const agreementIds: string[] = [];
    // Agreements to create, all at once after the loop; `at` is their place in agreementIds.
    const newAgreements: NewAgreement[] = [];
    const institutionDetail = await getOrganisation(inner, institutionId);
    let done = 0;
    for (const row of plan.preview.rows) {
      const parsed = plan.parsedRows.get(row.key);
      if (row.kind === "membership" && parsed?.membership) {
        const networkId = idOf(parsed.partnerKeys[0] ?? "");
        if (
          networkId !== institutionId &&
          !institutionDetail.memberships.some((m) => m.networkId === networkId)
        ) {
          const membership: MembershipInput = {
            networkId,
            role: parsed.membership.role as MembershipInput["role"],
            roleNote: parsed.membership.roleNote,
            startYear: parsed.membership.startYear,
            endYear: parsed.membership.endYear,
          };
          await addMembership(inner, institutionId, membership);
          counts.memberships++;
        }
      } else if (row.kind === "agreement" && parsed?.agreement) {
        const a = parsed.agreement;
        if (row.existingAgreementId) {
          if (row.action === "update") {
            const detail = await getAgreement(inner, row.existingAgreementId);
            for (const text of a.commitments.filter(
              (c) => !detail.commitments.some((d) => sameText(d.text, c)),
            )) {
              await addCommitment(inner, row.existingAgreementId, { text, status: "ongoing" });
              counts.commitments++;
            }
            for (const entry of a.progress.filter(
              (p) => !detail.progress.some((d) => sameText(d.text, p.text)),
            )) {
              await addProgressEntry(inner, row.existingAgreementId, entry);
              counts.progressEntries++;
            }
          }
          agreementIds.push(row.existingAgreementId);
        } else {
          const areas: AreaInput[] = [];
          for (const area of a.areas) {
            if (area.kind === "set") areas.push({ placeSet: area.set });
            else if (area.kind === "country")
              areas.push({ placeId: await findOrCreateCountryPlace(inner.db, area.countryCode) });
            else {
              const placeId = placeIds.get(area.code);
              if (placeId) areas.push({ placeId });
            }
          }
          const partyIds = [...new Set([institutionId, ...parsed.partnerKeys.map(idOf)])];
          if (partyIds.length < 2) {
            throw new AppError(
              "validation",
              `${file.name}, ${row.location}: the only party named is the institution itself.`,
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
          newAgreements.push({
            at: agreementIds.length,
            location: row.location,
            input: {
              agreement: {
                title: a.title,
                reference: `Status report ${row.key}`,
                kind: a.kind,
                status: a.status,
                signedOnText: a.signedOnText,
                validUntil: a.validUntil,
                keeperOrganisationId: institutionId,
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
                text: entry.text.slice(0, 4000),
                dueOn: entry.dueOn ?? null,
                done: entry.done ?? false,
              })),
              amendment: a.amendment
                ? {
                    title: `Amendment to the ${a.title}`.slice(0, 300),
                    kind: "amendment",
                    status: a.amendment.status,
                    purpose: a.amendment.note,
                    keeperOrganisationId: institutionId,
                    parties,
                    themes: row.themes,
                    areas,
                  }
                : null,
            },
          });
          agreementIds.push("");
          counts.commitments += a.commitments.length;
          counts.progressEntries += a.progress.length;
        }
      }
      done++;
      // New agreements are written together below: the last row's progress waits for them.
      if (done < total || newAgreements.length === 0) await onProgress?.(done, total);
    }
    if (newAgreements.length > 0) {
      let ids: string[];
      try {
        ids = await createAgreementsInBulk(
          inner,
          newAgreements.map((n) => n.input),
        );
      } catch (error) {
        throw error instanceof AppError ? locateBulkErrors(error, file.name, newAgreements) : error;
      }
      for (const [i, n] of newAgreements.entries()) agreementIds[n.at] = ids[i] ?? "";
      await onProgress?.(total, total);
    }
    return { file: file.name, counts, agreementIds };
  });
}
