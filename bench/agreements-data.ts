// The agreements register's benchmark data: 2,000 organisations and 10,000 agreements with their parties, themes,
// areas, commitments, progress and status history, the same rows on every run and on both databases. Used by
// bench/agreements.ts and bench/limit/run.ts.
import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "../src/db/client";
import { refreshAgreementSearchTexts } from "../src/modules/agreements/agreement-search.store";
import {
  agreementAreaTable,
  agreementPartyTable,
  agreementSearchTable,
  agreementStatusChangeTable,
  agreementTable,
  agreementThemeTable,
  commitmentTable,
  progressEntryTable,
} from "../src/modules/agreements/agreements.table";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { placeTable } from "../src/modules/places/places.table";
import { BUILT_IN_THEMES } from "../src/modules/themes";
import { parsePartialDate, partialDateSortKey } from "../src/shared/partial-date";
import { buildSearchText, normaliseForSearch } from "../src/shared/search-text";
import { addDays } from "../src/shared/today";
import { runOnce, seededRandom } from "./bench-kit";

export const BATCH = 1000;
const { int, chance, pick, weighted, sample } = seededRandom(20260301);
const pad = (n: number) => String(n).padStart(2, "0");
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const ORG_KINDS = [
  ["local_cso", 40],
  ["international_ngo", 12],
  ["faith_based", 12],
  ["government", 10],
  ["un_agency", 3],
  ["embassy_donor", 5],
  ["foreign_correctional_service", 2],
  ["academic", 6],
  ["private", 6],
  ["association_network", 4],
] as const;
/** Words organisation names are made of (the search benchmark uses them too). */
export const ORG_WORDS = [
  "Association",
  "Rwanda",
  "Justice",
  "Legal",
  "Aid",
  "Forum",
  "Women",
  "Youth",
  "Peace",
  "Rights",
  "Initiative",
  "Hope",
  "Bridges",
  "Fellowship",
  "Diocese",
  "Catholique",
  "Byumba",
  "Kigali",
  "Development",
  "Network",
  "Haguruka",
  "Ubuntu",
  "Imbuto",
  "Dignity",
  "Reconciliation",
];
const TITLE_SUBJECTS = [
  "legal aid for detainees",
  "vocational training of inmates",
  "rehabilitation and reintegration of released prisoners",
  "psychosocial support in correctional facilities",
  "health services for inmates",
  "prevention of gender-based violence",
  "inclusion of persons with disability",
  "mediation and alternative dispute resolution",
  "digital case management through e-Huza",
  "education of juveniles in detention",
  "training of correctional staff",
  "unity and reconciliation programmes",
  "environmental protection and biogas",
  "human rights monitoring",
  "crime prevention in communities",
];
const COMMITMENTS = [
  "Provide legal representation to pre-trial detainees",
  "Train paralegals among inmates",
  "Equip a vocational training workshop",
  "Organise quarterly joint monitoring visits",
  "Deploy e-Huza case tracking in the facility",
  "Fund psychosocial counselling sessions",
  "Share an annual implementation report",
  "Provide sanitary materials for female inmates",
  "Install biogas digesters",
  "Support reintegration of released inmates in their communities",
];
const PROGRESS = [
  "Legal aid clinic held",
  "Training session completed",
  "Joint monitoring visit carried out",
  "Workshop equipment delivered",
  "Counselling sessions ongoing",
  "Delay in the disbursement of funds",
  "Report submitted to the steering committee",
  "Mobile court sessions organised",
  "Planned follow-up visit",
  "Planned refresher training",
];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The signature date as people wrote it, at every precision the register meets. */
function signatureText(): string | null {
  const y = int(2005, 2026);
  const m = int(1, 12);
  const d = int(1, 28);
  switch (
    weighted([
      ["dmy", 35],
      ["words", 15],
      ["iso", 5],
      ["month", 15],
      ["year", 15],
      ["none", 7],
      ["null", 8],
    ] as const)
  ) {
    case "dmy":
      return `${pad(d)}/${pad(m)}/${y}`;
    case "words":
      return `${d}${d === 1 ? "st" : d === 2 ? "nd" : d === 3 ? "rd" : "th"} ${MONTH_NAMES[m - 1]} ${y}`;
    case "iso":
      return isoDate(y, m, d);
    case "month":
      return chance(0.5) ? `${MONTH_NAMES[m - 1]} /${y}` : `${pad(m)}/${y}`;
    case "year":
      return String(y);
    case "none":
      return "Letter of Agreement (LOA)";
    case "null":
      return null;
  }
}

