// IATI activity files → programmes: one per new activity, an update of its programme for one the register holds;
// organisations matched by ref or name (never duplicated); narratives per language, roles, sectors, budgets,
// transactions, planned disbursements, recipient shares and regions, tags, policy markers and contacts kept for the
// export. The file is checked against the IATI schema first; nothing is half-imported.
import { existsSync } from "node:fs";
import { assertAllowedOnResource, inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import { listThemes } from "../agreements";
import {
  createOrganisation,
  findOrganisationByName,
  type OrganisationKind,
  splitNameAndAcronym,
} from "../organisations";
import { findOrCreateCountryPlace } from "../places";
import type {
  IatiBudget,
  IatiContactInfo,
  IatiKept,
  IatiPlannedDisbursement,
  IatiSector,
  IatiTransaction,
} from "./iati.schema";
import type * as IatiActivities from "./iati-activities.import";
import type {
  IatiActivity,
  IatiDisbursementOrgElement,
  IatiElement,
  IatiPlainText,
  IatiValue,
} from "./iati-activities.import";
import {
  FUNDING_REF_PREFIX,
  isThemeSector,
  keepOnlyDifferences,
  periodOfDates,
  STATUS_OF_CODE,
  sameJson,
} from "./iati-activity-rules";
import {
  narrativesByLanguage as byLanguage,
  objectiveOf,
  planIatiResults,
  preferredText as preferred,
  writeIatiResults,
} from "./iati-results.import";
import { readSectorOfTheme, readThemeOfSector } from "./iati-sector-themes.service";
import type { ProgrammeDetail } from "./programmes.schema";
import { createProgramme, getProgramme, updateProgramme } from "./programmes.service";
import {
  selectExistingProgrammeIds,
  selectOrganisationRefs,
  selectPlaceRefs,
  selectProgrammeIatiSource,
  selectProgrammeIdsByIatiIdentifiers,
  setProgrammeIatiSource,
} from "./programmes.store";
import type { ProgrammeNarratives } from "./programmes.table";

/** OrganisationType code → our kind; what the code cannot tell becomes association/network. */
const KIND_OF_TYPE: Record<string, OrganisationKind> = {
  "10": "government",
  "11": "government",
  "15": "government",
  "21": "international_ngo",
  "22": "local_cso",
  "23": "international_ngo",
  "24": "local_cso",
  "40": "un_agency",
  "70": "private",
  "71": "private",
  "72": "private",
  "73": "private",
  "80": "academic",
};
type Element = IatiElement;
type Activity = IatiActivity;

/** Where the IATI schema is when the shared data sits beside the checkout (IATI_SCHEMA overrides it). */
export const DEFAULT_IATI_SCHEMA = "../shared/data/iati/schema/iati-activities-schema.xsd";

/** Read in a worker thread (kernel/files): the XML never meets a parser on the request thread. */
const IATI_PARSER = codeModuleUrl("modules/programmes/iati-activities.import.ts");

export type IatiImportResult = {
  /** Activities read: those created and those that updated a programme of the register. */
  programmes: number;
  created: number;
  /** Activities already in the register (imported before, or our own export) whose programme changed. */
  updated: number;
  /** Activities already in the register that said nothing new. */
  unchanged: number;
  organisationsCreated: number;
  programmeIds: string[];
  /** Indicators and result values read from new activities' <result> elements (a known activity keeps its own). */
  indicators: number;
  results: number;
};

/** The activities of a file that passed the IATI schema check, or the errors that stop the import. */
async function readActivities(xml: string, options: IatiImportOptions): Promise<Activity[]> {
  if (!existsSync(options.schemaPath))
    throw new AppError(
      "validation",
      `The IATI schema (${options.schemaPath}) is not installed on this server.`,
    );
  const file = options.fileName ?? "The IATI file";
  return parseOffThread<Activity[]>({
    module: IATI_PARSER,
    exportName: "readIatiActivities" satisfies keyof typeof IatiActivities,
    args: [xml, options.schemaPath, file],
    file,
    field: "xml",
  });
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** The identifier our export gives a programme made here ends with the programme's id. */
const OWN_IDENTIFIER = new RegExp(`-(${UUID})$`, "i");
/** Our export names our organisations XI-UBUFATANYE-<id>. */
const OWN_ORGANISATION_REF = new RegExp(`^XI-UBUFATANYE-(${UUID})$`, "i");
const FUNDING_REF = new RegExp(`^${FUNDING_REF_PREFIX}(${UUID})$`, "i");

/**
 * Every activity has an identifier, once in the file. Returns, per identifier, the programme of the register it is:
 * imported before under it, or made here and exported by us ("<lead's ref>-<programme id>").
 */
async function findKnownActivities(ctx: ServiceContext, activities: Activity[]) {
  const identifiers = activities.map((a) => String(a["iati-identifier"] ?? "").trim());
  const errors: FieldError[] = [];
  identifiers.forEach((id, i) => {
    if (!id) errors.push({ path: `iati-activity ${i + 1}`, message: "The activity has no iati-identifier." });
    else if (identifiers.indexOf(id) !== i)
      errors.push({ path: `iati-activity ${id}`, message: "The file gives this activity twice." });
  });
  if (errors.length > 0) throw invalid(errors, "Nothing was imported.");
  const known = new Map<string, string>();
  for (const a of await selectProgrammeIdsByIatiIdentifiers(ctx.db, identifiers))
    if (a.iatiIdentifier) known.set(a.iatiIdentifier, a.id);
  const ownIds = new Map<string, string>();
  for (const id of identifiers) {
    const own = OWN_IDENTIFIER.exec(id)?.[1];
    if (own && !known.has(id)) ownIds.set(own.toLowerCase(), id);
  }
  for (const programmeId of await selectExistingProgrammeIds(ctx.db, [...ownIds.keys()])) {
    const identifier = ownIds.get(programmeId);
    if (identifier) known.set(identifier, programmeId);
  }
  return known;
}

/** Finds an organisation by its ref or name in the file, or creates it, once per name; counts those it created. */
function organisationMatcher(ctx: ServiceContext) {
  const organisations = new Map<string, string>();
  const matcher = {
    created: 0,
    /** An organisation this import matched or created already, by the name a transaction gives it; never creates. */
    known(org: Element | undefined, lang: string): string | null {
      const ownRef = OWN_ORGANISATION_REF.exec(org?.["@ref"] ?? "")?.[1]?.toLowerCase();
      if (ownRef && [...organisations.values()].includes(ownRef)) return ownRef;
      const written = preferred(byLanguage(org, lang));
      return written ? (organisations.get(splitNameAndAcronym(written).name.toLowerCase()) ?? null) : null;
    },
    async idOf(org: Element, lang: string): Promise<string | null> {
      const names = byLanguage(org, lang);
      const written = preferred(names);
      if (!written) return null;
      // "International Organization for Migration (IOM)": the name and its acronym, apart, as everywhere else.
      const { name, acronym } = splitNameAndAcronym(written);
      const key = name.toLowerCase();
      const known = organisations.get(key);
      if (known) return known;
      // Our own export names our organisations by id: the register's organisation, whatever its name now.
      const ownRef = OWN_ORGANISATION_REF.exec(org["@ref"] ?? "")?.[1]?.toLowerCase();
      const byRef = ownRef ? (await selectOrganisationRefs(ctx.db, [ownRef])).get(ownRef) : undefined;
      // A register that kept the whole "Name (ACR)" as the name still matches it.
      const existing =
        byRef ??
        (await findOrganisationByName(ctx, name)) ??
        (written !== name ? await findOrganisationByName(ctx, written) : null);
      const aliases = [...new Set(Object.values(names).map((n) => splitNameAndAcronym(n).name))].filter(
        (n) => n !== name && n.length <= 200,
      );
      const id =
        existing?.id ??
        (
          await createOrganisation(ctx, {
            name,
            ...(acronym && acronym.length <= 30 ? { acronym } : {}),
            kind: KIND_OF_TYPE[org["@type"] ?? ""] ?? "association_network",
            aliases,
          })
        ).id;
      if (!existing) matcher.created++;
      organisations.set(key, id);
      return id;
    },
  };
  return matcher;
}
type Matcher = ReturnType<typeof organisationMatcher>;

/** An AppError whose field paths name the activity, so the officer knows where in the file to look. */
function inActivity(identifier: string, message?: string) {
  return (error: unknown): never => {
    if (error instanceof AppError)
      throw new AppError(
        error.kind,
        message ?? error.message,
        error.errors.map((e) => ({ ...e, path: `iati-activity ${identifier}: ${e.path}` })),
      );
    throw error;
  };
}

/**
 * Organisations by participating-org role: funding (1) are donors, implementing (4) the lead and partners,
 * accountable (2) and extending (3) are kept for the export. Each once per role, in the file's order.
 */
async function organisationsOf(a: Activity, lang: string, matcher: Matcher) {
  const byRole: Record<string, string[]> = { "1": [], "2": [], "3": [], "4": [] };
  for (const org of a["participating-org"] ?? []) {
    const list = byRole[org["@role"] ?? ""];
    if (!list) continue;
    const id = await matcher.idOf(org, lang);
    if (id && !list.includes(id)) list.push(id);
  }
  const funders = byRole["1"] ?? [];
  const implementers = byRole["4"] ?? [];
  const lead = implementers[0] ?? funders[0];
  if (!lead)
    throw invalid([{ path: `iati-activity ${a["iati-identifier"]}`, message: "No organisation is named." }]);
  return { lead, funders, implementers, accountable: byRole["2"] ?? [], extending: byRole["3"] ?? [] };
}

const textOf = (v: IatiValue | undefined) => (typeof v === "string" ? v : (v?.["#text"] ?? "")).trim();
const attrOf = (v: IatiValue | undefined, name: "@currency" | "@value-date") =>
  typeof v === "string" ? undefined : v?.[name];
const orNull = (s: string | undefined) => (s === undefined || s === "" ? null : s);

function transactionOrg(
  org: Element | undefined,
  lang: string,
  matcher: Matcher,
): IatiTransaction["provider"] {
  if (!org) return null;
  return {
    organisationId: matcher.known(org, lang),
    ref: orNull(org["@ref"]),
    type: orNull(org["@type"]),
    narratives: byLanguage(org, lang),
  };
}

/** A planned disbursement's provider or receiver, with the activity it names (provider- or receiver-activity-id). */
function disbursementOrg(
  org: IatiDisbursementOrgElement | undefined,
  activityId: "@provider-activity-id" | "@receiver-activity-id",
  lang: string,
  matcher: Matcher,
): IatiPlannedDisbursement["provider"] {
  const read = transactionOrg(org, lang, matcher);
  return read && { ...read, activityId: orNull(org?.[activityId]) };
}

/** Planned disbursements as the file gives them; a value without currency is in the activity's default one. */
function plannedDisbursementsOf(a: Activity, lang: string, matcher: Matcher): IatiPlannedDisbursement[] {
  return (a["planned-disbursement"] ?? []).map((d) => ({
    type: orNull(d["@type"]),
    periodStart: d["period-start"]?.["@iso-date"] ?? "",
    periodEnd: orNull(d["period-end"]?.["@iso-date"]),
    value: textOf(d.value),
    currency: orNull(attrOf(d.value, "@currency") ?? a["@default-currency"]),
    valueDate: attrOf(d.value, "@value-date") ?? "",
    provider: disbursementOrg(d["provider-org"], "@provider-activity-id", lang, matcher),
    receiver: disbursementOrg(d["receiver-org"], "@receiver-activity-id", lang, matcher),
  }));
}

/** Budgets and transactions as the file gives them; our own funding transactions are donors' amounts instead. */
function moneyOf(a: Activity, lang: string, matcher: Matcher, funders: readonly string[]) {
  const currency = a["@default-currency"];
  const budgets: IatiBudget[] = (a.budget ?? []).map((b) => ({
    type: orNull(b["@type"]),
    status: orNull(b["@status"]),
    periodStart: b["period-start"]?.["@iso-date"] ?? "",
    periodEnd: b["period-end"]?.["@iso-date"] ?? "",
    value: textOf(b.value),
    currency: orNull(attrOf(b.value, "@currency") ?? currency),
    valueDate: attrOf(b.value, "@value-date") ?? "",
  }));
  const transactions: IatiTransaction[] = [];
  const amounts = new Map<string, { amount: number; currency: string | null }>();
  for (const t of a.transaction ?? []) {
    const value = textOf(t.value);
    const valueCurrency = orNull(attrOf(t.value, "@currency") ?? currency);
    const donor = FUNDING_REF.exec(t["@ref"] ?? "")?.[1]?.toLowerCase();
    if (donor && funders.includes(donor) && !amounts.has(donor) && Number.isFinite(Number(value))) {
      amounts.set(donor, { amount: Number(value), currency: valueCurrency });
      continue;
    }
    const description = byLanguage(t.description?.[0], lang);
    transactions.push({
      ref: orNull(t["@ref"]),
      type: t["transaction-type"]?.["@code"] ?? "",
      date: t["transaction-date"]?.["@iso-date"] ?? "",
      value,
      currency: valueCurrency,
      valueDate: attrOf(t.value, "@value-date") ?? "",
      description: Object.keys(description).length > 0 ? description : null,
      provider: transactionOrg(t["provider-org"], lang, matcher),
      receiver: transactionOrg(t["receiver-org"], lang, matcher),
    });
  }
  return { budgets, transactions, amounts };
}

/** Sectors as given (but for our themes' own vocabulary), and the themes they mean through the editable table. */
function sectorsOf(a: Activity, lang: string, themeOfSector: Map<string, string>, knownThemes: Set<string>) {
  const all: IatiSector[] = (a.sector ?? []).map((s) => {
    const narratives = byLanguage(s, lang);
    return {
      vocabulary: s["@vocabulary"] ?? "1",
      vocabularyUri: orNull(s["@vocabulary-uri"]),
      code: s["@code"] ?? "",
      percentage: orNull(s["@percentage"]),
      narratives: Object.keys(narratives).length > 0 ? narratives : null,
    };
  });
  const ours = all.filter(isThemeSector).map((s) => s.code);
  const sectors = all.filter((s) => !isThemeSector(s));
  // Our own export names the themes themselves: they win over what the DAC codes would say.
  const themes =
    ours.length > 0
      ? ours.filter((t) => knownThemes.has(t))
      : sectors.flatMap((s) => (s.vocabulary === "1" ? (themeOfSector.get(s.code) ?? []) : []));
  return { sectors, themes: [...new Set(themes)] };
}

const narrativesOrNull = (element: Element | undefined, lang: string) => {
  const texts = byLanguage(element, lang);
  return Object.keys(texts).length > 0 ? texts : null;
};
const plainTexts = (values: readonly IatiPlainText[] | undefined) =>
  (values ?? []).map((v) => (typeof v === "string" ? v : (v["#text"] ?? "")).trim());

function contactInfoOf(a: Activity, lang: string): IatiContactInfo[] {
  return (a["contact-info"] ?? []).map((c) => ({
    type: orNull(c["@type"]),
    organisation: narrativesOrNull(c.organisation, lang),
    department: narrativesOrNull(c.department, lang),
    personName: narrativesOrNull(c["person-name"], lang),
    jobTitle: narrativesOrNull(c["job-title"], lang),
    telephones: plainTexts(c.telephone),
    emails: plainTexts(c.email),
    websites: plainTexts(c.website),
    mailingAddresses: (c["mailing-address"] ?? [])
      .map((m) => byLanguage(m, lang))
      .filter((texts) => Object.keys(texts).length > 0),
  }));
}

/**
 * What the activity says of where and of which policies, beyond the places and themes: contact information, the
 * recipient countries with their shares and names, recipient regions, tags and policy markers, all as given.
 */
function describedOf(
  a: Activity,
  lang: string,
): Pick<IatiKept, "contactInfo" | "recipientCountries" | "recipientRegions" | "tags" | "policyMarkers"> {
  return {
    contactInfo: contactInfoOf(a, lang),
    recipientCountries: (a["recipient-country"] ?? []).map((c) => ({
      code: c["@code"] ?? "",
      percentage: orNull(c["@percentage"]),
      narratives: narrativesOrNull(c, lang),
    })),
    recipientRegions: (a["recipient-region"] ?? []).map((r) => ({
      code: r["@code"] ?? "",
      vocabulary: orNull(r["@vocabulary"]),
      vocabularyUri: orNull(r["@vocabulary-uri"]),
      percentage: orNull(r["@percentage"]),
      narratives: narrativesOrNull(r, lang),
    })),
    tags: (a.tag ?? []).map((t) => ({
      vocabulary: t["@vocabulary"] ?? "",
      vocabularyUri: orNull(t["@vocabulary-uri"]),
      code: t["@code"] ?? "",
      narratives: narrativesOrNull(t, lang),
    })),
    policyMarkers: (a["policy-marker"] ?? []).map((m) => ({
      vocabulary: orNull(m["@vocabulary"]),
      vocabularyUri: orNull(m["@vocabulary-uri"]),
      code: m["@code"] ?? "",
      significance: orNull(m["@significance"]),
      narratives: narrativesOrNull(m, lang),
    })),
  };
}

/** The country codes our export would write for the activity's recipient countries (each once, as places are). */
const countryCodesOf = (a: Activity) => [
  ...new Set((a["recipient-country"] ?? []).flatMap((c) => (c["@code"] ? [c["@code"].toUpperCase()] : []))),
];

/** Countries, and the register's places our export names as locations (by id). */
async function placesOf(ctx: ServiceContext, a: Activity): Promise<string[]> {
  const placeIds: string[] = [];
  for (const c of a["recipient-country"] ?? []) {
    if (c["@code"]) placeIds.push(await findOrCreateCountryPlace(ctx.db, c["@code"]));
  }
  const refs = (a.location ?? []).flatMap((l) => {
    const ref = (l["@ref"] ?? "").toLowerCase();
    return new RegExp(`^${UUID}$`).test(ref) ? [ref] : [];
  });
  const known = await selectPlaceRefs(ctx.db, refs);
  for (const ref of refs) if (known.has(ref)) placeIds.push(ref);
  return [...new Set(placeIds)];
}

type Reading = Awaited<ReturnType<typeof readActivity>>;

/** Everything one activity says, as programme fields and what is kept beside them. */
async function readActivity(ctx: ServiceContext, a: Activity, matcher: Matcher, tables: Tables) {
  const lang = a["@xml:lang"] ?? "en";
  const identifier = String(a["iati-identifier"]).trim();
  const title = byLanguage(a.title, lang);
  const general = (a.description ?? []).find((d) => (d["@type"] ?? "1") === "1");
  const written = byLanguage(general, lang);
  // IATI requires a description: our export gives the title for a programme without one, which is not a description.
  const description = JSON.stringify(written) === JSON.stringify(title) ? {} : written;
  const orgs = await organisationsOf(a, lang, matcher);
  const dates = (a["activity-date"] ?? []).map((d) => ({
    type: d["@type"] ?? "",
    isoDate: d["@iso-date"] ?? "",
  }));
  const { start, end } = periodOfDates(dates);
  const statusCode = a["activity-status"]?.["@code"] ?? "";
  const status = STATUS_OF_CODE[statusCode] ?? "planned";
  const { sectors, themes } = sectorsOf(a, lang, tables.themeOfSector, tables.knownThemes);
  const money = moneyOf(a, lang, matcher, orgs.funders);
  const fields = {
    title: preferred(title) || identifier,
    description: preferred(description) || null,
    leadOrganisationId: orgs.lead,
    partnerIds: orgs.implementers.filter((id) => id !== orgs.lead),
    donors: orgs.funders.map((organisationId) => ({
      organisationId,
      amount: money.amounts.get(organisationId)?.amount ?? null,
      currency: money.amounts.get(organisationId)?.currency ?? null,
    })),
    status,
    startDate: start,
    endDate: end,
    placeIds: await placesOf(ctx, a),
    themes,
  };
  const kept = keepOnlyDifferences(
    {
      statusCode,
      dates,
      accountable: orgs.accountable,
      extending: orgs.extending,
      sectors,
      budgets: money.budgets,
      transactions: money.transactions,
      plannedDisbursements: plannedDisbursementsOf(a, lang, matcher),
      ...describedOf(a, lang),
    },
    { ...fields, sectorOfTheme: tables.sectorOfTheme, countryCodes: countryCodesOf(a) },
  );
  return { identifier, lang, fields, narratives: { title, description } as ProgrammeNarratives, kept };
}

/** One new activity → one programme with its logframe, indicators and results. */
async function createFromActivity(ctx: ServiceContext, a: Activity, reading: Reading) {
  const { identifier, fields } = reading;
  const plan = planIatiResults(a.result ?? [], reading.lang);
  const created = await createProgramme(ctx, {
    ...fields,
    objective: objectiveOf(plan, fields.title),
  }).catch(inActivity(identifier));
  await setProgrammeIatiSource(ctx.db, created.id, {
    iatiIdentifier: identifier,
    narratives: reading.narratives,
    iati: reading.kept,
  });
  const objective = created.logframe[0];
  const written =
    objective && plan.length > 0
      ? await writeIatiResults(ctx, created.id, objective, plan).catch(
          inActivity(identifier, "Nothing was imported."),
        )
      : { indicators: 0, results: 0 };
  return { programmeId: created.id, ...written };
}

const sortedIds = (ids: readonly string[]) => [...ids].sort();
const donorKey = (d: { organisationId: string; amount?: number | null; currency?: string | null }) =>
  `${d.organisationId}|${d.amount ?? ""}|${d.currency ?? ""}`;

/** The fields of the programme the activity changes (none when our own export comes back). */
function changedFields(p: ProgrammeDetail, f: Reading["fields"]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (p.title !== f.title) patch.title = f.title;
  if ((p.description ?? null) !== f.description) patch.description = f.description;
  if (p.lead.id !== f.leadOrganisationId) patch.leadOrganisationId = f.leadOrganisationId;
  if (p.status !== f.status) patch.status = f.status;
  if (p.startDate !== f.startDate) patch.startDate = f.startDate;
  if (p.endDate !== f.endDate) patch.endDate = f.endDate;
  const same = (a: readonly string[], b: readonly string[]) =>
    JSON.stringify(sortedIds(a)) === JSON.stringify(sortedIds(b));
  if (
    !same(
      p.partners.map((o) => o.id),
      f.partnerIds,
    )
  )
    patch.partnerIds = f.partnerIds;
  if (
    !same(
      p.donors.map((d) => donorKey({ organisationId: d.id, amount: d.amount, currency: d.currency })),
      f.donors.map(donorKey),
    )
  )
    patch.donors = f.donors;
  if (
    !same(
      p.places.map((x) => x.id),
      f.placeIds,
    )
  )
    patch.placeIds = f.placeIds;
  if (!same(p.themes, f.themes)) patch.themes = f.themes;
  return patch;
}

/**
 * An activity the register holds → its programme takes what the file says now. Its logframe, indicators and results
 * stay as recorded here (they are edited here; the file's results were read when it first came in).
 */
async function updateFromActivity(ctx: ServiceContext, programmeId: string, reading: Reading) {
  const p = await getProgramme(ctx, programmeId);
  const patch = changedFields(p, reading.fields);
  let changed = false;
  if (Object.keys(patch).length > 0) {
    await updateProgramme(ctx, programmeId, p.version, patch).catch(inActivity(reading.identifier));
    changed = true;
  }
  const source = await selectProgrammeIatiSource(ctx.db, programmeId);
  // A programme made here keeps no identifier (the export makes one from its id) nor the narratives it gave.
  const own = source.iatiIdentifier === null;
  const narratives =
    own || narrativesSay(p, source.narratives, reading.narratives) ? source.narratives : reading.narratives;
  if (!sameJson(narratives, source.narratives) || !sameJson(reading.kept, source.iati)) {
    await setProgrammeIatiSource(ctx.db, programmeId, {
      iatiIdentifier: source.iatiIdentifier,
      narratives,
      iati: reading.kept,
    });
    changed = true;
  }
  return { programmeId, changed };
}

/** Whether the kept narratives already say what the file says (the export wrote them from the same texts). */
function narrativesSay(
  p: ProgrammeDetail,
  kept: ProgrammeNarratives | null,
  read: ProgrammeNarratives,
): boolean {
  if (kept && sameJson(kept, read)) return true;
  // Without kept narratives the export writes the English texts themselves.
  const plain = { title: { en: p.title }, description: p.description ? { en: p.description } : {} };
  return sameJson(plain, read);
}

export type IatiImportOptions = {
  schemaPath: string;
  /** Named in refusals (the CLI gives the path); "The IATI file" otherwise. */
  fileName?: string;
};

type Tables = {
  themeOfSector: Map<string, string>;
  sectorOfTheme: Map<string, string>;
  knownThemes: Set<string>;
};

/**
 * Imports every activity of the file in one transaction: a new one becomes a programme, one the register holds
 * (imported before, or our own export) updates its programme. Organisations are matched by name (their narrative in
 * any language) against the register and within the file, so a publisher named thirteen times is one organisation.
 */
export async function importIati(
  ctx: ServiceContext,
  xml: string,
  options: IatiImportOptions,
): Promise<IatiImportResult> {
  assertAllowedOnResource(ctx.actor, "programme", "create");
  assertAllowedOnResource(ctx.actor, "organisation", "create");
  const activities = await readActivities(xml, options);
  const known = await findKnownActivities(ctx, activities);
  return inTransaction(ctx, async (inner) => {
    const tables: Tables = {
      themeOfSector: await readThemeOfSector(inner.db),
      sectorOfTheme: await readSectorOfTheme(inner.db),
      knownThemes: new Set((await listThemes(inner)).map((t) => t.code)),
    };
    const matcher = organisationMatcher(inner);
    const result: IatiImportResult = {
      programmes: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      organisationsCreated: 0,
      programmeIds: [],
      indicators: 0,
      results: 0,
    };
    for (const a of activities) {
      const reading = await readActivity(inner, a, matcher, tables).catch(
        inActivity(String(a["iati-identifier"]).trim()),
      );
      const programmeId = known.get(reading.identifier);
      if (programmeId) {
        const updated = await updateFromActivity(inner, programmeId, reading);
        if (updated.changed) result.updated++;
        else result.unchanged++;
        result.programmeIds.push(programmeId);
      } else {
        const created = await createFromActivity(inner, a, reading);
        result.created++;
        result.indicators += created.indicators;
        result.results += created.results;
        result.programmeIds.push(created.programmeId);
      }
    }
    result.programmes = result.programmeIds.length;
    result.organisationsCreated = matcher.created;
    return result;
  });
}
