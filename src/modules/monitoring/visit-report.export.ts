// A visit's report in Word or PDF, in the reader's language (rw, fr, en): the visit's facts, its findings grouped by
// theme category, and the recommendations that come from it. Written with the shared report writers.
import type { ServiceContext } from "../../kernel";
import { parseInput } from "../../shared/validation";
import {
  paragraph,
  paragraphOrBullets,
  type ReportCell,
  type ReportDocument,
  type ReportLanguage,
  reportLabels,
  writeReportDocx,
  writeReportPdf,
} from "../reports";
import { DETENTION_THEMES, THEME_CATEGORIES } from "./detention-themes";
import { type Visit, VisitReportQuerySchema } from "./visits.schema";
import { getVisit, recordConfidentialRead } from "./visits.service";
import { selectVisitRecommendations, type VisitRecommendationRow } from "./visits.store";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PDF_CONTENT_TYPE = "application/pdf";

const text = (value: string): ReportCell => [paragraph(value)];

export function visitReportDocument(
  visit: Visit,
  recommendations: readonly VisitRecommendationRow[],
  language: ReportLanguage,
): ReportDocument {
  const t = reportLabels(language);
  const k = (key: string, values?: Record<string, string | number>) => t(`monitoring.visits.${key}`, values);
  const facts: [string, ReportCell][] = [
    [k("fields.place"), text(visit.placeName)],
    [k("fields.monitoringBody"), text(visit.monitoringOrganisationName)],
    [k("fields.startsOn"), text(visit.startsOn)],
    [k("fields.endsOn"), text(visit.endsOn ?? visit.startsOn)],
    [k("fields.announced"), text(k(`announcedValue.${visit.announced}`))],
    [k("fields.visitType"), text(k(`type.${visit.visitType}`))],
    [k("fields.status"), text(k(`status.${visit.status}`))],
    [k("fields.objectives"), paragraphOrBullets(visit.objectives ? [visit.objectives] : [])],
    [k("fields.team"), paragraphOrBullets(visit.team.map((m) => `${m.name} (${k(`teamRoles.${m.role}`)})`))],
    [
      k("fields.interviews"),
      paragraphOrBullets(
        visit.interviews.map((i) => `${k(`interviewCategories.${i.category}`)}: ${i.count}`),
      ),
    ],
    [k("fields.summary"), paragraphOrBullets(visit.summary ? [visit.summary] : [])],
  ];
  const byCategory = THEME_CATEGORIES.map((category) => ({
    category,
    findings: visit.findings.filter((f) => DETENTION_THEMES[f.theme] === category),
  })).filter((group) => group.findings.length > 0);
  const findingColumns = [
    { header: k("fields.theme"), width: 3 },
    { header: k("fields.severity"), width: 2 },
    { header: k("fields.vulnerableGroups"), width: 3 },
    { header: k("fields.text"), width: 8 },
  ];
  const findingSections =
    byCategory.length > 0
      ? byCategory.map(({ category, findings }, i) => ({
          title: k("report.findingsSection", {
            number: i + 2,
            category: t(`monitoring.themeCategories.${category}`),
          }),
          sheetName: category.slice(0, 31),
          columns: findingColumns,
          rows: findings.map((f) => [
            text(t(`monitoring.themes.${f.theme}`)),
            text(k(`severity.${f.severity}`)),
            paragraphOrBullets(f.vulnerableGroups.map((g) => t(`monitoring.vulnerableGroups.${g}`))),
            paragraphOrBullets(f.text.split(/\n+/)),
          ]),
          emptyText: k("report.noFindings"),
        }))
      : [
          {
            title: k("report.noFindingsSection", { number: 2 }),
            sheetName: "findings",
            columns: findingColumns,
            rows: [],
            emptyText: k("report.noFindings"),
          },
        ];
  return {
    title: k("report.title", { place: visit.placeName }),
    subtitle: [
      k("report.subtitle", { reference: visit.reference, body: visit.monitoringOrganisationName }),
      k("report.dates", { from: visit.startsOn, to: visit.endsOn ?? visit.startsOn }),
      visit.publishedOn ? k("report.published", { date: visit.publishedOn }) : k("report.confidential"),
    ],
    sections: [
      {
        title: k("report.factsSection"),
        sheetName: "visit",
        columns: [
          { header: k("report.item"), width: 3 },
          { header: k("report.value"), width: 9 },
        ],
        rows: facts.map(([label, value]) => [text(label), value]),
        emptyText: "",
      },
      ...findingSections,
      {
        title: k("report.recommendationsSection", { number: findingSections.length + 2 }),
        sheetName: "recommendations",
        columns: [
          { header: k("report.recommendation"), width: 8 },
          { header: k("report.addressee"), width: 3 },
          { header: k("report.priority"), width: 2 },
          { header: k("report.deadline"), width: 2 },
          { header: k("report.status"), width: 3 },
        ],
        rows: recommendations.map((r) => [
          paragraphOrBullets(r.text.split(/\n+/)),
          text(r.addresseeName),
          text(t(`monitoring.recommendations.priorities.${r.priority}`)),
          text(r.deadline ?? k("report.noDeadline")),
          text(t(`monitoring.recommendations.statuses.${r.status}`)),
        ]),
        emptyText: k("report.noRecommendations"),
      },
    ],
    language,
  };
}

export type ExportedVisitReport = { bytes: Uint8Array; fileName: string; contentType: string };

/** The report for whoever may read the visit; reading an unpublished one is audited. */
export async function exportVisitReport(
  ctx: ServiceContext,
  id: string,
  format: "docx" | "pdf",
  query: unknown,
): Promise<ExportedVisitReport> {
  const { lang } = parseInput(VisitReportQuerySchema, query, "query");
  const [visit, recommendations] = await Promise.all([
    getVisit(ctx, id),
    selectVisitRecommendations(ctx.db, id),
  ]);
  await recordConfidentialRead(ctx, visit, `report ${format} ${lang}`);
  const document = visitReportDocument(visit, recommendations, lang);
  const name = `${reportLabels(lang)("monitoring.visits.report.fileName")}-${visit.reference}-${lang}`;
  return {
    bytes: format === "docx" ? await writeReportDocx(document) : await writeReportPdf(document),
    fileName: `${name.replace(/[^\p{L}\p{N}_-]+/gu, "-")}.${format}`,
    contentType: format === "docx" ? DOCX_CONTENT_TYPE : PDF_CONTENT_TYPE,
  };
}
