// Programmes → IATI 2.03 activities XML: organisations with role codes, dates, places, sectors, results with
// indicators, baselines, periods, targets and actuals; what an IATI import kept (contacts, recipient shares and regions,
// tags, policy markers, budgets, planned disbursements, transactions) as it came. The register's own codes are all
// from the IATI 2.03 codelists; kept ones are the file's.
import type { ServiceContext } from "../../kernel";
import type { OrganisationKind } from "../organisations";
import { DAC_SECTORS } from "./dac-sectors";
import type { IatiKept, IatiPlannedDisbursement, IatiTransaction } from "./iati.schema";
import {
  activityDatesOf,
  derivedSectors,
  equalShares,
  FUNDING_REF_PREFIX,
  IATI_ACTIVITY_STATUS,
  recipientCountriesOf,
  statusCodeOf,
  THEME_VOCABULARY,
  THEME_VOCABULARY_URI,
} from "./iati-activity-rules";
import {
  type OrganisationKinds,
  selectNarratives,
  selectOrganisationKinds,
  selectPeriodActuals,
  selectPlaceRegions,
  selectUndatedResults,
  type UndatedResults,
} from "./iati-export.store";
import { readSectorOfTheme } from "./iati-sector-themes.service";
import { INDICATOR_LIBRARY } from "./indicator-library";
import type { Indicator, LogframeLevel, ProgrammeDetail } from "./programmes.schema";
import { getProgramme, listProgrammes } from "./programmes.service";
import { selectKeptIati, selectOrganisationRefs } from "./programmes.store";

/** OrganisationType codelist. A Rwandan CSO is a "Partner Country based NGO" (24). */
export const IATI_ORGANISATION_TYPE: Record<OrganisationKind, string> = {
  government: "10",
  local_cso: "24",
  international_ngo: "21",
  faith_based: "24",
  un_agency: "40",
  embassy_donor: "10",
  foreign_correctional_service: "10",
  academic: "80",
  private: "70",
  association_network: "90",
};

export { IATI_ACTIVITY_STATUS };

/** ResultType: the objective is the impact, outcomes are outcomes, outputs and activities outputs. */
const RESULT_TYPE: Record<LogframeLevel, string> = {
  objective: "3",
  outcome: "2",
  output: "1",
  activity: "1",
};
/** IndicatorMeasure: people and events are units, percent a percentage, text qualitative. */
const MEASURE: Record<Indicator["unit"], string> = { people: "1", events: "1", percent: "2", text: "5" };
/**
 * TransactionType 11, Incoming Commitment: what a donor committed to the programme, as the lead (the reporting
 * organisation) receives it. We record the amount pledged, not disbursements, so nothing claims money was paid.
 */
