// Status report tables → typed rows (organisations, agreement, places, commitments, progress, memberships) with file/row/column issues.
import { type DatePrecision, parsePartialDate } from "../../shared/partial-date";
import { normaliseForSearch } from "../../shared/search-text";
import { AGREEMENT_STATUSES, type AgreementStatus } from "../agreements";
import { REPORT_LANGUAGES, reportLabels } from "../reports";
import { blockItems, htmlText, joinCellParts } from "./cell-blocks";
import { columnIndex, exportedOtherFieldLabel, mapColumns, otherColumns } from "./column-mapping";
import type { SourceDocument, SourceRow, SourceTable } from "./document-tables.import";
import type {
  ColumnChoice,
  ColumnKey,
  ImportColumn,
  ImportIssue,
  ImportSection,
  SectionKind,
} from "./imports.schema";
import { escapeRegExp, type ParsedMembership, readMembership, readRoleLine } from "./membership-roles";
import { type NamedOrganisation, readPartnerCell, titleCase } from "./organisation-names";
import { type AreaNote, type ResolvedArea, resolvePlaces } from "./place-resolution";
import { proposeThemes } from "./theme-rules";

export type ParsedOrganisation = NamedOrganisation & { key: string; rows: string[] };

export type ParsedProgress = {
  kind: "achievement" | "ongoing" | "planned" | "issue";
  text: string;
  /** A planned entry's due day, from the export's "(planned by 30 June 2026)" in any of its languages. */
  dueOn?: string | null;
  done?: boolean;
};

export type ParsedAgreement = {
  title: string;
  kind: "mou" | "letter_of_agreement" | "implementation_plan" | "framework_agreement" | "grant";
  status:
    | "draft"
    | "negotiating"
    | "awaiting_approval"
    | "active"
    | "under_revision"
    | "expired"
    | "terminated";
  signedOnText: string | null;
  signedOnPrecision: DatePrecision;
  validUntil: string | null;
  areasText: string | null;
  areas: ResolvedArea[];
  areaNotes: AreaNote[];
  commitments: string[];
  progress: ParsedProgress[];
  themes: string[];
  /** A draft amendment the progress text speaks of ("a draft of MoU amendment … waiting for approval"). */
  amendment: { note: string; status: AgreementStatus } | null;
  /** The row's cells under the columns no meaning was given to (header → text), kept with the agreement. */
  otherFields: ParsedOtherField[];
};

export type ParsedOtherField = { label: string; value: string };

/** What the register keeps of an other field (agreement_other_field): longer texts are cut, with a warning. */
export const OTHER_FIELD_LIMITS = { label: 200, value: 4000 } as const;

export type ParsedRow = {
  key: string;
  section: number | null;
  sectionKind: SectionKind;
  serial: string;
  location: string;
  partnerKeys: string[];
  /** The header of the column the partners were read from, for the problems found with them. */
  partnerColumn: string;
  agreement: ParsedAgreement | null;
  membership: ParsedMembership | null;
};

export type ParsedStatusReport = {
  file: string;
  format: SourceDocument["format"];
  title: string;
  sections: ImportSection[];
  organisations: ParsedOrganisation[];
  rows: ParsedRow[];
  issues: ImportIssue[];
};

export type ParseOptions = {
  columns: Readonly<Record<string, ColumnChoice>>;
  /** The institution keeping the register: a correctional service reads bare district names as its facilities. */
  preferFacilities: boolean;
  /** Theme codes the register knows. */
  knownThemes: ReadonlySet<string>;
  /** The keeper's display name, for titles ("MoU between RCS and …"). */
  keeperLabel: string;
};

