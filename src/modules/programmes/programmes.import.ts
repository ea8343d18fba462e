// IATI activity files → programmes: one per activity, organisations matched by name (never duplicated),
// narratives kept per language. The file is checked against the IATI schema first; nothing is half-imported.
import { existsSync } from "node:fs";
import { assertAllowedOnResource, inTransaction, type ServiceContext } from "../../kernel";
import { parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import {
  createOrganisation,
  findOrganisationByName,
  type OrganisationKind,
  splitNameAndAcronym,
} from "../organisations";
import { findOrCreateCountryPlace } from "../places";
import type * as IatiActivities from "./iati-activities.import";
import type { IatiActivity, IatiElement } from "./iati-activities.import";
import {
  narrativesByLanguage as byLanguage,
  objectiveOf,
  planIatiResults,
  preferredText as preferred,
  writeIatiResults,
} from "./iati-results.import";
import type { ProgrammeStatus } from "./programmes.schema";
import { createProgramme } from "./programmes.service";
import {
  selectExistingProgrammeIds,
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
const STATUS_OF_CODE: Record<string, ProgrammeStatus> = {
  "1": "planned",
  "2": "ongoing",
  "3": "ongoing",
  "4": "completed",
  "5": "cancelled",
  "6": "suspended",
};
/** DAC sectors → the themes they mean here. */
const THEME_OF_SECTOR: Record<string, string> = {
  "15130": "legal_aid",
  "15160": "human_rights",
  "15180": "gender_sgbv",
  "15220": "peacebuilding_reconciliation",
};

type Element = IatiElement;
type Activity = IatiActivity;

/** Where the IATI schema is when the shared data sits beside the checkout (IATI_SCHEMA overrides it). */
export const DEFAULT_IATI_SCHEMA = "../shared/data/iati/schema/iati-activities-schema.xsd";

/** Read in a worker thread (kernel/files): the XML never meets a parser on the request thread. */
const IATI_PARSER = codeModuleUrl("modules/programmes/iati-activities.import.ts");

export type IatiImportResult = {
  programmes: number;
  organisationsCreated: number;
  programmeIds: string[];
  /** Indicators and result values read from the activities' <result> elements. */
  indicators: number;
  results: number;
};

/**
 * Imports every activity of the file in one transaction. Organisations are matched by name (their narrative in
 * any language) against the register and within the file, so a publisher named thirteen times is one organisation.
 */
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

/** The identifier our export gives a programme made here ends with the programme's id. */
const OWN_IDENTIFIER = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Every activity has an identifier and none was imported before: else nothing is imported. */
async function assertNewActivities(ctx: ServiceContext, activities: Activity[]): Promise<void> {
  const identifiers = activities.map((a, i) => ({ id: String(a["iati-identifier"] ?? "").trim(), i }));
  const errors: FieldError[] = [];
  for (const { id, i } of identifiers) {
    if (!id) errors.push({ path: `iati-activity ${i + 1}`, message: "The activity has no iati-identifier." });
  }
  const already = await selectProgrammeIdsByIatiIdentifiers(
    ctx.db,
    identifiers.map((x) => x.id).filter(Boolean),
  );
  for (const a of already)
    errors.push({
      path: `iati-activity ${a.iatiIdentifier}`,
      message: "This activity was imported already.",
    });
  // Our own export names a programme made here "<lead's ref>-<programme id>": that programme is in the register.
  const ownIds = new Map<string, string>();
  for (const { id } of identifiers) {
    const own = OWN_IDENTIFIER.exec(id)?.[1];
    if (own) ownIds.set(own.toLowerCase(), id);
  }
  for (const programmeId of await selectExistingProgrammeIds(ctx.db, [...ownIds.keys()]))
    errors.push({
      path: `iati-activity ${ownIds.get(programmeId)}`,
      message: "This activity is a programme of this register (exported from it).",
    });
  if (errors.length > 0) throw invalid(errors, "Nothing was imported.");
}

/** Finds an organisation by its name in the file, or creates it, once per name; counts those it created. */
function organisationMatcher(ctx: ServiceContext) {
  const organisations = new Map<string, string>();
  const matcher = {
    created: 0,
    async idOf(org: Element, lang: string): Promise<string | null> {
      const names = byLanguage(org, lang);
      const written = preferred(names);
      if (!written) return null;
      // "International Organization for Migration (IOM)": the name and its acronym, apart, as everywhere else.
      const { name, acronym } = splitNameAndAcronym(written);
      const key = name.toLowerCase();
      const known = organisations.get(key);
      if (known) return known;
      // A register that kept the whole "Name (ACR)" as the name still matches it.
      const existing =
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

/** Who funds and who implements an activity (participating-org roles 1 and 4), as organisation ids. */
async function organisationsOf(a: Activity, lang: string, matcher: ReturnType<typeof organisationMatcher>) {
  const funders: string[] = [];
  const implementers: string[] = [];
  for (const org of a["participating-org"] ?? []) {
    const id = await matcher.idOf(org, lang);
    if (!id) continue;
    if (org["@role"] === "1" && !funders.includes(id)) funders.push(id);
    if (org["@role"] === "4" && !implementers.includes(id)) implementers.push(id);
  }
  const lead = implementers[0] ?? funders[0];
  if (!lead)
    throw invalid([{ path: `iati-activity ${a["iati-identifier"]}`, message: "No organisation is named." }]);
  return { lead, funders, implementers };
}

/** The period (actual dates before planned ones), countries and themes (from DAC sectors) of an activity. */
async function periodAndPlacesOf(ctx: ServiceContext, a: Activity) {
  const dates = new Map((a["activity-date"] ?? []).map((d) => [d["@type"] ?? "", d["@iso-date"] ?? ""]));
  const start = dates.get("2") || dates.get("1") || "";
  let end = dates.get("4") || dates.get("3") || start;
  if (end < start) end = start;
  const placeIds: string[] = [];
  for (const c of a["recipient-country"] ?? []) {
    if (c["@code"]) placeIds.push(await findOrCreateCountryPlace(ctx.db, c["@code"]));
  }
  const themes = [
    ...new Set(
      (a.sector ?? [])
        .filter((s) => (s["@vocabulary"] ?? "1") === "1")
        .flatMap((s) =>
          THEME_OF_SECTOR[s["@code"] ?? ""] ? [THEME_OF_SECTOR[s["@code"] ?? ""] as string] : [],
        ),
    ),
  ];
  return { start, end, placeIds, themes };
}

/** One activity → one programme with its logframe, indicators and results. */
async function importActivity(
  ctx: ServiceContext,
  a: Activity,
  matcher: ReturnType<typeof organisationMatcher>,
) {
  const lang = a["@xml:lang"] ?? "en";
  const title = byLanguage(a.title, lang);
  const general = (a.description ?? []).find((d) => (d["@type"] ?? "1") === "1");
  const description = byLanguage(general, lang);
  const { lead, funders, implementers } = await organisationsOf(a, lang, matcher);
  const { start, end, placeIds, themes } = await periodAndPlacesOf(ctx, a);
  const identifier = String(a["iati-identifier"]).trim();
  const programmeTitle = preferred(title) || String(a["iati-identifier"]);
  const plan = planIatiResults(a.result ?? [], lang);
  const created = await createProgramme(ctx, {
    title: programmeTitle,
    description: preferred(description) || null,
    leadOrganisationId: lead,
    partnerIds: implementers.filter((id) => id !== lead),
    donors: funders.map((organisationId) => ({ organisationId })),
    status: STATUS_OF_CODE[a["activity-status"]?.["@code"] ?? ""] ?? "planned",
    startDate: start,
    endDate: end,
    placeIds,
    themes,
    objective: objectiveOf(plan, programmeTitle),
  }).catch(inActivity(identifier));
  const narratives: ProgrammeNarratives = { title, description };
  await setProgrammeIatiSource(ctx.db, created.id, identifier, narratives);
  const objective = created.logframe[0];
  const written =
    objective && plan.length > 0
      ? await writeIatiResults(ctx, created.id, objective, plan).catch(
          inActivity(identifier, "Nothing was imported."),
        )
      : { indicators: 0, results: 0 };
  return { programmeId: created.id, ...written };
}

export type IatiImportOptions = {
  schemaPath: string;
  /** Named in refusals (the CLI gives the path); "The IATI file" otherwise. */
  fileName?: string;
};

export async function importIati(
  ctx: ServiceContext,
  xml: string,
  options: IatiImportOptions,
): Promise<IatiImportResult> {
  assertAllowedOnResource(ctx.actor, "programme", "create");
  assertAllowedOnResource(ctx.actor, "organisation", "create");
  const activities = await readActivities(xml, options);
  await assertNewActivities(ctx, activities);
  return inTransaction(ctx, async (inner) => {
    const matcher = organisationMatcher(inner);
    const programmeIds: string[] = [];
    let indicators = 0;
    let results = 0;
    for (const a of activities) {
      const imported = await importActivity(inner, a, matcher);
      indicators += imported.indicators;
      results += imported.results;
      programmeIds.push(imported.programmeId);
    }
    return {
      programmes: programmeIds.length,
      organisationsCreated: matcher.created,
      programmeIds,
      indicators,
      results,
    };
  });
}