const FUNDING_TRANSACTION_TYPE = "11";
/** ISO 4217 codes the runtime knows: a currency outside them is not written (the IATI Currency codelist is ISO 4217). */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const IATI_CODES_USED = {
  OrganisationType: [...new Set(Object.values(IATI_ORGANISATION_TYPE))],
  ActivityStatus: Object.values(IATI_ACTIVITY_STATUS),
  OrganisationRole: ["1", "2", "3", "4"],
  ActivityDateType: ["1", "2", "3", "4"],
  /** The codes the sector table can map a theme to. */
  Sector: DAC_SECTORS.map((d) => d.code),
  ResultType: [...new Set(Object.values(RESULT_TYPE))],
  IndicatorMeasure: [...new Set(Object.values(MEASURE))],
  Country: ["RW"],
  GeographicLocationClass: ["1"],
  GeographicExactness: ["2"],
  GeographicLocationReach: ["1"],
  GeographicVocabulary: ["A4"],
  DescriptionType: ["1"],
  SectorVocabulary: ["1", THEME_VOCABULARY],
  TransactionType: [FUNDING_TRANSACTION_TYPE],
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const xmlText = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // XML 1.0 has no place for most control characters (tab, newline and return are kept).
    .replace(XML_FORBIDDEN, "");
const attrs = (a: Record<string, string | number | null | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join("");
const narratives = (en: string, fr?: string | null) =>
  `<narrative>${xmlText(en)}</narrative>${fr ? `<narrative xml:lang="fr">${xmlText(fr)}</narrative>` : ""}`;
/**
 * A text in every language an IATI source gave (kept by the import), English first and unmarked as the activity
 * says xml:lang="en"; without kept narratives, the text we hold is English.
 */
/** Kept narratives are stale once someone edited the text here (the import may have shortened it with "…"). */
function keptIsCurrent(text: string, kept: Record<string, string>): boolean {
  const squash = (t: string) => t.replace(/\s+/g, " ").trim();
  const shown = squash(kept.en ?? kept.fr ?? Object.values(kept)[0] ?? "");
  const current = squash(text);
  return current.endsWith("…") ? shown.startsWith(current.slice(0, -1)) : shown === current;
}

function narrativesIn(
  text: string,
  kept: Record<string, string> | null | undefined,
  fr?: string | null,
): string {
  const entries = Object.entries(kept ?? {}).filter(
    ([lang, t]) => /^[a-z]{2}$/.test(lang) && t.trim() !== "",
  );
  if (entries.length === 0 || !keptIsCurrent(text, kept ?? {})) return narratives(text, fr);
  entries.sort(([a], [b]) => (a === "en" ? -1 : b === "en" ? 1 : 0));
  return entries
    .map(([lang, t]) => `<narrative${lang === "en" ? "" : ` xml:lang="${lang}"`}>${xmlText(t)}</narrative>`)
    .join("");
}

/** Our organisations have no registered IATI identifier: a stable one in the private "XI-UBUFATANYE" space. */
export const organisationRef = (id: string) => `XI-UBUFATANYE-${id}`;

/** What the export read once for every activity: organisation kinds, period actuals, kept narratives, regions. */
type ExportData = {
  kinds: OrganisationKinds;
  actuals: Awaited<ReturnType<typeof selectPeriodActuals>>;
  undated: UndatedResults;
  kept: Map<string, Record<string, string>>;
  provinceOf: Map<string, string>;
  countryOf: Map<string, string>;
  /** What IATI imports kept per programme (budgets, transactions, sectors, roles…), and the names it refers to. */
  keptIati: Map<string, IatiKept>;
  names: Map<string, string>;
  sectorOfTheme: Map<string, string>;
  now: string;
  /** Whether the kept contact-info (people's names, emails, phones) goes out: not in the public portal's file. */
  contacts: boolean;
};

const orgTypeIn = (data: ExportData) => (id: string) =>
  IATI_ORGANISATION_TYPE[data.kinds.get(id) ?? "association_network"];

/** Narratives by language as kept (English unmarked, as the activity says xml:lang="en"). */
function keptNarratives(kept: Record<string, string>): string {
  return Object.entries(kept)
    .filter(([lang, t]) => /^[a-z]{2}$/.test(lang) && t.trim() !== "")
    .sort(([a], [b]) => (a === "en" ? -1 : b === "en" ? 1 : 0))
    .map(([lang, t]) => `<narrative${lang === "en" ? "" : ` xml:lang="${lang}"`}>${xmlText(t)}</narrative>`)
    .join("");
}

/** Identifier, reporting and participating organisations, title, description, status and dates. */
function identityXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  const kept = data.keptIati.get(p.id) ?? null;
  const currency = p.donors.find((d) => d.currency)?.currency ?? null;
  out.push(
    `<iati-activity${attrs({ "xml:lang": "en", "default-currency": currency, "last-updated-datetime": data.now })}>`,
  );
  // An imported activity keeps the identifier it came with: a round trip through IATI names the same activity, and the
  // import recognises it instead of adding it twice. A programme made here gets one from its lead and its id.
  const identifier = p.iatiIdentifier ?? `${organisationRef(p.lead.id)}-${p.id}`;
  out.push(`<iati-identifier>${xmlText(identifier)}</iati-identifier>`);
  const orgType = orgTypeIn(data);
  out.push(
    `<reporting-org${attrs({ ref: organisationRef(p.lead.id), type: orgType(p.lead.id) })}>${narratives(p.lead.name)}</reporting-org>`,
  );
  out.push(`<title>${narrativesIn(p.title, p.narratives?.title)}</title>`);
  // IATI requires a description: without one, the title (the import reads a description equal to the title as none).
  out.push(
    `<description type="1">${
      p.description
        ? narrativesIn(p.description, p.narratives?.description)
        : narrativesIn(p.title, p.narratives?.title)
    }</description>`,
  );
  const participating = (id: string, name: string, role: string) =>
    out.push(
      `<participating-org${attrs({ ref: organisationRef(id), role, type: orgType(id) })}>${narratives(name)}</participating-org>`,
    );
  const named = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const name = data.names.get(id);
      return name ? [{ id, name }] : [];
    });
  for (const d of p.donors) participating(d.id, d.name, "1");
  // Accountable: the organisations the file named, else the lead. Extending: only those the file named.
  const accountable = kept?.accountable ? named(kept.accountable) : [];
  for (const o of accountable.length > 0 ? accountable : [p.lead]) participating(o.id, o.name, "2");
  for (const o of named(kept?.extending ?? [])) participating(o.id, o.name, "3");
  participating(p.lead.id, p.lead.name, "4");
  for (const o of p.partners) participating(o.id, o.name, "4");
  out.push(`<activity-status code="${statusCodeOf(p.status, kept)}"/>`);
  for (const d of activityDatesOf(p, kept))
    out.push(`<activity-date iso-date="${xmlText(d.isoDate)}" type="${xmlText(d.type)}"/>`);
}

