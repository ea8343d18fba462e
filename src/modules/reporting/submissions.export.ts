// A report as a Word or PDF file in the reader's language (en, fr, rw): a header (organisation, bodies, period,
// status, submitted date, version), then every section its obligations ask for, through the shared report writers.
import type { ServiceContext } from "../../kernel";
import { parseInput } from "../../shared/validation";
import {
  paragraph,
  paragraphOrBullets,
  type ReportCell,
  type ReportDocument,
  type ReportLanguage,
  type ReportSection,
  reportLabels,
  type Translate,
  writeReportDocx,
  writeReportPdf,
} from "../reports";
import {
  DEFAULT_SECTIONS,
  type SectionKey,
  type Submission,
  SubmissionExportQuerySchema,
} from "./reporting.schema";
import { getSubmission } from "./submissions.service";
import { selectExportNames } from "./submissions.store";

export const EXPORT_CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;
export type ExportFormat = keyof typeof EXPORT_CONTENT_TYPES;

type Names = Awaited<ReturnType<typeof selectExportNames>>;

const cell = (text: string | number | null | undefined): ReportCell =>
  text === null || text === undefined || text === "" ? [] : [paragraph(String(text))];

const dateOf = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);

function textSection(title: string, prompt: string, text: string, empty: string): ReportSection {
  return {
    title,
    sheetName: title.slice(0, 31),
    columns: [{ header: prompt, width: 1 }],
    rows: text.trim() ? [[text.split(/\n+/).map((line) => paragraph(line))]] : [],
    emptyText: empty,
  };
}

function sectionOf(key: SectionKey, s: Submission, names: Names, t: Translate, index: number): ReportSection {
  const title = `${index}. ${t(`reports.sections.${key}`)}`;
  const empty = (list: "activities" | "indicators" | "hindrances") =>
    s.content.nothingToReport.includes(list) ? t("reports.nothingToReport") : t("reports.export.empty");
  const base = { title, sheetName: key };
  const place = (id: string) => names.places.get(id) ?? id;
  const theme = (code: string | null | undefined) => (code ? (names.themes.get(code) ?? code) : null);
  switch (key) {
    case "narrative":
    case "challenges":
    case "plans":
      return {
        ...textSection(title, t(`reports.sectionPrompts.${key}`), s.content[key], t("reports.export.empty")),
        sheetName: key,
      };
    case "activities":
      return {
        ...base,
        columns: [
          { header: t("reports.fields.place"), width: 3 },
          { header: t("reports.fields.date"), width: 2 },
          { header: t("reports.fields.theme"), width: 3 },
          { header: t("reports.fields.description"), width: 8 },
          { header: t("reports.fields.peopleReached"), width: 3 },
        ],
        rows: s.content.activities.map((a) => [
          cell(place(a.placeId)),
          cell(a.date),
          cell(theme(a.themeCode)),
          cell(a.description),
          cell(
            a.women !== null && a.women !== undefined
              ? `${a.peopleReached} (${t("reports.womenMen", { women: a.women, men: a.men ?? 0 })})`
              : a.peopleReached,
          ),
        ]),
        emptyText: empty("activities"),
      };
    case "indicators":
      return {
        ...base,
        columns: [
          { header: t("reports.fields.programme"), width: 4 },
          { header: t("reports.fields.indicator"), width: 6 },
          { header: t("reports.fields.value"), width: 2 },
          { header: t("reports.fields.note"), width: 5 },
        ],
        rows: s.content.indicators.map((v) => {
          const indicator = names.indicators.get(v.indicatorId);
          return [
            cell(indicator?.programmeTitle ?? v.programmeId),
            cell(indicator?.title ?? v.indicatorId),
            cell(v.value),
            cell(v.note),
          ];
        }),
        emptyText: empty("indicators"),
      };
    case "hindrances":
      return {
        ...base,
        columns: [
          { header: t("reports.fields.kind"), width: 3 },
          { header: t("reports.fields.place"), width: 3 },
          { header: t("reports.fields.date"), width: 2 },
          { header: t("reports.fields.whatHappened"), width: 8 },
          { header: t("reports.fields.reportedTo"), width: 3 },
          { header: t("reports.fields.status"), width: 2 },
        ],
        rows: s.content.hindrances.map((h) => [
          cell(t(`reports.hindranceKinds.${h.kind}`)),
          cell(place(h.placeId)),
          cell(h.date),
          [...cell(h.description), ...cell(theme(h.themeCode))],
          paragraphOrBullets(h.reportedTo.map((r) => t(`reports.reportedTo.${r}`))),
          cell(t(`reports.hindranceStatuses.${h.status}`)),
        ]),
        emptyText: empty("hindrances"),
      };
    case "attachments":
      return {
        ...base,
        columns: [
          { header: t("reports.attachments.fileName"), width: 8 },
          { header: t("reports.attachments.size"), width: 2 },
        ],
        rows: s.attachments.map((a) => [
          cell(a.fileName),
          cell(`${Math.max(1, Math.round(a.sizeBytes / 1024))} KB`),
        ]),
        emptyText: t("reports.attachments.none"),
      };
  }
}