/** A numbered section's kind from its title: local partners, foreign services, or associations/memberships. */
export function sectionKindOf(title: string, columns: readonly ImportColumn[]): SectionKind {
  const t = normaliseForSearch(title.replace(/^\s*\d{1,2}\s*[.)]\s*/, ""));
  const exported = EXPORTED_SECTIONS.get(t);
  if (exported) return exported;
  const keys = new Set(columns.map((c) => c.key));
  if (keys.has("roles") && !keys.has("signedOn") && !keys.has("commitments")) return "membership";
  if (/\b(?:stakeholders? organi[sz]ations|associations?|networks?|memberships?|reseaux|imiryango)\b/.test(t))
    return "membership";
  if (
    /\b(?:regional|regionaux|international|internationaux|foreign|etrangers?|mpuzamahanga|abanyamahanga|mahanga)\b/.test(
      t,
    )
  )
    return "foreign";
  return "local";
}

/** The export's own section titles and sheet names in each language, without their numbers. */
const EXPORTED_SECTIONS = new Map<string, SectionKind>(
  REPORT_LANGUAGES.flatMap((language) => {
    const t = reportLabels(language);
    return (
      [
        ["local", "local"],
        ["international", "foreign"],
        ["associations", "membership"],
      ] as const
    ).flatMap(([key, kind]) =>
      [t(`reportExport.sections.${key}`), t(`reportExport.sheets.${key}`)].map(
        (text) => [normaliseForSearch(text.replace(/^\s*\d{1,2}\s*[.)]\s*/, "")), kind] as const,
      ),
    );
  }),
);

const COUNTRY_CODES = (() => {
  const names = new Map<string, string>();
  const en = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  const fr = new Intl.DisplayNames(["fr"], { type: "region", fallback: "none" });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (["EU", "EZ", "UN", "QO", "ZZ", "XK"].includes(code)) continue;
      for (const dn of [en, fr]) {
        let name: string | undefined;
        try {
          name = dn.of(code);
        } catch {
          name = undefined;
        }
        if (name && name !== code) names.set(normaliseForSearch(name), code);
      }
    }
  return names;
})();

/** "ZIMBABWE" → "ZW"; null when the text is not a country's name. */
export function countryCodeOf(name: string): string | null {
  return COUNTRY_CODES.get(normaliseForSearch(name)) ?? null;
}

function issue(
  doc: { file: string },
  row: SourceRow,
  column: string | null,
  code: string,
  message: string,
  text: string | null,
  severity: ImportIssue["severity"] = "warning",
): ImportIssue {
  return { severity, code, message, file: doc.file, location: row.location, row: row.number, column, text };
}

const ONGOING_LEAD = /^((?:all\s+)?activities\s+are\s+on\s?going)\s*[,;]?\s+and\s+(.+)$/i;
const PLANNED =
  /\b(?:planned|scheduled|will|agreed to|intends? to|plans? to|prevu|prevue|prevues|sera|seront|biteganyijwe|bizakorwa)\b/i;
const AMENDMENT = /\b(?:amendment|avenant|ivugurura)\b/i;
/** The line the export writes for an amendment, in any of its languages: "Amendment (Awaiting approval): …". */
const AMENDMENT_LINE = /^(?:amendment|avenant|ivugurura)\s*\(([^)]+)\)\s*:\s*(.+)$/i;
const STATUS_LABELS = new Map(
  REPORT_LANGUAGES.flatMap((language) => {
    const t = reportLabels(language);
    return AGREEMENT_STATUSES.map((status) => [
      normaliseForSearch(t(`agreements.statuses.${status}`)),
      status,
    ]);
  }),
);
const STATUS_NOTE = /^(?:status|statut|uko bihagaze)\s*:\s*(.+?)\.?$/i;
/** The status a "Status: Expired" line names, in any of the export's languages. */
function statusNoteOf(text: string): AgreementStatus | null {
  const label = STATUS_NOTE.exec(text.trim())?.[1];
  return label ? (STATUS_LABELS.get(normaliseForSearch(label)) ?? null) : null;
}
/** First letter upper-case, as the export prints an amendment's note. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A pattern for a line the export writes from a template ("{{text}} (planned by {{date}})"), in any of its
 * languages: the placeholders become groups, spaces may be more or fewer.
 */