/** An element of narratives only (IATI's textRequiredType): nothing when no text was given, as it needs one. */
function textElement(element: string, texts: Record<string, string> | null): string {
  const named = texts ? keptNarratives(texts) : "";
  return named ? `<${element}>${named}</${element}>` : "";
}

/** An element with attributes and optional narratives (recipient region, tag, policy marker, sector). */
function codedElement(
  element: string,
  attributes: Record<string, string | null>,
  texts: Record<string, string> | null,
): string {
  const named = texts ? keptNarratives(texts) : "";
  return `<${element}${attrs(attributes)}${named ? `>${named}</${element}>` : "/>"}`;
}

/** Contact information an IATI file gave, each part in the schema's order. */
function contactInfoXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  const plain = (element: string, values: readonly string[]) =>
    values.map((v) => `<${element}>${xmlText(v)}</${element}>`).join("");
  for (const c of data.keptIati.get(p.id)?.contactInfo ?? [])
    out.push(
      `<contact-info${attrs({ type: c.type })}>` +
        textElement("organisation", c.organisation) +
        textElement("department", c.department) +
        textElement("person-name", c.personName) +
        textElement("job-title", c.jobTitle) +
        plain("telephone", c.telephones) +
        plain("email", c.emails) +
        plain("website", c.websites) +
        c.mailingAddresses.map((m) => textElement("mailing-address", m)).join("") +
        "</contact-info>",
    );
}

/** Recipient countries and regions, locations, sectors and tags: only what the programme holds, nothing made up. */
function whereAndWhatXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  const kept = data.keptIati.get(p.id) ?? null;
  // The countries the programme names; none named, none written (its districts are in its locations). Shares and
  // names an IATI file gave go out again while the file's countries are still the programme's.
  const countries = [
    ...new Set(p.places.flatMap((x) => (x.kind === "country" ? [data.countryOf.get(x.id) ?? ""] : []))),
  ].filter((c) => /^[A-Z]{2}$/.test(c));
  for (const c of recipientCountriesOf(countries, kept))
    out.push(codedElement("recipient-country", { code: c.code, percentage: c.percentage }, c.narratives));
  for (const r of kept?.recipientRegions ?? [])
    out.push(
      codedElement(
        "recipient-region",
        {
          code: r.code,
          vocabulary: r.vocabulary,
          "vocabulary-uri": r.vocabularyUri,
          percentage: r.percentage,
        },
        r.narratives,
      ),
    );
  for (const place of p.places) {
    if (place.kind === "country") continue;
    const province = data.provinceOf.get(place.id);
    out.push(
      `<location ref="${xmlText(place.id)}"><location-reach code="1"/><name>${narratives(place.name)}</name>` +
        `<description>${narratives(`${place.name} (${place.kind}${province ? `, ${province}` : ""}), Rwanda`)}</description>` +
        `<administrative vocabulary="A4" level="0" code="RW"/><exactness code="2"/><location-class code="1"/></location>`,
    );
  }
  // The sectors an IATI file gave, as it gave them; else the DAC codes the sector table maps the themes to.
  for (const s of kept?.sectors ?? derivedSectors(p.themes, data.sectorOfTheme))
    out.push(
      codedElement(
        "sector",
        {
          vocabulary: s.vocabulary,
          "vocabulary-uri": s.vocabularyUri,
          code: s.code,
          percentage: s.percentage,
        },
        s.narratives,
      ),
    );
  // The themes themselves, in the reporting organisation's vocabulary: the import reads them back as they are.
  const themeShares = equalShares(p.themes.length);
  p.themes.forEach((code, i) => {
    out.push(
      `<sector${attrs({ vocabulary: THEME_VOCABULARY, "vocabulary-uri": THEME_VOCABULARY_URI, code, percentage: themeShares[i] })}/>`,
    );
  });
  for (const t of kept?.tags ?? [])
    out.push(
      codedElement(
        "tag",
        { vocabulary: t.vocabulary, "vocabulary-uri": t.vocabularyUri, code: t.code },
        t.narratives,
      ),
    );
}