/** The report as one document shape, every label in `language`. */
export async function submissionDocument(
  ctx: ServiceContext,
  s: Submission,
  language: ReportLanguage,
): Promise<ReportDocument> {
  const t = reportLabels(language);
  const names = await selectExportNames(
    ctx.db,
    {
      placeIds: [...new Set([...s.content.activities, ...s.content.hindrances].map((i) => i.placeId))],
      themeCodes: [
        ...new Set(
          [...s.content.activities, ...s.content.hindrances].flatMap((i) =>
            i.themeCode ? [i.themeCode] : [],
          ),
        ),
      ],
      indicatorIds: [...new Set(s.content.indicators.map((v) => v.indicatorId))],
    },
    language,
  );
  const sections = s.requiredSections.length > 0 ? s.requiredSections : DEFAULT_SECTIONS;
  const lastSubmitted = s.versions.at(-1);
  return {
    title: t("reports.reportTitle", { organisation: s.organisationName, period: s.period }),
    subtitle: [
      `${t("reports.export.organisation")}: ${s.organisationName}`,
      `${t("reports.export.bodies")}: ${s.addressees
        .map((a) => `${a.bodyName} (${t(`reports.status.${a.status}`)})`)
        .join(", ")}`,
      `${t("reports.period")}: ${s.period}`,
      `${t("reports.statusLabel")}: ${t(`reports.status.${s.status}`)}`,
      lastSubmitted
        ? `${t("reports.submittedOn")}: ${dateOf(lastSubmitted.submittedAt)} · ${t("reports.versionN", { n: lastSubmitted.number })}`
        : t("reports.export.notSubmitted"),
    ],
    sections: sections.map((key, i) => sectionOf(key, s, names, t, i + 1)),
    language,
  };
}

export type ExportedSubmission = { bytes: Uint8Array; fileName: string; contentType: string };

/** The report as Word or PDF, for whoever may read it (404 otherwise). */
export async function exportSubmission(
  ctx: ServiceContext,
  id: string,
  format: ExportFormat,
  query: unknown,
): Promise<ExportedSubmission> {
  const { lang } = parseInput(SubmissionExportQuerySchema, query, "query");
  const submission = await getSubmission(ctx, id);
  const document = await submissionDocument(ctx, submission, lang);
  const t = reportLabels(lang);
  const name = `${t("reports.export.fileName")}-${submission.organisationName}-${submission.period}-${lang}`;
  return {
    bytes: format === "docx" ? await writeReportDocx(document) : await writeReportPdf(document),
    fileName: `${name.replace(/[^\p{L}\p{N}_-]+/gu, "-")}.${format}`,
    contentType: EXPORT_CONTENT_TYPES[format],
  };
}