function exportedLinePatterns(key: string, placeholders: readonly string[]): RegExp[] {
  const marks = Object.fromEntries(placeholders.map((name, i) => [name, String.fromCharCode(1 + i)]));
  return REPORT_LANGUAGES.map((language) => {
    let pattern = escapeRegExp(reportLabels(language)(key, marks)).replace(/\s+/g, "\\s*");
    for (const [name, mark] of Object.entries(marks))
      pattern = pattern.replace(mark, name === "text" ? `(?<${name}>.+?)` : `(?<${name}>[^()]+?)`);
    return new RegExp(`^\\s*${pattern}\\s*$`, "i");
  });
}
const PLANNED_BY = exportedLinePatterns("reportExport.plannedBy", ["text", "date"]);
const PLANNED_DONE = exportedLinePatterns("reportExport.plannedDone", ["text"]);
const ISSUE_LINE = exportedLinePatterns("reportExport.issueLine", ["text"]);
const firstMatch = (patterns: readonly RegExp[], text: string) =>
  patterns.map((p) => p.exec(text)?.groups).find((g) => g !== undefined);

/**
 * A progress line the export marked: "Visit (done) (planned by 30 June 2026)", "… (prévu pour le 30 juin 2026)",
 * "Imbogamizi: …". The entry's own text comes back as written; a date that is not a whole day stays in it.
 */
export function readExportedProgressLine(line: string): ParsedProgress | null {
  const issue = firstMatch(ISSUE_LINE, line);
  if (issue?.text) return { kind: "issue", text: issue.text.trim() };
  let text = line.trim();
  let dueOn: string | null = null;
  const by = firstMatch(PLANNED_BY, text);
  const due = by?.date ? parsePartialDate(by.date) : null;
  if (by?.text && due?.precision === "day" && due.year !== null && due.month !== null && due.day !== null) {
    dueOn = `${due.year}-${String(due.month).padStart(2, "0")}-${String(due.day).padStart(2, "0")}`;
    text = by.text.trim();
  }
  const done = firstMatch(PLANNED_DONE, text);
  if (done?.text) text = done.text.trim();
  if (dueOn === null && !done?.text) return null;
  return { kind: "planned", text, dueOn, done: Boolean(done?.text) };
}

/** Ongoing/planned cell → entries: "Activities are ongoing and the CG is scheduled to…" is one of each. */
function readOngoing(
  items: readonly string[],
  plannedColumn: boolean,
): {
  progress: ParsedProgress[];
  amendment: ParsedAgreement["amendment"];
} {
  const progress: ParsedProgress[] = [];
  let amendment: ParsedAgreement["amendment"] = null;
  const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}+/gu, "");
  for (const item of items) {
    const marked = readExportedProgressLine(item);
    if (marked) {
      progress.push(marked);
      continue;
    }
    const exported = AMENDMENT_LINE.exec(item);
    const exportedStatus = exported?.[1] ? STATUS_LABELS.get(normaliseForSearch(exported[1])) : undefined;
    if (exported?.[2] && exportedStatus) {
      amendment = { note: exported[2], status: exportedStatus };
      continue;
    }
    const lead = ONGOING_LEAD.exec(item);
    const rest = lead?.[2];
    if (lead?.[1] && rest && (PLANNED.test(fold(rest)) || AMENDMENT.test(rest))) {
      progress.push({ kind: "ongoing", text: lead[1] });
      if (AMENDMENT.test(rest) && !PLANNED.test(fold(rest))) {
        amendment = {
          note: sentence(rest.replace(/\.?$/, ".")),
          status: /\b(?:approval|awaiting|waiting)\b/i.test(rest) ? "awaiting_approval" : "draft",
        };
      } else progress.push({ kind: "planned", text: rest });
      continue;
    }
    progress.push({ kind: plannedColumn || PLANNED.test(fold(item)) ? "planned" : "ongoing", text: item });
  }
  return { progress, amendment };
}