/** Policy markers an IATI file gave, with their significance. */
function policyMarkersXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  for (const m of data.keptIati.get(p.id)?.policyMarkers ?? [])
    out.push(
      codedElement(
        "policy-marker",
        {
          vocabulary: m.vocabulary,
          "vocabulary-uri": m.vocabularyUri,
          code: m.code,
          significance: m.significance,
        },
        m.narratives,
      ),
    );
}

/** Budgets as an IATI file gave them. */
function budgetsXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  for (const b of data.keptIati.get(p.id)?.budgets ?? [])
    out.push(
      `<budget${attrs({ type: b.type, status: b.status })}><period-start iso-date="${xmlText(b.periodStart)}"/>` +
        `<period-end iso-date="${xmlText(b.periodEnd)}"/>` +
        `<value${attrs({ currency: b.currency, "value-date": b.valueDate })}>${xmlText(b.value)}</value></budget>`,
    );
}

function disbursementOrgXml(
  element: "provider-org" | "receiver-org",
  org: IatiPlannedDisbursement["provider"],
): string {
  if (!org) return "";
  const activity = element === "provider-org" ? "provider-activity-id" : "receiver-activity-id";
  return `<${element}${attrs({ ref: org.ref, [activity]: org.activityId, type: org.type })}>${keptNarratives(org.narratives)}</${element}>`;
}

/** Planned disbursements as an IATI file gave them. */
function plannedDisbursementsXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  for (const d of data.keptIati.get(p.id)?.plannedDisbursements ?? [])
    out.push(
      `<planned-disbursement${attrs({ type: d.type })}><period-start iso-date="${xmlText(d.periodStart)}"/>` +
        (d.periodEnd ? `<period-end iso-date="${xmlText(d.periodEnd)}"/>` : "") +
        `<value${attrs({ currency: d.currency, "value-date": d.valueDate })}>${xmlText(d.value)}</value>` +
        disbursementOrgXml("provider-org", d.provider) +
        disbursementOrgXml("receiver-org", d.receiver) +
        "</planned-disbursement>",
    );
}

function transactionOrgXml(element: string, org: IatiTransaction["provider"]): string {
  if (!org) return "";
  return `<${element}${attrs({ ref: org.ref, type: org.type })}>${keptNarratives(org.narratives)}</${element}>`;
}

/**
 * Each donor's funding, when both amount and currency are known. The date of the commitment is not recorded:
 * the programme's start is given, and the description says so. Then the transactions an IATI file gave, as given.
 */
function fundingXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  const orgType = orgTypeIn(data);
  for (const d of p.donors) {
    if (d.amount === null || !d.currency || !KNOWN_CURRENCIES.has(d.currency)) continue;
    out.push(
      `<transaction ref="${FUNDING_REF_PREFIX}${d.id}"><transaction-type code="${FUNDING_TRANSACTION_TYPE}"/><transaction-date iso-date="${p.startDate}"/>` +
        `<value currency="${d.currency}" value-date="${p.startDate}">${d.amount}</value>` +
        `<description>${narratives(
          `Funding committed by ${d.name} for the programme period ${p.startDate} to ${p.endDate}; the date of the commitment is not recorded.`,
          `Financement engagé par ${d.name} pour la période du programme, du ${p.startDate} au ${p.endDate} ; la date de l’engagement n’est pas enregistrée.`,
        )}</description>` +
        `<provider-org${attrs({ ref: organisationRef(d.id), type: orgType(d.id) })}>${narratives(d.name)}</provider-org>` +
        `<receiver-org${attrs({ ref: organisationRef(p.lead.id), type: orgType(p.lead.id) })}>${narratives(p.lead.name)}</receiver-org>` +
        "</transaction>",
    );
  }
  for (const t of data.keptIati.get(p.id)?.transactions ?? [])
    out.push(
      `<transaction${attrs({ ref: t.ref })}><transaction-type code="${xmlText(t.type)}"/><transaction-date iso-date="${xmlText(t.date)}"/>` +
        `<value${attrs({ currency: t.currency, "value-date": t.valueDate })}>${xmlText(t.value)}</value>` +
        (t.description ? `<description>${keptNarratives(t.description)}</description>` : "") +
        transactionOrgXml("provider-org", t.provider) +
        transactionOrgXml("receiver-org", t.receiver) +
        "</transaction>",
    );
}

/** One period of an indicator: its target, and its actual with what the reader must know about it. */
function periodXml(
  ind: Indicator,
  period: { start: string; end: string; target: number | null },
  data: ExportData,
  out: string[],
): void {
  const found =
    ind.targets.length > 0
      ? data.actuals.get(`${ind.id}|${period.start}|${period.end}`)
      : {
          value: ind.actual.value ?? Number.NaN,
          bound: ind.actual.kind === "lower_bound",
          words: ind.actual.notes,
        };
  out.push(`<period><period-start iso-date="${period.start}"/><period-end iso-date="${period.end}"/>`);
  if (period.target !== null && ind.unit !== "text") out.push(`<target value="${period.target}"/>`);
  // Events whose date was not reported count in the period that holds their whole span, and say so.
  const undatedHere = (data.undated.get(ind.id) ?? []).filter(
    (r) => r.start >= period.start && r.end <= period.end,
  ).length;
  if (found) {
    const numeric = ind.unit !== "text" && !Number.isNaN(found.value);
    const comments = [
      ...(found.bound ? ["Lower bound: at least this many."] : []),
      ...found.words.map((w) => (/[.!?]$/.test(w) ? w : `${w}.`)),
      ...(undatedHere > 0
        ? [
            `Includes ${undatedHere} event${undatedHere === 1 ? "" : "s"} whose date was not reported, counted over ${period.start} to ${period.end}.`,
          ]
        : []),
    ];
    if (numeric || comments.length > 0) {
      out.push(
        `<actual${attrs({ value: numeric ? found.value : null })}>${comments.length > 0 ? `<comment>${narratives(comments.join(" "))}</comment>` : ""}</actual>`,
      );
    }
  }
  out.push("</period>");
}

/** Each indicator as a result of its logframe level, with baseline and periods. */
function resultsXml(p: ProgrammeDetail, data: ExportData, out: string[]): void {
  const levelOf = new Map(p.logframe.map((i) => [i.id, i]));
  for (const ind of p.indicators) {
    const item = levelOf.get(ind.logframeItemId);
    if (!item) continue;
    const fr = ind.libraryCode ? INDICATOR_LIBRARY.find((l) => l.code === ind.libraryCode)?.names.fr : null;
    out.push(
      `<result type="${RESULT_TYPE[item.level]}"><title>${narrativesIn(item.text, data.kept.get(item.id))}</title>`,
    );
    out.push(
      `<indicator${attrs({ measure: MEASURE[ind.unit], ascending: ind.unit === "text" ? null : "1" })}><title>${narrativesIn(ind.title, data.kept.get(ind.id), fr)}</title>`,
    );
    if (ind.baselineValue !== null || ind.baselineText) {
      const year = (ind.baselineDate ?? p.startDate).slice(0, 4);
      out.push(
        `<baseline${attrs({ year, "iso-date": ind.baselineDate, value: ind.unit === "text" ? null : ind.baselineValue })}>` +
          `${ind.baselineText ? `<comment>${narratives(ind.baselineText)}</comment>` : ""}</baseline>`,
      );
    }
    const periods =
      ind.targets.length > 0
        ? ind.targets.map((t) => ({
            start: t.periodStart,
            end: t.periodEnd,
            target: t.value as number | null,
          }))
        : [{ start: p.startDate, end: p.endDate, target: null }];
    for (const period of periods) periodXml(ind, period, data, out);
    out.push("</indicator></result>");
  }
}

