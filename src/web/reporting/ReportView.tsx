// A report's sections as read (accepted, under review, or by a reviewer), with the reviewers' comments beside each.
import { useTranslation } from "react-i18next";
import type { Addressee, SectionKey, SubmissionContent } from "../../modules/reporting/reporting.schema";
import { SectionComments } from "./SectionFrame";
import type { ReportChoices } from "./useReportChoices";

type ReportViewProps = {
  content: SubmissionContent;
  sections: readonly SectionKey[];
  addressees: readonly Addressee[];
  choices: ReportChoices;
};

export function ItemLine({
  section,
  item,
  choices,
}: {
  section: "activities" | "hindrances" | "indicators";
  item: unknown;
  choices: ReportChoices;
}) {
  const { t } = useTranslation();
  if (section === "activities") {
    const a = item as SubmissionContent["activities"][number];
    const split =
      a.women !== null && a.women !== undefined
        ? ` (${t("reports.womenMen", { women: a.women, men: a.men ?? 0 })})`
        : "";
    return (
      <>
        <strong>{choices.placeName(a.placeId)}</strong>
        {a.date ? ` · ${a.date}` : ""}
        {a.themeCode ? ` · ${choices.themeName(a.themeCode)}` : ""} — {a.description} ·{" "}
        {t("reports.peopleReachedN", { count: a.peopleReached })}
        {split}
      </>
    );
  }
  if (section === "hindrances") {
    const h = item as SubmissionContent["hindrances"][number];
    return (
      <>
        <strong>{t(`reports.hindranceKinds.${h.kind}`)}</strong> · {choices.placeName(h.placeId)}
        {h.date ? ` · ${h.date}` : ""}
        {h.themeCode ? ` · ${choices.themeName(h.themeCode)}` : ""} — {h.description}
        {h.reportedTo.length > 0
          ? ` · ${t("reports.fields.reportedTo")}: ${h.reportedTo.map((r) => t(`reports.reportedTo.${r}`)).join(", ")}`
          : ""}{" "}
        · {t(`reports.hindranceStatuses.${h.status}`)}
      </>
    );
  }
  const v = item as SubmissionContent["indicators"][number];
  return (
    <>
      {t("reports.fields.value")}: <strong>{v.value}</strong>
      {v.note ? ` — ${v.note}` : ""}
    </>
  );
}

export function SectionBody({
  section,
  content,
  choices,
}: {
  section: SectionKey;
  content: SubmissionContent;
  choices: ReportChoices;
}) {
  const { t } = useTranslation();
  // Attachments are listed (and changed) in their own section of the page.
  if (section === "attachments") return null;
  if (section === "narrative" || section === "challenges" || section === "plans") {
    return content[section] ? (
      <p className="prose report-text">{content[section]}</p>
    ) : (
      <p className="muted">—</p>
    );
  }
  if (content[section].length === 0) {
    return (
      <p className="muted">
        {content.nothingToReport.includes(section) ? t("reports.nothingToReport") : "—"}
      </p>
    );
  }
  return (
    <ul className="plain-list report-items">
      {content[section].map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, never reordered
        <li key={i}>
          <ItemLine section={section} item={item} choices={choices} />
        </li>
      ))}
    </ul>
  );
}

export function ReportView({ content, sections, addressees, choices }: ReportViewProps) {
  const { t } = useTranslation();
  return (
    <div className="report-view">
      {sections
        .filter((section) => section !== "attachments")
        .map((section) => (
          <section key={section} className="report-section" aria-labelledby={`view-${section}`}>
            <h2 id={`view-${section}`}>{t(`reports.sections.${section}`)}</h2>
            <SectionComments section={section} addressees={addressees} />
            <SectionBody section={section} content={content} choices={choices} />
          </section>
        ))}
    </div>
  );
}
