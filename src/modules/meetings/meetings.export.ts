// A meeting's agenda as a Word file in the reader's language (rw, fr or en): one titled table per heading, the
// items numbered through, worded from their facts in that language unless someone reworded them.
import type { ServiceContext } from "../../kernel";
import { parseInput } from "../../shared/validation";
import {
  paragraph,
  type ReportDocument,
  type ReportLanguage,
  reportLabels,
  writeReportDocx,
} from "../reports";
import { agendaBySection, agendaItemText } from "./agenda-wording";
import { AgendaExportQuerySchema, type Meeting } from "./meetings.schema";
import { getMeeting } from "./meetings.service";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function agendaDocument(meeting: Meeting, language: ReportLanguage): ReportDocument {
  const t = reportLabels(language);
  const body = meeting.bodyName ?? t(`meetings.bodyKind.${meeting.bodyKind}`);
  let number = 0;
  return {
    title: t("meetings.export.title", {
      body: t(`meetings.bodyKind.${meeting.bodyKind}`),
      district: meeting.districtName,
      quarter: meeting.quarter,
    }),
    subtitle: [
      body,
      meeting.meetingDate
        ? t("meetings.export.date", { date: meeting.meetingDate })
        : t("meetings.export.dateToSet"),
    ],
    // An empty agenda still prints its table, saying so.
    sections: (meeting.agenda.length > 0
      ? agendaBySection(meeting.agenda)
      : [{ section: "other" as const, items: [] }]
    ).map(({ section, items }, i) => ({
      title: `${i + 1}. ${t(`meetings.sections.${section}`)}`,
      sheetName: section.slice(0, 31),
      columns: [
        { header: t("meetings.export.number"), width: 1 },
        { header: t("meetings.export.item"), width: 12 },
      ],
      rows: items.map((item) => {
        number++;
        return [[paragraph(String(number))], [paragraph(agendaItemText(item, t, language))]];
      }),
      emptyText: t("meetings.export.empty"),
    })),
    language,
  };
}

export type ExportedAgenda = { bytes: Uint8Array; fileName: string; contentType: string };

export async function exportAgendaDocx(
  ctx: ServiceContext,
  id: string,
  query: unknown,
): Promise<ExportedAgenda> {
  const { lang } = parseInput(AgendaExportQuerySchema, query, "query");
  const meeting = await getMeeting(ctx, id);
  const t = reportLabels(lang);
  const document = agendaDocument(meeting, lang);
  const name = `${t("meetings.export.fileName")}-${meeting.districtName}-${meeting.bodyKind}-${meeting.quarter}-${lang}`;
  return {
    bytes: await writeReportDocx(document),
    fileName: `${name.replace(/[^\p{L}\p{N}_-]+/gu, "-")}.docx`,
    contentType: DOCX_CONTENT_TYPE,
  };
}