function activityXml(p: ProgrammeDetail, data: ExportData): string {
  const out: string[] = [];
  // In the order of the iati-activity sequence of the IATI 2.03 schema.
  identityXml(p, data, out);
  if (data.contacts) contactInfoXml(p, data, out);
  whereAndWhatXml(p, data, out);
  policyMarkersXml(p, data, out);
  budgetsXml(p, data, out);
  plannedDisbursementsXml(p, data, out);
  fundingXml(p, data, out);
  resultsXml(p, data, out);
  out.push("</iati-activity>");
  return out.join("\n");
}

/**
 * The IATI activities file of the given programmes (all that the caller may read when none are named).
 * `contacts: false` leaves out the contact-info an import kept: the people it names are for the register's users,
 * not for the public portal's file.
 */
export async function exportIati(
  ctx: ServiceContext,
  programmeIds?: readonly string[],
  { contacts = true }: { contacts?: boolean } = {},
): Promise<string> {
  const ids = programmeIds
    ? [...programmeIds]
    : await (async () => {
        const all: string[] = [];
        for (;;) {
          const page = await listProgrammes(ctx, { limit: 200, offset: all.length });
          all.push(...page.items.map((i) => i.id));
          if (page.items.length === 0 || all.length >= page.total) return all;
        }
      })();
  const details: ProgrammeDetail[] = [];
  for (const id of ids) details.push(await getProgramme(ctx, id));
  const kinds = await selectOrganisationKinds(
    ctx.db,
    details.flatMap((d) => [d.lead.id, ...d.partners.map((o) => o.id), ...d.donors.map((o) => o.id)]),
  );
  const actuals = await selectPeriodActuals(
    ctx.db,
    details.flatMap((d) => d.indicators.filter((i) => i.targets.length > 0).map((i) => i.id)),
  );
  const undated = await selectUndatedResults(
    ctx.db,
    details.flatMap((d) => d.indicators.map((i) => i.id)),
  );
  const kept = await selectNarratives(ctx.db, {
    logframeItemIds: details.flatMap((d) => d.logframe.map((i) => i.id)),
    indicatorIds: details.flatMap((d) => d.indicators.map((i) => i.id)),
  });
  const { provinceOf, countryOf } = await selectPlaceRegions(
    ctx.db,
    details.flatMap((d) => d.places.map((x) => x.id)),
  );
  const keptIati = await selectKeptIati(ctx.db, ids);
  const keptOrgIds = [...keptIati.values()].flatMap((k) => [
    ...(k.accountable ?? []),
    ...(k.extending ?? []),
  ]);
  const refs = await selectOrganisationRefs(ctx.db, keptOrgIds);
  const names = new Map([...refs].map(([id, o]) => [id, o.name]));
  const keptKinds = await selectOrganisationKinds(ctx.db, keptOrgIds);
  for (const [id, kind] of keptKinds) kinds.set(id, kind);
  const sectorOfTheme = await readSectorOfTheme(ctx.db);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<iati-activities version="2.03" generated-datetime="${now}">`,
    ...details.map((d) =>
      activityXml(d, {
        kinds,
        actuals,
        undated,
        kept,
        provinceOf,
        countryOf,
        keptIati,
        names,
        sectorOfTheme,
        now,
        contacts,
      }),
    ),
    "</iati-activities>",
    "",
  ].join("\n");
}
