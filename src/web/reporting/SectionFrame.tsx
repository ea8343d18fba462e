// One section of a report: its heading, the reviewers' comments on it beside it, its error, "nothing to report".
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Addressee, SectionKey } from "../../modules/reporting/reporting.schema";

type SectionFrameProps = {
  section: SectionKey;
  addressees: readonly Addressee[];
  error?: string;
  /** For list sections: the "nothing to report" switch. */
  nothing?: { checked: boolean; disabled: boolean; onChange(checked: boolean): void };
  children: ReactNode;
};

export function SectionComments({
  section,
  addressees,
}: {
  section: SectionKey | "general";
  addressees: readonly Addressee[];
}) {
  const { t } = useTranslation();
  const comments = addressees.filter((a) => a.comments[section]);
  if (comments.length === 0) return null;
  // A body's comment stands while it has the report returned; once resubmitted or accepted it is history.
  const current = comments.filter((a) => a.status === "returned");
  const earlier = comments.filter((a) => a.status !== "returned");
  return (
    <>
      {current.length > 0 ? (
        <ul className="review-comments" aria-label={t("reports.reviewerComments")}>
          {current.map((a) => (
            <li key={a.id}>
              <strong>{a.bodyName}</strong>
              <span className={`status status-${a.status}`}>{t(`reports.status.${a.status}`)}</span>
              <p>{a.comments[section]}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {earlier.length > 0 ? (
        <details className="review-comments-history">
          <summary>{t("reports.earlierComments")}</summary>
          <ul aria-label={t("reports.earlierComments")}>
            {earlier.map((a) => (
              <li key={a.id}>
                <strong>{a.bodyName}</strong>
                <p>{a.comments[section]}</p>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function SectionFrame({ section, addressees, error, nothing, children }: SectionFrameProps) {
  const { t } = useTranslation();
  return (
    <section
      className={error ? "report-section report-section-invalid" : "report-section"}
      aria-labelledby={`section-${section}`}
    >
      <h2 id={`section-${section}`}>{t(`reports.sections.${section}`)}</h2>
      <SectionComments section={section} addressees={addressees} />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {nothing ? (
        <label className="check">
          <input
            type="checkbox"
            checked={nothing.checked}
            disabled={nothing.disabled}
            onChange={(e) => nothing.onChange(e.target.checked)}
          />
          <span>{t("reports.nothingToReport")}</span>
        </label>
      ) : null}
      {children}
    </section>
  );
}
