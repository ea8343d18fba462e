// The status report from the register: agreements → report rows as of a date, in three languages, then
// written as Word, Excel, PDF, CSV or HXL-tagged CSV by the shared writers of the reports module.

import type { ServiceContext } from "../../kernel";
import { isAllowed, listScope } from "../../kernel";
import { invalid } from "../../shared/app-errors";
import { isVaguePrecision, type PartialDate, partialDateRange } from "../../shared/partial-date";
import { todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import type { AgreementStatus } from "../agreements";
import {
  type AgreementRecord,
  effectiveStatus,
  type PlaceFilter,
  selectPlaceFacts,
  selectThemesOf,
} from "../agreements";
import {
  paragraph,
  paragraphOrBullets,
  type ReportBlock,
  type ReportCell,
  type ReportDocument,
  type ReportRun,
  type ReportSection,
  reportLabels,
  reportToCsvRows,
  type Translate,
  writeCsv,
  writeReportDocx,
  writeReportPdf,
  writeReportXlsx,
} from "../reports";
import { listThemes } from "../themes";
import {
  REPORT_CONTENT_TYPES,
  type ReportFormat,
  type StatusReportQuery,
  StatusReportQuerySchema,
} from "./status-report.schema";
import {
  type ReportArea,
  type ReportMembership,
  type ReportOtherField,
  type ReportParty,
  type ReportPlace,
  type ReportProgress,
  type ReportStatusChange,
  selectAmendmentsOf,
  selectReportAgreements,
  selectReportAreasOf,
  selectReportCommitmentsOf,
  selectReportMemberships,
  selectReportOtherFieldsOf,
  selectReportPartiesOf,
  selectReportPlaces,
  selectReportProgressOf,
  selectReportStatusChangesOf,
} from "./status-report.store";

export type StatusReportSectionNumber = 1 | 2 | 3;

/** One agreement as the report prints it (sections 1 and 2). */
export type StatusReportRow = {
  section: 1 | 2;
  serial: number;
  agreementId: string;
  title: string;
  reference: string | null;
  /** The parties other than the institution keeping the register (all parties when none keeps it). */
  partners: ReportParty[];
  commitments: string[];
  signedOn: PartialDate;
  /** The status on the report's date, from the status history. */
  status: AgreementStatus;
  areas: ReportArea[];
  themes: string[];
  achievements: string[];
  ongoing: string[];
  /** Fields the register has no column for (an import's unmapped columns): trailing columns of the spreadsheets. */
  otherFields: ReportOtherField[];
};

/** One membership of the keeping institution in an association (section 3). */
export type StatusReportMembershipRow = { serial: number; membership: ReportMembership };

export type StatusReportData = {
  asOf: string;
  language: StatusReportQuery["lang"];
  keepers: string[];
  rows: StatusReportRow[];
  memberships: StatusReportMembershipRow[];
  /** Section 3 is printed only for an unfiltered report: memberships have no theme, place or status. */
  includesMemberships: boolean;
  filtersText: string[];
  places: Map<string, ReportPlace>;
  themeNames: Map<string, { en: string; fr: string; rw: string }>;
};

/**
 * The status on a day, from the status history (in the order it was recorded): the status the agreement
 * was recorded with holds from its start, then each later change from the day it took effect. An active
 * agreement past its end is expired. (A register loaded years after signing records "active" today and
 * may back-date later changes: the recorded order, not the dates, says which came first.)
 */
export function statusAsOf(
  current: AgreementStatus,
  changes: readonly ReportStatusChange[],
  validUntil: string | null,
  asOf: string,
): AgreementStatus {
  const [first, ...rest] = changes;
  let status: AgreementStatus = current;
  let later: readonly ReportStatusChange[] = changes;
  if (first) {
    status = first.fromStatus ?? first.toStatus;
    if (first.fromStatus === null) later = rest;
  }
  for (const change of later) if (change.changedOn <= asOf) status = change.toStatus;
  return effectiveStatus(status, validUntil, asOf);
}

const FILTER_KEYS = [
  "q",
  "kind",
  "status",
  "partyKind",
  "organisationId",
  "theme",
  "placeId",
  "signedYear",
  "expiringWithinDays",
  "hasOverduePlanned",
] as const;

// Collators made once: `localeCompare` with options makes one at every call, and a register's sort makes ~150,000.
const PLAIN = new Intl.Collator();
const BY_BASE = new Intl.Collator("en", { sensitivity: "base" });
const NATURAL = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function compareRows(sort: StatusReportQuery["sort"]) {
  const byTitle = (a: AgreementRecord, b: AgreementRecord) =>
    BY_BASE.compare(a.title, b.title) || PLAIN.compare(a.id, b.id);
  const signedKey = (r: AgreementRecord) =>
    r.signedOn.year === null ? "9999" : (partialDateRange(r.signedOn)?.from ?? "9999");
  return (a: AgreementRecord, b: AgreementRecord): number => {
    switch (sort) {
      case "reference":
        // Register references ("Status report 1.10") in natural order; rows without one after, by date.
        if (a.reference && b.reference) {
          const c = NATURAL.compare(a.reference, b.reference);
          if (c !== 0) return c;
        } else if (a.reference || b.reference) return a.reference ? -1 : 1;
        return PLAIN.compare(signedKey(a), signedKey(b)) || byTitle(a, b);
      case "signed_asc":
        return PLAIN.compare(signedKey(a), signedKey(b)) || byTitle(a, b);
      case "signed_desc": {
        const undated = Number(a.signedOn.year === null) - Number(b.signedOn.year === null);
        return undated || PLAIN.compare(signedKey(b), signedKey(a)) || byTitle(a, b);
      }
      case "title":
        return byTitle(a, b);
      case "updated_desc":
        return PLAIN.compare(b.updatedAt, a.updatedAt) || PLAIN.compare(a.id, b.id);
      case "expiry":
        return PLAIN.compare(a.validUntil ?? "9999", b.validUntil ?? "9999") || byTitle(a, b);
    }
  };
}

/** The district a place lies in (itself, or its parent when that is a district). */
function districtOf(places: Map<string, ReportPlace>, placeId: string): string | null {
  const place = places.get(placeId);
  if (!place) return null;
  if (place.kind === "district") return place.id;
  const parent = place.parentId ? places.get(place.parentId) : undefined;
  return parent?.kind === "district" ? parent.id : null;
}

/** The agreements the report shows as of its date, and the amendments printed in their rows. */
async function selectReportRecords(
  db: ServiceContext["db"],
  query: StatusReportQuery,
  asOf: string,
): Promise<{ main: AgreementRecord[]; amendments: AgreementRecord[] }> {
  let place: PlaceFilter | null = null;
  if (query.placeId) {
    const facts = await selectPlaceFacts(db, [query.placeId]);
    place = { placeId: query.placeId, facts: facts.get(query.placeId) ?? null };
  }
  const {
    status: _status,
    format: _format,
    lang: _lang,
    section: _section,
    asOf: _asOf,
    ...listFilters
  } = query;
  const records = await selectReportAgreements(db, { ...listFilters, sort: "title" }, asOf, asOf, place);
  const recordIds = new Set(records.map((r) => r.id));
  // Amendments print in the row of the agreement they amend, whatever the filters say of them.
  const byId = new Map<string, AgreementRecord>();
  for (const r of records) if (r.amendsId && recordIds.has(r.amendsId)) byId.set(r.id, r);
  const amendmentsOf = await inBatches([...recordIds], async (ids) => {
    const found = await selectAmendmentsOf(db, ids, asOf);
    return new Map(found.map((r) => [r.id, r]));
  });
  for (const [id, r] of amendmentsOf) if (!byId.has(id)) byId.set(id, r);
  const amendments = [...byId.values()];
  const amendmentIds = new Set(amendments.map((a) => a.id));
  const main = records.filter((r) => !amendmentIds.has(r.id));
  return { main, amendments };
}

/** Agreements whose parts are read in one statement: a whole register is read in several. */
const READ_BATCH = 1_000;

/**
 * A map read `READ_BATCH` agreements at a time. The embedded database runs a statement without a break: statements
 * of 1,000 agreements are short, and between them the other requests get their turn (src/db/client.ts gives it), so
 * a report of 10,000 agreements never holds a list page for the whole read (issue 20).
 */
async function inBatches<V>(
  ids: readonly string[],
  read: (batch: readonly string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  if (ids.length <= READ_BATCH) return read(ids);
  const out = new Map<string, V>();
  for (let at = 0; at < ids.length; at += READ_BATCH)
    for (const [id, value] of await read(ids.slice(at, at + READ_BATCH))) out.set(id, value);
  return out;
}

/** Reads the register for the report: what it shows, as of its date, within what the caller may read. */
export async function buildStatusReportData(
  ctx: ServiceContext,
  query: StatusReportQuery,
): Promise<StatusReportData> {
  const today = ctx.today ?? todayInKigali();
  const asOf = query.asOf ?? today;
  if (asOf > today) {
    throw invalid([
      { path: "asOf", message: `The report describes a past day or today (${today}).`, in: "query" },
    ]);
  }
  const scope = listScope(ctx.actor, "agreement");
  const db = ctx.db;
  const { main, amendments } = await selectReportRecords(db, query, asOf);

  const allIds = [...main, ...amendments].map((r) => r.id);
  const mainIds = main.map((r) => r.id);
  const [statusChanges, parties, areas, commitments, progress, otherFields, places, themes] = [
    await inBatches(allIds, (ids) => selectReportStatusChangesOf(db, ids)),
    await inBatches(allIds, (ids) => selectReportPartiesOf(db, ids)),
    await inBatches(allIds, (ids) => selectReportAreasOf(db, ids)),
    await inBatches(mainIds, (ids) => selectReportCommitmentsOf(db, ids)),
    await inBatches(mainIds, (ids) => selectReportProgressOf(db, ids, asOf)),
    await inBatches(mainIds, (ids) => selectReportOtherFieldsOf(db, ids)),
    await selectReportPlaces(db),
    // Only their names are printed: a caller who may not read themes sees their codes.
    isAllowed(ctx.actor, "theme", "read") ? await listThemes(ctx) : [],
  ];
  const statusOf = (r: AgreementRecord) =>
    statusAsOf(r.status, statusChanges.get(r.id) ?? [], r.validUntil, asOf);
  const readable = (r: AgreementRecord) => {
    if (scope.all) return true;
    const areaDistricts = (areas.get(r.id) ?? []).flatMap((a) => {
      const d = a.placeId ? districtOf(places, a.placeId) : null;
      return d ? [d] : [];
    });
    return isAllowed(ctx.actor, "agreement", "read", {
      organisationIds: (parties.get(r.id) ?? []).map((p) => p.organisationId),
      districtIds: areaDistricts,
    });
  };

  const t = reportLabels(query.lang);
  const shown = main.filter((r) => readable(r) && (!query.status || statusOf(r) === query.status));
  shown.sort(compareRows(query.sort));
  const keepers = [
    ...new Set(shown.flatMap((r) => (r.keeperOrganisationId ? [r.keeperOrganisationId] : []))),
  ];
  const serials = { 1: 0, 2: 0 };
  const rows: StatusReportRow[] = [];
  for (const r of shown) {
    const all = parties.get(r.id) ?? [];
    const partners = r.keeperOrganisationId
      ? all.filter((p) => p.organisationId !== r.keeperOrganisationId)
      : all;
    const section: 1 | 2 = partners.some((p) => p.kind === "foreign_correctional_service") ? 2 : 1;
    if (query.section && query.section !== String(section)) continue;
    const entries = progress.get(r.id) ?? [];
    const ongoing = [
      ...entries.flatMap((e) => ongoingLine(e, query.lang, t)),
      ...amendments
        .filter((a) => a.amendsId === r.id && readable(a))
        .map((a) =>
          t("reportExport.amendmentLine", {
            status: t(`agreements.statuses.${statusOf(a)}`),
            text: sentence(a.purpose ?? a.title),
          }),
        ),
    ];
    rows.push({
      section,
      serial: ++serials[section],
      agreementId: r.id,
      title: r.title,
      reference: r.reference,
      partners,
      commitments: commitments.get(r.id) ?? [],
      signedOn: r.signedOn,
      status: statusOf(r),
      areas: areas.get(r.id) ?? [],
      themes: [],
      achievements: entries.filter((e) => e.kind === "achievement").map((e) => e.text),
      ongoing,
      otherFields: otherFields.get(r.id) ?? [],
    });
  }
  const themeCodes = await inBatches(
    rows.map((r) => r.agreementId),
    (ids) => selectThemesOf(db, ids),
  );
  for (const row of rows) row.themes = themeCodes.get(row.agreementId) ?? [];

  const filtered = FILTER_KEYS.some((k) => query[k] !== undefined);
  const includesMemberships =
    !filtered && (!query.section || query.section === "3") && isAllowed(ctx.actor, "membership", "read");
  const asOfYear = Number(asOf.slice(0, 4));
  const memberships = includesMemberships
    ? (await selectReportMemberships(db, keepers))
        .filter((m) => m.startYear === null || m.startYear <= asOfYear)
        .map((membership, i) => ({ serial: i + 1, membership }))
    : [];

  return {
    asOf,
    language: query.lang,
    keepers,
    rows,
    memberships,
    includesMemberships,
    filtersText: describeFilters(query, t, places, themes, (id) => {
      for (const list of parties.values()) {
        const party = list.find((p) => p.organisationId === id);
        if (party) return party.name;
      }
      return null;
    }),
    places,
    themeNames: new Map(themes.map((th) => [th.code, th.names])),
  };
}

/** First letter upper-case: an amendment's note may start mid-sentence ("a draft of MoU amendment …"). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function ongoingLine(entry: ReportProgress, language: StatusReportQuery["lang"], t: Translate): string[] {
  if (entry.kind === "ongoing") return [entry.text];
  if (entry.kind === "planned") {
    const text = entry.done ? t("reportExport.plannedDone", { text: entry.text }) : entry.text;
    return [
      entry.dueOn ? t("reportExport.plannedBy", { text, date: formatIsoDate(entry.dueOn, language) }) : text,
    ];
  }
  if (entry.kind === "issue") return [t("reportExport.issueLine", { text: entry.text })];
  return [];
}

// Made once: a formatter costs ~40 µs to make, and a whole register prints thousands of dates.
const LONG_DATES = {
  en: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
  fr: new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
};

function formatIsoDate(iso: string, language: StatusReportQuery["lang"]): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (language === "rw") return `${d}/${String(m).padStart(2, "0")}/${y}`;
  return LONG_DATES[language].format(new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1)));
}

function describeFilters(
  query: StatusReportQuery,
  t: Translate,
  places: Map<string, ReportPlace>,
  themes: { code: string; names: { en: string; fr: string; rw: string } }[],
  organisationName: (id: string) => string | null,
): string[] {
  const parts: string[] = [];
  const add = (label: string, value: string) => parts.push(`${t(label)}: ${value}`);
  if (query.q) add("reportExport.filters.q", `“${query.q}”`);
  if (query.section) add("reportExport.filters.section", query.section);
  if (query.status) add("reportExport.filters.status", t(`agreements.statuses.${query.status}`));
  if (query.kind) add("reportExport.filters.kind", t(`agreements.kinds.${query.kind}`));
  if (query.theme) {
    const theme = themes.find((th) => th.code === query.theme);
    add("reportExport.filters.theme", theme ? theme.names[query.lang] : query.theme);
  }
  if (query.placeId)
    add("reportExport.filters.place", places.get(query.placeId)?.names[query.lang] ?? query.placeId);
  if (query.partyKind) add("reportExport.filters.partyKind", t(`organisation.kinds.${query.partyKind}`));
  if (query.organisationId)
    add("reportExport.filters.party", organisationName(query.organisationId) ?? query.organisationId);
  if (query.signedYear !== undefined) add("reportExport.filters.signedYear", String(query.signedYear));
  if (query.expiringWithinDays !== undefined)
    add("reportExport.filters.expiring", String(query.expiringWithinDays));
  if (query.hasOverduePlanned !== undefined)
    add("reportExport.filters.overdue", t(query.hasOverduePlanned ? "reportExport.yes" : "reportExport.no"));
  return parts;
}

// Cells.

/** "https://www.ibi.org/" → "www.ibi.org", as the report prints it. */
const websiteText = (url: string) => url.replace(/^https?:\/\//i, "").replace(/\/$/, "");

function partnerCell(partners: readonly ReportParty[]): ReportCell {
  const blocks: ReportBlock[] = [];
  for (const p of partners) {
    const runs: ReportRun[] = [{ text: p.name, bold: true }];
    if (p.acronym) runs.push({ text: ` (${p.acronym})` });
    blocks.push({ kind: "paragraph", runs });
    for (const line of [p.email, p.phone, p.website ? websiteText(p.website) : null]) {
      if (line) blocks.push(paragraph(line));
    }
  }
  return blocks;
}

function areaLabel(area: ReportArea, data: StatusReportData, t: Translate): string {
  if (area.placeSet) return t(`agreements.sets.${area.placeSet}`);
  const place = area.placeId ? data.places.get(area.placeId) : undefined;
  if (!place) return "";
  const name = place.names[data.language];
  // Districts and sectors carry bare names ("Rwamagana"): say which, as the original does ("Rwamagana district").
  return place.kind === "district" || place.kind === "sector"
    ? t(`reportExport.placeKinds.${place.kind}`, { name })
    : name;
}

/** "Musanze, Gicumbi and Nyagatare" in the report's language. */
function listOf(names: readonly string[], t: Translate): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${t("reportExport.and")} ${names[names.length - 1]}`;
}

/**
 * The areas as the original writes them: sets by name, other places by name, and several RCS correctional
 * facilities as one phrase ("Musanze, Gicumbi and Nyagatare correctional facilities") where the first stood.
 */
function areaLabels(areas: readonly ReportArea[], data: StatusReportData, t: Translate): string[] {
  const facilityDistricts: string[] = [];
  let facilitiesAt = -1;
  const labels: string[] = [];
  for (const area of areas) {
    const place = area.placeId ? data.places.get(area.placeId) : undefined;
    const district = place?.parentId ? data.places.get(place.parentId) : undefined;
    if (place?.isOpenCorrectionalFacility && district?.kind === "district" && areas.length > 1) {
      if (facilitiesAt < 0) facilitiesAt = labels.length;
      facilityDistricts.push(district.names[data.language]);
      continue;
    }
    const label = areaLabel(area, data, t);
    if (label) labels.push(label);
  }
  if (facilitiesAt >= 0) {
    const phrase =
      facilityDistricts.length === 1
        ? areaLabel(
            areas.find((a) => a.placeId && data.places.get(a.placeId)?.isOpenCorrectionalFacility) ??
              areas[0] ?? { placeId: null, placeSet: null },
            data,
            t,
          )
        : t("reportExport.facilities", { names: listOf(facilityDistricts, t) });
    labels.splice(facilitiesAt, 0, phrase);
  }
  return labels;
}

function agreementCells(row: StatusReportRow, data: StatusReportData, t: Translate): ReportCell[] {
  const date: ReportCell = row.signedOn.text ? [paragraph(row.signedOn.text)] : [];
  if (row.status !== "active") {
    date.push(paragraph(t("reportExport.statusNote", { status: t(`agreements.statuses.${row.status}`) })));
  }
  const areaText = areaLabels(row.areas, data, t);
  return [
    [paragraph(`${row.serial}.`)],
    partnerCell(row.partners),
    paragraphOrBullets(row.commitments),
    date,
    areaText.length > 0 ? [paragraph(sentence(areaText.join(", ")))] : [],
    paragraphOrBullets(row.achievements),
    paragraphOrBullets(row.ongoing),
  ];
}

function membershipCells(row: StatusReportMembershipRow, t: Translate): ReportCell[] {
  const m = row.membership;
  const name: ReportRun[] = [{ text: m.networkName, bold: true }];
  if (m.networkAcronym) name.push({ text: ` (${m.networkAcronym})` });
  const nameCell: ReportCell = [{ kind: "paragraph", runs: name }];
  if (m.networkWebsite) nameCell.push(paragraph(websiteText(m.networkWebsite)));
  let role = t(`memberships.roles.${m.role}`);
  if (m.roleNote) role += ` ${m.roleNote}`;
  if (m.startYear !== null && m.endYear !== null) role += ` (${m.startYear}–${m.endYear})`;
  else if (m.startYear !== null) role += ` (${t("reportExport.since", { year: m.startYear })})`;
  const roles: ReportCell = [];
  if (m.networkDescription) roles.push(paragraph(m.networkDescription));
  roles.push(paragraph(t("reportExport.roleLine", { member: m.organisationName, role })));
  return [[paragraph(`${row.serial}.`)], nameCell, roles];
}

const AGREEMENT_COLUMNS = [
  ["sn", 4],
  ["partners", 16],
  ["fieldActivities", 20],
  ["signedOn", 9],
  ["areas", 12],
  ["achievements", 21],
  ["ongoing", 18],
] as const;

/**
 * The other fields' columns of a section: one per label, in the order the rows first give them, headed by the label
 * as the file had it — re-imported, the column is read as the same other field again (and found, not added twice).
 * A label that reads as one of the report's own headers is told apart, so the flat CSV never merges the two.
 */
function otherFieldColumns(
  rows: readonly StatusReportRow[],
  taken: ReadonlySet<string>,
  t: Translate,
): { label: string; header: string }[] {
  const out = new Map<string, { label: string; header: string }>();
  for (const row of rows)
    for (const { label } of row.otherFields) {
      const key = label.toLowerCase();
      if (out.has(key)) continue;
      const header = taken.has(key) ? t("reportExport.otherFieldColumn", { label }) : label;
      out.set(key, { label, header });
    }
  return [...out.values()];
}

/** A row's values under each other-field column: a label given twice keeps both, one paragraph each. */
function otherFieldCells(row: StatusReportRow, columns: readonly { label: string }[]): ReportCell[] {
  return columns.map(({ label }) =>
    row.otherFields
      .filter((f) => f.label.toLowerCase() === label.toLowerCase())
      .flatMap((f) => f.value.split("\n").map((line) => paragraph(line))),
  );
}

/**
 * The report as the writers print it: sections 1 and 2 with the original's seven columns, section 3 with three.
 * `otherFields` adds the agreements' other fields as trailing columns (the spreadsheets: Excel and CSV).
 */
export function statusReportDocument(
  data: StatusReportData,
  sections?: readonly StatusReportSectionNumber[],
  options: { otherFields?: boolean } = {},
): ReportDocument {
  const t = reportLabels(data.language);
  const agreementColumns = AGREEMENT_COLUMNS.map(([key, width]) => ({
    header: t(`reportExport.columns.${key}`),
    width,
  }));
  const taken = new Set(
    [
      ...agreementColumns.map((c) => c.header),
      t("reportExport.columns.section"),
      t("reportExport.columns.stakeholder"),
      t("reportExport.columns.roles"),
    ].map((h) => h.toLowerCase()),
  );
  const wanted = (n: StatusReportSectionNumber) => !sections || sections.includes(n);
  const out: ReportSection[] = [];
  const sectionRows = new Map<1 | 2, ReportCell[][]>([
    [1, []],
    [2, []],
  ]);
  const extraColumns = new Map(
    ([1, 2] as const).map((n) => [
      n,
      options.otherFields
        ? otherFieldColumns(
            data.rows.filter((r) => r.section === n),
            taken,
            t,
          )
        : [],
    ]),
  );
  for (const row of data.rows)
    sectionRows
      .get(row.section)
      ?.push([...agreementCells(row, data, t), ...otherFieldCells(row, extraColumns.get(row.section) ?? [])]);
  const hasRows = (n: 1 | 2) => (sectionRows.get(n)?.length ?? 0) > 0;
  // A filtered report prints the agreement sections that have rows; an unfiltered one prints all three.
  for (const [n, key] of [
    [1, "local"],
    [2, "international"],
  ] as const) {
    if (!wanted(n) || (!hasRows(n) && data.filtersText.length > 0)) continue;
    out.push({
      title: t(`reportExport.sections.${key}`),
      sheetName: t(`reportExport.sheets.${key}`),
      columns: [
        ...agreementColumns,
        ...(extraColumns.get(n) ?? []).map((c) => ({ header: c.header, width: 12 })),
      ],
      rows: sectionRows.get(n) ?? [],
      emptyText: t("reportExport.empty"),
    });
  }
  if (data.includesMemberships && wanted(3)) {
    out.push({
      title: t("reportExport.sections.associations"),
      sheetName: t("reportExport.sheets.associations"),
      columns: [
        { header: t("reportExport.columns.sn"), width: 4 },
        { header: t("reportExport.columns.stakeholder"), width: 28 },
        { header: t("reportExport.columns.roles"), width: 68 },
      ],
      rows: data.memberships.map((m) => membershipCells(m, t)),
      emptyText: t("reportExport.empty"),
    });
  }
  const subtitle = [t("reportExport.asOf", { date: formatIsoDate(data.asOf, data.language) })];
  if (data.filtersText.length > 0)
    subtitle.push(t("reportExport.filtered", { filters: data.filtersText.join("; ") }));
  return { title: t("reportExport.title"), subtitle, sections: out, language: data.language };
}

// HXL who-does-what-where.

const HXL_COLUMNS = [
  ["organisation", "#org +name"],
  ["acronym", "#org +acronym"],
  ["organisationType", "#org +type"],
  ["agreement", "#activity +name"],
  ["reference", "#activity +code"],
  ["themes", "#sector +name"],
  ["country", "#country +code"],
  ["province", "#adm1 +name"],
  ["district", "#adm2 +name"],
  ["sector", "#adm3 +name"],
  ["location", "#loc +name"],
  ["signedOn", "#date +start"],
  ["status", "#status"],
] as const;

type Where = { country: string; adm1: string; adm2: string; adm3: string; loc: string };

/** Where an area is, down to the named site; a set is every place in it. */
function locationsOf(area: ReportArea, data: StatusReportData, t: Translate): Where[] {
  const lang = data.language;
  const empty: Where = { country: "", adm1: "", adm2: "", adm3: "", loc: "" };
  if (area.placeSet === "all_correctional_facilities") {
    return [...data.places.values()]
      .filter((p) => p.isOpenCorrectionalFacility)
      .flatMap((p) => locationsOf({ placeId: p.id, placeSet: null }, data, t));
  }
  if (area.placeSet) return [{ ...empty, country: "RW", loc: t(`agreements.sets.${area.placeSet}`) }];
  const place = area.placeId ? data.places.get(area.placeId) : undefined;
  if (!place) return [empty];
  if (place.kind === "country") return [{ ...empty, country: place.code }];
  const where: Where = { ...empty, country: "RW" };
  let current: ReportPlace | undefined = place;
  for (let depth = 0; current && depth < 6; depth++) {
    const name = current.names[lang];
    if (current.kind === "province") where.adm1 = name;
    else if (current.kind === "district") where.adm2 = name;
    else if (current.kind === "sector") where.adm3 = name;
    else if (current.kind !== "country") where.loc = where.loc || name;
    current = current.parentId ? data.places.get(current.parentId) : undefined;
  }
  return [where];
}

/** ISO 8601 as precise as the date: "2019", "2019-06", "2019-06-30"; a vague date its interval "2019-01-01/2019-04-30". */
const isoOfPartial = (d: PartialDate) => {
  if (d.year === null) return "";
  if (isVaguePrecision(d.precision)) {
    const range = partialDateRange(d);
    return range ? `${range.from}/${range.to}` : String(d.year);
  }
  return [
    String(d.year),
    d.month === null ? null : String(d.month).padStart(2, "0"),
    d.day === null ? null : String(d.day).padStart(2, "0"),
  ]
    .filter((s): s is string => s !== null)
    .join("-");
};

/** One row per partner and place: who (organisation), what (agreement, themes), where (admin levels, site). */
export function statusReportHxlRows(data: StatusReportData): string[][] {
  const t = reportLabels(data.language);
  const rows: string[][] = [
    HXL_COLUMNS.map(([key]) => t(`reportExport.hxl.${key}`)),
    HXL_COLUMNS.map(([, tag]) => tag),
  ];
  for (const row of data.rows) {
    const themes = row.themes.map((code) => data.themeNames.get(code)?.[data.language] ?? code).join("; ");
    const wheres = row.areas.length > 0 ? row.areas.flatMap((a) => locationsOf(a, data, t)) : [];
    const unique = wheres.filter(
      (w, i) => wheres.findIndex((o) => JSON.stringify(o) === JSON.stringify(w)) === i,
    );
    const places = unique.length > 0 ? unique : [{ country: "", adm1: "", adm2: "", adm3: "", loc: "" }];
    for (const partner of row.partners) {
      for (const w of places) {
        rows.push([
          partner.name,
          partner.acronym ?? "",
          partner.kind,
          row.title,
          row.reference ?? "",
          themes,
          w.country,
          w.adm1,
          w.adm2,
          w.adm3,
          w.loc,
          isoOfPartial(row.signedOn),
          row.status,
        ]);
      }
    }
  }
  return rows;
}

// The file.

export type ExportedFile = { bytes: Uint8Array; contentType: string; fileName: string };

export async function renderStatusReport(
  data: StatusReportData,
  format: ReportFormat,
): Promise<ExportedFile> {
  const t = reportLabels(data.language);
  // The spreadsheets carry the other fields as trailing columns; Word and PDF print the original's seven.
  const document = statusReportDocument(data, undefined, {
    otherFields: format === "xlsx" || format === "csv",
  });
  const base = `${t("reportExport.fileName")}-${data.asOf}-${data.language}`;
  const file = (bytes: Uint8Array, extension: string) => ({
    bytes,
    contentType: REPORT_CONTENT_TYPES[format],
    fileName: `${base}.${extension}`,
  });
  switch (format) {
    case "docx":
      return file(await writeReportDocx(document), "docx");
    case "xlsx":
      return file(await writeReportXlsx(document), "xlsx");
    case "pdf":
      return file(await writeReportPdf(document), "pdf");
    case "csv":
      return file(writeCsv(reportToCsvRows(document, t("reportExport.columns.section"))), "csv");
    case "hxl":
      return { ...file(writeCsv(statusReportHxlRows(data)), "csv"), fileName: `${base}-hxl.csv` };
  }
}

/** The status report in one format, as the caller may see it: the use case behind the API and the CLI. */
export async function exportStatusReport(ctx: ServiceContext, input: unknown): Promise<ExportedFile> {
  const query = parseInput(StatusReportQuerySchema, input, "query");
  return renderStatusReport(await buildStatusReportData(ctx, query), query.format);
}