// Generation.

type Org = { id: string; name: string; acronym: string | null; aliases: string[]; kind: string };
export type Generated = { counts: Record<string, number>; rcsId: string; sampleIds: string[] };

export type GenerateOptions = {
  organisations: number;
  agreements: number;
  /** Progress, for stderr. */
  note: (message: string) => void;
};

/** Inserts the data into a migrated database holding the reference places and built-in themes, then analyses it. */
export async function generateAgreements(
  handle: DatabaseHandle,
  today: string,
  options: GenerateOptions,
): Promise<Generated> {
  const { organisations: ORGANISATIONS, agreements: AGREEMENTS, note: progressNote } = options;
  const db = handle.db;
  const insertBatched = async <T>(
    name: string,
    rows: T[],
    insert: (batch: T[]) => Promise<unknown>,
  ): Promise<number> => {
    progressNote(`inserting ${rows.length} ${name}`);
    for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
    return rows.length;
  };
  const places = await db
    .select({
      id: placeTable.id,
      kind: placeTable.kind,
      operator: placeTable.operator,
      isOpen: placeTable.isOpen,
    })
    .from(placeTable);
  const facilities = places.filter((p) => p.kind === "place_of_detention").map((p) => p.id);
  const districts = places.filter((p) => p.kind === "district").map((p) => p.id);
  const themeCodes = BUILT_IN_THEMES.map((t) => t.code);

  // Organisations: RCS first, then generated ones with unique names.
  const orgs: Org[] = [
    {
      id: randomUUID(),
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      aliases: ["Rwanda Correctional Services"],
      kind: "government",
    },
  ];
  const names = new Set(orgs.map((o) => normaliseForSearch(o.name)));
  for (let i = 1; orgs.length < ORGANISATIONS; i++) {
    const name = `${pick(ORG_WORDS)} ${pick(ORG_WORDS)} ${pick(ORG_WORDS)}${chance(0.5) ? ` ${i}` : ""}`;
    if (names.has(normaliseForSearch(name))) continue;
    names.add(normaliseForSearch(name));
    const acronym = chance(0.6)
      ? name
          .split(" ")
          .map((w) => w[0])
          .join("")
          .toUpperCase()
      : null;
    orgs.push({
      id: randomUUID(),
      name,
      acronym,
      aliases: chance(0.1) ? [`${name} Rwanda`] : [],
      kind: weighted(ORG_KINDS),
    });
  }
  const rcs = orgs[0];
  if (!rcs) throw new Error("no RCS organisation");
  const others = orgs.slice(1);
  await insertBatched("orgs", orgs, (batch) =>
    db.insert(organisationTable).values(
      batch.map((o) => ({
        id: o.id,
        name: o.name,
        nameKey: normaliseForSearch(o.name),
        acronym: o.acronym,
        aliases: o.aliases,
        kind: o.kind,
        searchText: buildSearchText([o.name, o.acronym, ...o.aliases]),
      })),
    ),
  );

  const agreements: (typeof agreementTable.$inferInsert)[] = [];
  const parties: (typeof agreementPartyTable.$inferInsert)[] = [];
  const themes: (typeof agreementThemeTable.$inferInsert)[] = [];
  const areas: (typeof agreementAreaTable.$inferInsert)[] = [];
  const commitments: (typeof commitmentTable.$inferInsert)[] = [];
  const progress: (typeof progressEntryTable.$inferInsert)[] = [];
  const statusChanges: (typeof agreementStatusChangeTable.$inferInsert)[] = [];
  const searches: (typeof agreementSearchTable.$inferInsert)[] = [];
  const todayYear = Number(today.slice(0, 4));

  for (let i = 0; i < AGREEMENTS; i++) {
    const id = randomUUID();
    const partyOrgs = sample(others, int(2, 4));
    if (chance(0.6)) partyOrgs[0] = rcs;
    const subject = pick(TITLE_SUBJECTS);
    const district = chance(0.3) ? ` in ${pick(["Musanze", "Huye", "Rubavu", "Nyarugenge", "Rusizi"])}` : "";
    const title = `${weighted([
      ["Memorandum of Understanding on", 5],
      ["Agreement on", 2],
      ["Partnership for", 2],
      ["Grant for", 1],
    ] as const)} ${subject}${district} (${i})`;
    const kind = weighted([
      ["mou", 60],
      ["letter_of_agreement", 12],
      ["implementation_plan", 8],
      ["framework_agreement", 8],
      ["grant", 8],
      ["amendment", 4],
    ] as const);
    const status = weighted([
      ["active", 40],
      ["under_revision", 6],
      ["expired", 18],
      ["terminated", 8],
      ["draft", 12],
      ["negotiating", 10],
      ["awaiting_approval", 6],
    ] as const);
    const signedOnText = signatureText();
    const signed = parsePartialDate(signedOnText);
    const startYear = signed.year ?? int(2005, 2026);
    const validFrom = chance(0.8) ? isoDate(startYear, signed.month ?? 1, signed.day ?? 1) : null;
    const validUntil =
      validFrom && chance(0.85)
        ? isoDate(Math.min(startYear + int(1, 6), 2032), int(1, 12), int(1, 28))
        : null;
    const purpose = chance(0.7) ? `To cooperate on ${subject} for the benefit of people in detention.` : null;
    const reference = chance(0.5) ? `RCS/MoU/${startYear}/${pad(int(1, 99))}` : null;
    const followUpBody = chance(0.3) ? "Joint steering committee" : null;
    agreements.push({
      id,
      title,
      reference,
      kind,
      purpose,
      status,
      signedOnText: signed.text,
      signedYear: signed.year,
      signedMonth: signed.month,
      signedDay: signed.day,
      signedPrecision: signed.precision,
      signedSortKey: partialDateSortKey(signed),
      validFrom,
      validUntil: validFrom && validUntil && validUntil < validFrom ? validFrom : validUntil,
      followUpBody,
      // Amendments point at an agreement of an earlier batch (already inserted when theirs is).
      amendsId: kind === "amendment" && i >= BATCH ? agreements[int(0, i - (i % BATCH) - 1)]?.id : undefined,
      keeperOrganisationId: partyOrgs[0]?.id,
    });
    partyOrgs.forEach((o, k) => {
      parties.push({
        agreementId: id,
        organisationId: o.id,
        role: k === 0 ? "signatory" : pick(["signatory", "implementer", "funder", "host"]),
      });
    });
    const themeList = [
      ...new Set([...(chance(0.25) ? ["legal_aid"] : []), ...sample(themeCodes, int(1, 3))]),
    ].slice(0, 3);
    for (const themeCode of themeList) themes.push({ agreementId: id, themeCode });
    const areaKeys = new Set<string>();
    for (let a = int(1, 3); a > 0; a--) {
      const target = weighted([
        ["facility", 50],
        ["district", 35],
        ["set", 12],
        ["national", 3],
      ] as const);
      const placeId =
        target === "facility" ? pick(facilities) : target === "district" ? pick(districts) : null;
      const placeSet =
        target === "set" ? "all_correctional_facilities" : target === "national" ? "national" : null;
      const key = placeId ?? placeSet ?? "";
      if (areaKeys.has(key)) continue;
      areaKeys.add(key);
      areas.push({ agreementId: id, placeId, placeSet });
    }
    const commitmentTexts: string[] = [];
    for (let c = 0, n = int(0, 5); c < n; c++) {
      const text = pick(COMMITMENTS);
      commitmentTexts.push(text);
      commitments.push({
        agreementId: id,
        text,
        responsibleOrganisationId: chance(0.8) ? pick(partyOrgs).id : null,
        status: pick(["not_started", "ongoing", "done", "dropped"]),
        dueOn: chance(0.6)
          ? isoDate(int(startYear, Math.min(startYear + 4, todayYear + 2)), int(1, 12), 28)
          : null,
        position: c,
      });
    }
    const progressTexts: { text: string; entryDate: string }[] = [];
    for (let p = 0, n = int(0, 6); p < n; p++) {
      const progressKind = weighted([
        ["achievement", 35],
        ["ongoing", 20],
        ["planned", 35],
        ["issue", 10],
      ] as const);
      const entryDate = addDays(today, -int(0, 365 * Math.max(1, todayYear - startYear)));
      const text = pick(PROGRESS);
      progressTexts.push({ text, entryDate });
      // Planned entries: half due in the past, of which most still open (overdue), the rest coming.
      const dueOn =
        progressKind === "planned" ? addDays(today, chance(0.5) ? -int(1, 400) : int(1, 300)) : null;
      progress.push({
        agreementId: id,
        kind: progressKind,
        text,
        entryDate,
        dueOn,
        done: progressKind === "planned" && chance(0.3),
        createdBy: "bench",
      });
    }
    statusChanges.push({
      agreementId: id,
      fromStatus: null,
      toStatus: status,
      changedOn: today,
      reason: null,
      changedBy: "bench",
    });
    // An empty search row, filled by refreshAgreementSearchTexts once everything it reads is written (below).
    searches.push({ agreementId: id });
  }

  const counts: Record<string, number> = { organisations: orgs.length };
  // One transaction, as the importer writes: each agreement's list facets are then computed once, at commit.
  await db.transaction(async (tx) => {
    counts.agreements = await insertBatched("agreements", agreements, (b) =>
      tx.insert(agreementTable).values(b),
    );
    // Before the parties, as createAgreement does: their trigger then only fills in the parties' part.
    counts.searchTexts = await insertBatched("search texts", searches, (b) =>
      tx.insert(agreementSearchTable).values(b),
    );
    counts.parties = await insertBatched("parties", parties, (b) => tx.insert(agreementPartyTable).values(b));
    counts.themes = await insertBatched("themes", themes, (b) => tx.insert(agreementThemeTable).values(b));
    counts.areas = await insertBatched("areas", areas, (b) => tx.insert(agreementAreaTable).values(b));
    counts.commitments = await insertBatched("commitments", commitments, (b) =>
      tx.insert(commitmentTable).values(b),
    );
    counts.progress = await insertBatched("progress", progress, (b) =>
      tx.insert(progressEntryTable).values(b),
    );
    counts.statusChanges = await insertBatched("statusChanges", statusChanges, (b) =>
      tx.insert(agreementStatusChangeTable).values(b),
    );
    // The agreements' own search words as the services write them: fields, themes, places, commitments, progress.
    progressNote("search texts");
    await refreshAgreementSearchTexts(
      tx,
      agreements.map((a) => a.id).filter((x): x is string => typeof x === "string"),
    );
  });
  // Dead rows cleared and fresh statistics, as autovacuum would give a real database after such a load.
  await vacuumAnalyseAsOwner(handle);
  const sampleIds = Array.from({ length: 50 }, () => pick(agreements).id).filter(
    (x): x is string => typeof x === "string",
  );
  return { counts, rcsId: rcs.id, sampleIds };
}

/**
 * VACUUM ANALYZE as the tables' owner. As the app's role, which owns no table, PostgreSQL skips every table with a
 * warning only, and the planner works from no statistics and the load's dead rows (found by bench/limit).
 */
export async function vacuumAnalyseAsOwner(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "postgresql") {
    // A connection of its own, as the URL's user (the owner, or a superuser): the handle's pool acts as the app.
    await runOnce(handle.ownerUrl ?? handle.url ?? "", "vacuum analyze");
    return;
  }
  // PGlite's one session is the superuser's, working as the app's role (SET ROLE): back to itself for this. One
  // statement a call: several in one call are one transaction, and VACUUM refuses to run in one.
  await handle.pglite?.exec("reset role");
  await handle.pglite?.exec("vacuum analyze");
  await handle.pglite?.exec(`set role ${handle.appRole ?? "none"}`);
}