/** The status column, when the table has one. */
function readStatus(text: string): ParsedAgreement["status"] | null {
  const t = normaliseForSearch(text);
  if (t === "") return null;
  if (/\b(?:expired|expire|ended|yarangiye)\b/.test(t)) return "expired";
  if (/\b(?:terminated|resilie|cancelled|yahagaritswe)\b/.test(t)) return "terminated";
  if (/\b(?:under revision|revision|being revised|ivugururwa)\b/.test(t)) return "under_revision";
  if (/\b(?:awaiting|pending|waiting|en attente|itegereje)\b/.test(t)) return "awaiting_approval";
  if (/\b(?:negotiat|en negociation|ibiganiro)\w*/.test(t)) return "negotiating";
  if (/\b(?:draft|projet|umushinga)\b/.test(t)) return "draft";
  if (/\b(?:active|ongoing|signed|in force|en vigueur|en cours|irakora|birakomeje)\b/.test(t))
    return "active";
  return null;
}

/** "5 years" from a day- or month-precise signature → the last valid day. */
function validUntilFrom(duration: string, signedOn: ReturnType<typeof parsePartialDate>): string | null {
  const m = /(\d{1,2})\s*(?:years?|ans?|imyaka)/i.exec(duration) ?? /(?:imyaka)\s*(\d{1,2})/i.exec(duration);
  if (
    !m?.[1] ||
    signedOn.precision !== "day" ||
    signedOn.year === null ||
    signedOn.month === null ||
    signedOn.day === null
  )
    return null;
  const end = new Date(Date.UTC(signedOn.year + Number(m[1]), signedOn.month - 1, signedOn.day));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

function organisationKey(name: string): string {
  return normaliseForSearch(name).replace(/^the /, "");
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const label = (o: NamedOrganisation) =>
  o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name;

/** Reads every table of the document. Nothing here touches the database. */
export function parseStatusReport(doc: SourceDocument, options: ParseOptions): ParsedStatusReport {
  const issues: ImportIssue[] = [...doc.issues];
  const registry = organisationRegistry();
  const rows: ParsedRow[] = [];
  const sections: ImportSection[] = [];
  doc.tables.forEach((table: SourceTable, tableIndex) => {
    const read = readSection(doc, table, tableIndex, options, registry, issues);
    sections.push(read.section);
    rows.push(...read.rows);
  });
  return {
    file: doc.file,
    format: doc.format,
    title: doc.title,
    sections,
    organisations: registry.all(),
    rows,
    issues,
  };
}

// The organisations the document names, one per name or acronym: a later row adds contacts and spellings.
function organisationRegistry() {
  const organisations = new Map<string, ParsedOrganisation>();
  const byAcronym = new Map<string, ParsedOrganisation>();
  const remember = (org: NamedOrganisation, rowKey: string): ParsedOrganisation => {
    const key = organisationKey(org.name);
    const existing =
      organisations.get(key) ?? (org.acronym ? byAcronym.get(org.acronym.toLowerCase()) : undefined);
    if (existing) {
      existing.email ??= org.email;
      existing.phone ??= org.phone;
      existing.website ??= org.website;
      existing.acronym ??= org.acronym;
      for (const alias of [org.name, ...org.aliases])
        if (alias !== existing.name && !existing.aliases.includes(alias)) existing.aliases.push(alias);
      if (!existing.rows.includes(rowKey)) existing.rows.push(rowKey);
      return existing;
    }
    const parsed: ParsedOrganisation = { ...org, key, rows: [rowKey] };
    organisations.set(key, parsed);
    if (org.acronym) byAcronym.set(org.acronym.toLowerCase(), parsed);
    return parsed;
  };
  return { remember, all: (): ParsedOrganisation[] => [...organisations.values()] };
}
type OrganisationRegistry = ReturnType<typeof organisationRegistry>;

// One table's cells by column key, and where its issues go.
type SectionReader = {
  doc: SourceDocument;
  table: SourceTable;
  tableIndex: number;
  kind: SectionKind;
  options: ParseOptions;
  issues: ImportIssue[];
  at: (key: ColumnKey) => number | null;
  headerOf: (key: ColumnKey) => string;
  blocksOf: (row: SourceRow, key: ColumnKey) => string[];
  textOf: (row: SourceRow, key: ColumnKey) => string;
  /** The columns kept as other fields, with the label each is kept under. */
  others: { index: number; label: string }[];
};

/** The first non-empty cell of each column, for the preview to show what an unmapped column holds. */
function columnSamples(table: SourceTable): (string | null)[] {
  return table.headers.map((_, i) => {
    for (const row of table.rows) {
      const text = htmlText((row.cells[i] ?? []).join(" "));
      if (text !== "") return text.slice(0, 200);
    }
    return null;
  });
}

/**
 * An unmapped column's label: its header, or its place when it has none. The export heads a column "Status (other
 * field)" when its label reads as one of the report's own headers: read back, it is the field "Status" again.
 */
function otherLabel(header: string, index: number): string {
  const label = exportedOtherFieldLabel(header) ?? header.trim();
  return (label || `Column ${index + 1}`).slice(0, OTHER_FIELD_LIMITS.label);
}

// A table: its section, then each row naming a partner; a table with no partner column is an error.
function readSection(
  doc: SourceDocument,
  table: SourceTable,
  tableIndex: number,
  options: ParseOptions,
  registry: OrganisationRegistry,
  issues: ImportIssue[],
): { section: ImportSection; rows: ParsedRow[] } {
  const columns = mapColumns(table.headers, options.columns, columnSamples(table));
  const kind = sectionKindOf(table.section.title, columns);
  const section: ImportSection = {
    number: table.section.number,
    title: table.section.title || doc.title || doc.file,
    kind,
    columns,
    rows: table.rows.length,
  };
  const at = (key: ColumnKey) => columnIndex(columns, key);
  if (at("partner") === null) {
    issues.push({
      severity: "error",
      code: "no_partner_column",
      message: "No column names the partner: choose which column holds the partner's name.",
      file: doc.file,
      location: table.headerLocation,
      row: null,
      column: null,
      text: table.headers.join(" | ").slice(0, 300),
    });
    return { section, rows: [] };
  }
  const blocksOf = (row: SourceRow, key: ColumnKey): string[] => {
    const i = at(key);
    return i === null ? [] : joinCellParts(row.cells[i] ?? []);
  };
  const reader: SectionReader = {
    doc,
    table,
    tableIndex,
    kind,
    options,
    issues,
    at,
    headerOf: (key) => {
      const i = at(key);
      return i === null ? key : table.headers[i] || key;
    },
    blocksOf,
    textOf: (row, key) => blocksOf(row, key).join(" ").trim(),
    others: otherColumns(columns).map((c) => ({ index: c.index, label: otherLabel(c.header, c.index) })),
  };
  const rows: ParsedRow[] = [];
  for (const row of table.rows) {
    const parsed = readRow(reader, row, registry);
    if (parsed) rows.push(parsed);
  }
  return { section, rows };
}

// A row's key and partners, then its membership or agreement; a row naming no partner is an error (nothing is read).
/** The line our own export writes under a section with nothing in it ("Nothing to report on this date."), any language. */
const EMPTY_SECTION_LINES = new Set(
  REPORT_LANGUAGES.map((language) => normaliseForSearch(reportLabels(language)("reportExport.empty"))),
);

/** A row holding only that line: our own export's empty section, nothing to read (and no missing partner). */
function isEmptySectionLine(row: SourceRow): boolean {
  const text = normaliseForSearch(htmlText(row.cells.flat().join(" ")));
  return text !== "" && EMPTY_SECTION_LINES.has(text);
}

function readRow(r: SectionReader, row: SourceRow, registry: OrganisationRegistry): ParsedRow | null {
  const { table, kind } = r;
  if (isEmptySectionLine(row)) return null;
  const serialText = htmlText((row.cells[r.at("serial") ?? -1] ?? [""]).join(" ")).replace(/[.)\s]+$/, "");
  const serial = serialText || String(table.rows.indexOf(row) + 1);
  const rowKey = `${table.section.number ?? r.tableIndex + 1}.${Number(serial) || serial}`;
  const partnerBlocks = r.blocksOf(row, "partner");
  let named = readPartnerCell(partnerBlocks, kind);
  if (named.length === 0) {
    r.issues.push(
      issue(
        r.doc,
        row,
        r.headerOf("partner"),
        "partner_missing",
        "The partner cell is empty.",
        partnerBlocks.join(" ") || null,
        "error",
      ),
    );
    return null;
  }
  if (kind === "foreign") named = named.map(asForeignService);
  const partners = named.map((o) => registry.remember(o, rowKey));
  const base = {
    key: rowKey,
    section: table.section.number,
    sectionKind: kind,
    serial,
    location: row.location,
    partnerKeys: partners.map((p) => p.key),
    partnerColumn: r.headerOf("partner"),
  };
  if (kind === "membership") {
    warnOtherFieldsNotKept(r, row);
    return { ...base, agreement: null, membership: readMembershipRow(r, row) };
  }
  return { ...base, agreement: readAgreementRow(r, row, partners), membership: null };
}

// A foreign section names a country for its correctional service: "ZIMBABWE" → Zimbabwe (ZW).
function asForeignService(o: NamedOrganisation): NamedOrganisation {
  const code = countryCodeOf(o.name) ?? countryCodeOf(o.aliases[0] ?? "");
  if (!code) return { ...o, countryCode: o.countryCode === "RW" ? null : o.countryCode };
  const name = o.name === o.name.toUpperCase() ? titleCase(o.name) : o.name;
  const acronym = o.acronym && countryCodeOf(o.acronym) ? null : o.acronym;
  return { ...o, name, acronym, aliases: o.aliases.filter((a) => a !== name), countryCode: code };
}

// A membership row: the keeper's role in an association, from the export's role line or the row's text.
function readMembershipRow(r: SectionReader, row: SourceRow): ParsedMembership {
  const text = [r.textOf(row, "roles"), r.textOf(row, "commitments"), r.textOf(row, "comments")]
    .filter(Boolean)
    .join(" ");
  // A report we exported says the role in its own line, after the association's description.
  const exported = r
    .blocksOf(row, "roles")
    .map((block) => readRoleLine(htmlText(block)))
    .findLast((found) => found !== null);
  return exported ? { ...exported, text } : readMembership(text);
}

// An agreement row: date, kind, commitments, areas, progress, status, themes and title.
function readAgreementRow(
  r: SectionReader,
  row: SourceRow,
  partners: readonly ParsedOrganisation[],
): ParsedAgreement {
  const date = readSignature(r, row);
  const kind = agreementKindOf(`${r.textOf(row, "agreementKind")} ${date.text ?? ""}`);
  const commitments = readCommitments(r, row);
  const places = readAreas(r, row, partners);
  const { progress, amendment } = readProgress(r, row);
  const status = readAgreementStatus(r, row, date.noteStatus);
  const themes = proposeThemes(
    [
      ...commitments,
      ...progress.map((p) => p.text),
      ...(r.kind === "foreign" ? ["cooperation in correctional services"] : []),
    ],
    r.options.knownThemes,
  );
  return {
    title: agreementTitle(kind, r.options.keeperLabel, partners),
    kind,
    status,
    signedOnText: date.text,
    signedOnPrecision: date.signed.precision,
    validUntil: validUntilFrom(r.textOf(row, "duration"), date.signed),
    ...places,
    commitments,
    progress,
    themes,
    amendment,
    otherFields: readOtherFields(r, row),
  };
}

// The cells of the unmapped columns, as text (a cell's paragraphs on their own lines); empty cells are left out.
function readOtherFields(r: SectionReader, row: SourceRow): ParsedOtherField[] {
  const out: ParsedOtherField[] = [];
  for (const { index, label } of r.others) {
    const value = joinCellParts(row.cells[index] ?? []).join("\n");
    if (value === "") continue;
    if (value.length > OTHER_FIELD_LIMITS.value)
      r.issues.push(
        issue(
          r.doc,
          row,
          label,
          "other_field_cut",
          `This text is longer than ${OTHER_FIELD_LIMITS.value} characters: only its beginning is kept.`,
          value.slice(0, 200),
        ),
      );
    out.push({ label, value: value.slice(0, OTHER_FIELD_LIMITS.value) });
  }
  return out;
}

// A membership keeps no other fields: each cell that would be lost is said, never dropped silently.
function warnOtherFieldsNotKept(r: SectionReader, row: SourceRow): void {
  for (const { index, label } of r.others) {
    const text = htmlText((row.cells[index] ?? []).join(" "));
    if (text !== "")
      r.issues.push(
        issue(
          r.doc,
          row,
          label,
          "other_field_not_kept",
          "A membership keeps no other fields: this cell is not imported.",
          text.slice(0, 200),
        ),
      );
  }
}

// The signature date as written, and the status the export notes under it.
function readSignature(
  r: SectionReader,
  row: SourceRow,
): { text: string | null; signed: ReturnType<typeof parsePartialDate>; noteStatus: AgreementStatus | null } {
  // The register keeps at most 200 characters of a signature date as written.
  // The export adds "Status: Expired" under the date of a row that is not active.
  const dateBlocks = r.blocksOf(row, "signedOn");
  const noteAt = dateBlocks.findIndex((b) => statusNoteOf(b) !== null);
  const noteStatus = noteAt >= 0 ? statusNoteOf(dateBlocks[noteAt] ?? "") : null;
  const text =
    dateBlocks
      .filter((_, i) => i !== noteAt)
      .join(" ")
      .trim()
      .slice(0, 200) || null;
  const signed = parsePartialDate(text);
  if (text && signed.precision === "none" && !/\b(?:letter of agreement|loa|lettre d'accord)\b/i.test(text))
    r.issues.push(
      issue(
        r.doc,
        row,
        r.headerOf("signedOn"),
        "date_unparsed",
        "No date could be read here; the text is kept as written.",
        text,
      ),
    );
  if (!text && r.at("signedOn") !== null)
    r.issues.push(
      issue(r.doc, row, r.headerOf("signedOn"), "empty_cell", "The date of signature is empty.", null),
    );
  return { text, signed, noteStatus };
}

// The agreement's kind from its kind column and date text; an MoU unless they say otherwise.
function agreementKindOf(kindText: string): ParsedAgreement["kind"] {
  if (/\b(?:letter of agreement|loa|lettre d'accord)\b/i.test(kindText)) return "letter_of_agreement";
  if (/\bimplementation (?:plan|guidelines)\b/i.test(kindText)) return "implementation_plan";
  if (/\bframework\b/i.test(kindText)) return "framework_agreement";
  if (/\bgrant|subvention\b/i.test(kindText)) return "grant";
  return "mou";
}

// The field activities; an empty commitments cell is a warning.
function readCommitments(r: SectionReader, row: SourceRow): string[] {
  const commitmentBlocks = r.blocksOf(row, "commitments");
  // An introduction ending with ":" before the list is not a commitment of its own.
  const commitments = blockItems(commitmentBlocks).filter(
    (item, i, all) => !(item.endsWith(":") && i < all.length - 1),
  );
  if (commitments.length === 0 && r.at("commitments") !== null)
    r.issues.push(
      issue(r.doc, row, r.headerOf("commitments"), "empty_cell", "No field activity is written here.", null),
    );
  return commitments;
}

// The places the areas cell names, or a foreign row's countries; a cell naming no known place is a warning.
function readAreas(
  r: SectionReader,
  row: SourceRow,
  partners: readonly ParsedOrganisation[],
): Pick<ParsedAgreement, "areasText" | "areas" | "areaNotes"> {
  const areasText = r.textOf(row, "areas") || null;
  const placeResult = resolvePlaces(areasText, { preferFacilities: r.options.preferFacilities });
  const areas = [...placeResult.areas];
  // Countries named in the cell, in English or French ("Ouganda, Kenya"): a cell that is only countries.
  for (const part of (areasText ?? "").split(/\s*(?:[,;]|\band\b|\bet\b|\bna\b)\s*/i)) {
    const code = part ? countryCodeOf(part.replace(/\.$/, "")) : null;
    if (code && code !== "RW" && !areas.some((a) => a.kind === "country" && a.countryCode === code))
      areas.push({ kind: "country", countryCode: code, label: part });
  }
  const countries = partners.filter((p) => p.countryCode && p.countryCode !== "RW");
  if (r.kind === "foreign" && areas.length === 0)
    for (const p of countries)
      if (p.countryCode) areas.push({ kind: "country", countryCode: p.countryCode, label: p.name });
  if (placeResult.unresolved && areas.length === 0 && areasText && /\p{L}/u.test(areasText))
    r.issues.push(
      issue(
        r.doc,
        row,
        r.headerOf("areas"),
        "place_unresolved",
        "No place we know is named here; the agreement will have no area.",
        areasText,
      ),
    );
  return { areasText, areas, areaNotes: placeResult.notes };
}

// Progress entries from the achievements, ongoing, planned and comments columns, and an amendment they speak of.
function readProgress(
  r: SectionReader,
  row: SourceRow,
): { progress: ParsedProgress[]; amendment: ParsedAgreement["amendment"] } {
  const achievements = blockItems(r.blocksOf(row, "achievements")).map((text) => ({
    kind: "achievement" as const,
    text,
  }));
  const ongoing = readOngoing(blockItems(r.blocksOf(row, "ongoing")), false);
  const planned = readOngoing(blockItems(r.blocksOf(row, "planned")), true);
  const comments = blockItems(r.blocksOf(row, "comments")).map((text) => ({
    kind: "ongoing" as const,
    text,
  }));
  return {
    progress: [...achievements, ...ongoing.progress, ...planned.progress, ...comments],
    amendment: ongoing.amendment ?? planned.amendment,
  };
}

// The status column, else the export's note under the date, else active; an unknown status is a warning.
function readAgreementStatus(
  r: SectionReader,
  row: SourceRow,
  noteStatus: AgreementStatus | null,
): ParsedAgreement["status"] {
  const statusText = r.textOf(row, "status");
  const status = readStatus(statusText) ?? noteStatus ?? "active";
  if (statusText && readStatus(statusText) === null)
    r.issues.push(
      issue(
        r.doc,
        row,
        r.headerOf("status"),
        "status_unread",
        "This status was not recognised; the agreement is recorded as active.",
        statusText,
      ),
    );
  return status;
}

// "MoU between RCS and …", at most 300 characters.
function agreementTitle(
  kind: ParsedAgreement["kind"],
  keeperLabel: string,
  partners: readonly ParsedOrganisation[],
): string {
  const kindWord =
    kind === "letter_of_agreement"
      ? "Letter of Agreement"
      : kind === "implementation_plan"
        ? "Implementation plan"
        : kind === "framework_agreement"
          ? "Framework agreement"
          : kind === "grant"
            ? "Grant"
            : "MoU";
  return `${kindWord} between ${keeperLabel} and ${listNames(partners.map(label))}`.slice(0, 300);
}
