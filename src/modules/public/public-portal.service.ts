// What a signed-out visitor reads: each section only for the institutions that publish it, each answer built field by
// field from an allow-list (decision 031). Other modules are asked as the system, with their own rules kept: the 3W
// through a source limited to published agreements, incident counts from the incidents module's suppressed cube.
import type { Executor } from "../../db/client";
import type { ServiceContext, SystemActor } from "../../kernel";
import { agreementSource, type CoordinationSource, exportMatrixHxl, getMatrix } from "../coordination";
import { getIncidentStatistics, type StatisticsItem } from "../incidents";
import { getDistrictBoundaries } from "../places";
import { exportIati, getProgrammeDashboard } from "../programmes";
import { reportLabels, writeCsv } from "../reports";
import type {
  PublicAgreementList,
  PublicAgreementPage,
  PublicIncidentStatistics,
  PublicLanguage,
  PublicPortal,
  PublicProgrammeList,
  PublicRecommendationList,
  PublicSection,
  PublicThreeW,
} from "./public.schema";
import { PUBLIC_SECTIONS } from "./public.schema";
import {
  countPublishedAgreements,
  selectAgreementAreas,
  selectAgreementParties,
  selectAgreementThemes,
  selectInstitutions,
  selectPortal,
  selectPublishedAgreements,
  selectPublishedProgrammes,
  selectPublishedRecommendations,
  selectPublishingIds,
  selectRecommendationPlaces,
  selectThemeNames,
} from "./public.store";

const PUBLIC_ACTOR: SystemActor = { kind: "system", label: "public portal" };
export type PublicContext = { db: Executor; today?: string };
const asSystem = (ctx: PublicContext): ServiceContext => ({
  db: ctx.db,
  actor: PUBLIC_ACTOR,
  ...(ctx.today ? { today: ctx.today } : {}),
});

const nameIn = (names: { en: string; fr: string; rw: string } | null, lang: PublicLanguage) =>
  names ? names[lang] || names.en : "";

export async function getPublicPortal(ctx: PublicContext): Promise<PublicPortal> {
  const [portal, rows] = await Promise.all([selectPortal(ctx.db), selectInstitutions(ctx.db)]);
  return {
    licence: portal.licence,
    incidentStatistics: portal.incidentStatistics,
    institutions: rows
      .map((r) => ({
        id: r.organisationId,
        name: r.name,
        acronym: r.acronym,
        sections: PUBLIC_SECTIONS.filter((s) => r[s]),
      }))
      .filter((r) => r.sections.length > 0),
  };
}

/** Whether anything of a section is published (its page and downloads answer 404 otherwise). */
export async function isSectionPublished(ctx: PublicContext, section: PublicSection | "incidents") {
  if (section === "incidents") return (await selectPortal(ctx.db)).incidentStatistics;
  return (await selectPublishingIds(ctx.db, section)).length > 0;
}

/** Rows by the agreement they belong to, in their order. */
function byAgreement<R extends { agreementId: string }>(rows: readonly R[]): Map<string, R[]> {
  const grouped = new Map<string, R[]>();
  for (const row of rows) {
    const list = grouped.get(row.agreementId);
    if (list) list.push(row);
    else grouped.set(row.agreementId, [row]);
  }
  return grouped;
}

/** The published agreements: a page of them (`page`), or every one (the CSV download). */
export async function getPublicAgreements(
  ctx: PublicContext,
  lang: PublicLanguage,
  page?: PublicAgreementPage,
): Promise<PublicAgreementList> {
  const [portal, keepers] = await Promise.all([
    selectPortal(ctx.db),
    selectPublishingIds(ctx.db, "agreements"),
  ]);
  const rows = await selectPublishedAgreements(ctx.db, keepers, page);
  const total = page ? await countPublishedAgreements(ctx.db, keepers) : rows.length;
  const ids = rows.map((r) => r.id);
  const [parties, themes, areas] = await Promise.all([
    selectAgreementParties(ctx.db, ids).then(byAgreement),
    selectAgreementThemes(ctx.db, ids).then(byAgreement),
    selectAgreementAreas(ctx.db, ids).then(byAgreement),
  ]);
  const t = reportLabels(lang);
  type Item = PublicAgreementList["agreements"][number];
  return {
    licence: portal.licence,
    total,
    limit: page?.limit ?? rows.length,
    offset: page?.offset ?? 0,
    agreements: rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind as Item["kind"],
      status: r.status as Item["status"],
      signedOn: r.signedOnText,
      validFrom: r.validFrom,
      validUntil: r.validUntil,
      keeper: { name: r.keeperName, acronym: r.keeperAcronym },
      parties: (parties.get(r.id) ?? []).map((p) => ({
        name: p.name,
        acronym: p.acronym,
        role: p.role as Item["parties"][number]["role"],
      })),
      themes: (themes.get(r.id) ?? []).map((x) => ({ code: x.code, name: nameIn(x.names, lang) })),
      places: (areas.get(r.id) ?? []).map((x) =>
        x.placeSet ? t(`agreements.sets.${x.placeSet}`) : nameIn(x.names, lang),
      ),
    })),
  };
}

/** The 3W register's agreement source, kept to the agreements the institutions publishing their 3W keep. */
async function publishedSource(ctx: PublicContext): Promise<CoordinationSource> {
  const keepers = await selectPublishingIds(ctx.db, "threeW");
  const published = new Set((await selectPublishedAgreements(ctx.db, keepers)).map((a) => a.id));
  return {
    kind: "agreement",
    async listActivities(db, query) {
      if (published.size === 0) return [];
      return (await agreementSource.listActivities(db, query)).filter((r) => published.has(r.id));
    },
  };
}

export async function getPublicThreeW(ctx: PublicContext, lang: PublicLanguage): Promise<PublicThreeW> {
  const system = asSystem(ctx);
  const [portal, source, themeRows] = await Promise.all([
    selectPortal(ctx.db),
    publishedSource(ctx),
    selectThemeNames(ctx.db),
  ]);
  const matrix = await getMatrix(system, { level: "district" }, [source]);
  const themeName = new Map(themeRows.map((r) => [r.code, nameIn(r.names, lang)]));
  const placeById = new Map(matrix.places.map((p) => [p.id, p]));
  const perDistrict = new Map<string, Set<string>>();
  for (const cell of matrix.cells) {
    const set = perDistrict.get(cell.placeId) ?? new Set<string>();
    set.add(cell.organisationId);
    perDistrict.set(cell.placeId, set);
  }
  const usedThemes = [...new Set(matrix.cells.map((c) => c.theme))].sort();
  return {
    licence: portal.licence,
    date: matrix.period.from,
    organisations: matrix.organisations
      .map((o) => ({ key: o.id, name: o.name, acronym: o.acronym }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    themes: usedThemes.map((code) => ({ code, name: themeName.get(code) ?? code })),
    districts: matrix.places
      .map((p) => ({
        code: p.code,
        name: nameIn(p.names, lang),
        organisations: perDistrict.get(p.id)?.size ?? 0,
      }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    cells: matrix.cells.flatMap((c) => {
      const place = placeById.get(c.placeId);
      return place ? [{ organisation: c.organisationId, theme: c.theme, district: place.code }] : [];
    }),
    mapCredit: (await getPublicDistrictShapes(ctx)).credit,
  };
}

/** The published 3W as HXL CSV, the licence on a first line (HXL readers look for the hashtag row below it). */
export async function exportPublicThreeWHxl(ctx: PublicContext): Promise<string> {
  const [portal, source] = await Promise.all([selectPortal(ctx.db), publishedSource(ctx)]);
  const hxl = await exportMatrixHxl(asSystem(ctx), { level: "district" }, [source]);
  return `${licenceRow(portal.licence)}\r\n${hxl}`;
}

export const licenceRow = (licence: string) =>
  `"Licence: ${licence.replaceAll('"', '""')}. Source: Ubufatanye public portal."`;

export type DistrictShapes = {
  districts: { code: string; name: string; geometry: unknown }[];
  credit: string | null;
};

// The shapes change only when an administrator loads others: read once a minute at most.
const SHAPES_TTL_MS = 60_000;
const shapesCache = new WeakMap<object, { at: number; shapes: DistrictShapes }>();

export async function getPublicDistrictShapes(ctx: PublicContext): Promise<DistrictShapes> {
  const cached = shapesCache.get(ctx.db);
  if (cached && Date.now() - cached.at < SHAPES_TTL_MS) return cached.shapes;
  const boundaries = await getDistrictBoundaries(asSystem(ctx));
  const shapes = {
    districts: boundaries.districts,
    credit: boundaries.attribution ?? boundaries.sourceName,
  };
  shapesCache.set(ctx.db, { at: Date.now(), shapes });
  return shapes;
}

export async function getPublicRecommendations(
  ctx: PublicContext,
  lang: PublicLanguage,
): Promise<PublicRecommendationList> {
  const [portal, bodies] = await Promise.all([
    selectPortal(ctx.db),
    selectPublishingIds(ctx.db, "recommendations"),
  ]);
  const rows = await selectPublishedRecommendations(ctx.db, bodies);
  const places = await selectRecommendationPlaces(
    ctx.db,
    rows.map((r) => r.id),
  );
  type Item = PublicRecommendationList["recommendations"][number];
  return {
    licence: portal.licence,
    recommendations: rows.map((r) => ({
      number: r.number,
      monitoringBody: { name: r.bodyName, acronym: r.bodyAcronym },
      addressee: { name: r.addresseeName, acronym: r.addresseeAcronym },
      text: r.text,
      theme: r.theme,
      priority: r.priority as Item["priority"],
      issuedOn: r.issuedOn,
      deadline: r.deadline,
      status: r.status as Item["status"],
      statusOn: r.statusOn,
      places: places.filter((p) => p.recommendationId === r.id).map((p) => nameIn(p.names, lang)),
      allFacilities: r.allFacilities,
    })),
  };
}

async function publishedProgrammes(ctx: PublicContext) {
  return selectPublishedProgrammes(ctx.db, await selectPublishingIds(ctx.db, "programmeResults"));
}

export async function getPublicProgrammes(ctx: PublicContext): Promise<PublicProgrammeList> {
  const [portal, rows] = await Promise.all([selectPortal(ctx.db), publishedProgrammes(ctx)]);
  const programmes: PublicProgrammeList["programmes"] = [];
  for (const r of rows) {
    const dashboard = await getProgrammeDashboard(asSystem(ctx), r.id);
    programmes.push({
      id: r.id,
      title: r.title,
      lead: { name: r.leadName, acronym: r.leadAcronym },
      startDate: r.startDate,
      endDate: r.endDate,
      peopleReached: dashboard.peopleReached,
      indicators: dashboard.indicators.map((i) => ({
        title: i.title,
        unit: i.unit,
        target: i.target,
        actual: i.actual.value,
        actualKind: i.actual.kind,
      })),
    });
  }
  return { licence: portal.licence, programmes };
}

/** The IATI activities of the published programmes; an empty file (never "all programmes") when none is. */
export async function exportPublicIati(ctx: PublicContext): Promise<string> {
  const [portal, rows] = await Promise.all([selectPortal(ctx.db), publishedProgrammes(ctx)]);
  const comment = `<!-- Licence: ${portal.licence.replaceAll("--", "- -")}. Source: Ubufatanye public portal. -->`;
  if (rows.length === 0) {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    return `<?xml version="1.0" encoding="UTF-8"?>\n${comment}\n<iati-activities version="2.03" generated-datetime="${now}"></iati-activities>\n`;
  }
  // Without the contact-info an import kept: the portal names no person anywhere.
  const xml = await exportIati(
    asSystem(ctx),
    rows.map((r) => r.id),
    { contacts: false },
  );
  return xml.replace(/^(<\?xml[^>]*\?>)?/, (declaration) => `${declaration}\n${comment}`);
}

export async function getPublicIncidentStatistics(
  ctx: PublicContext,
  lang: PublicLanguage,
): Promise<PublicIncidentStatistics> {
  const portal = await selectPortal(ctx.db);
  const stats = await getIncidentStatistics(asSystem(ctx), {});
  const t = reportLabels(lang);
  const relabel = (items: StatisticsItem[], key: (k: string) => string | null) =>
    items.map((i) => ({ key: i.key, label: key(i.key) ?? i.label, cell: i.cell }));
  return {
    licence: portal.licence,
    threshold: stats.threshold,
    incidents: stats.incidents,
    victims: stats.victims,
    byKind: relabel(stats.byKind, (k) => t(`incidents.kind.${k}`)),
    byDistrict: relabel(stats.byDistrict, (k) =>
      k === "abroad" || k === "unknown" ? t(`incidents.statistics.place.${k}`) : null,
    ),
    byYear: relabel(stats.byMonth, () => null),
    bySex: relabel(stats.bySex, (k) => t(`incidents.sex.${k}`)),
    byAgeGroup: relabel(stats.byAgeGroup, (k) => t(`incidents.ageGroup.${k}`)),
  };
}

/** The published agreements as CSV in the page's language, the licence on the first line. */
export async function exportPublicAgreementsCsv(
  ctx: PublicContext,
  lang: PublicLanguage,
): Promise<Uint8Array> {
  const list = await getPublicAgreements(ctx, lang);
  const t = reportLabels(lang);
  const org = (o: { name: string; acronym: string | null }) =>
    o.acronym ? `${o.name} (${o.acronym})` : o.name;
  return writeCsv([
    [`Licence: ${list.licence}. Source: Ubufatanye public portal.`],
    [
      t("agreements.fields.title"),
      t("agreements.kind"),
      t("agreements.status"),
      t("publicPortal.agreements.signed"),
      t("agreements.fields.validFrom"),
      t("agreements.fields.validUntil"),
      t("publicPortal.agreements.keeper"),
      t("publicPortal.agreements.parties"),
      t("publicPortal.agreements.themes"),
      t("publicPortal.agreements.places"),
    ],
    ...list.agreements.map((a) => [
      a.title,
      t(`agreements.kinds.${a.kind}`),
      t(`agreements.statuses.${a.status}`),
      a.signedOn,
      a.validFrom,
      a.validUntil,
      org(a.keeper),
      a.parties.map((p) => `${org(p)} (${t(`agreements.roles.${p.role}`)})`).join("; "),
      a.themes.map((x) => x.name).join("; "),
      a.places.join("; "),
    ]),
  ]);
}
