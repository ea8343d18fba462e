// Review for one body: return with comments per section, accept, or reopen an accepted report with a reason.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  Addressee,
  SectionComments,
  SectionKey,
  Submission,
} from "../../modules/reporting/reporting.schema";
import { ApiError, client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

type ReviewPanelProps = {
  submission: Submission;
  addressee: Addressee;
  sections: readonly SectionKey[];
  onReviewed(saved: Submission, what: "return" | "accept" | "reopen"): void;
};

export function ReviewPanel({ submission, addressee, sections, onReviewed }: ReviewPanelProps) {
  const { t } = useTranslation();
  const [comments, setComments] = useState<SectionComments>({});
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const id = submission.id;
  const bodyId = addressee.bodyId;
  const submittedVersion = Math.max(0, ...submission.versions.map((v) => v.number)) || undefined;
  const waiting = addressee.status === "submitted" || addressee.status === "resubmitted";

  const run = async (what: "return" | "accept" | "reopen") => {
    setWorking(true);
    setFailure(null);
    try {
      const filled = Object.fromEntries(Object.entries(comments).filter(([, v]) => v?.trim()));
      const saved =
        what === "reopen"
          ? await unwrap(
              client.api.submissions[":id"].reopen.$post({ param: { id }, json: { bodyId, reason } }),
            )
          : await unwrap(
              client.api.submissions[":id"][what].$post({
                param: { id },
                json: { bodyId, comments: filled, ...(submittedVersion ? { submittedVersion } : {}) },
              }),
            );
      onReviewed(saved, what);
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  const reasonError =
    failure instanceof ApiError ? failure.fieldErrors.find((e) => e.path === "reason") : undefined;

  return (
    <section className="review-panel card" aria-label={t("reports.reviewFor", { body: addressee.bodyName })}>
      <h2>{t("reports.reviewFor", { body: addressee.bodyName })}</h2>
      <p>
        <span className={`status status-${addressee.status}`}>{t(`reports.status.${addressee.status}`)}</span>
      </p>
      {waiting ? (
        <>
          <p className="muted">{t("reports.reviewIntro")}</p>
          {[...sections, "general" as const].map((section) => (
            <Field
              key={section}
              label={t("reports.commentOn", { section: t(`reports.sections.${section}`) })}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={comments[section] ?? ""}
                  onChange={(e) => setComments((c) => ({ ...c, [section]: e.target.value }))}
                />
              )}
            </Field>
          ))}
          <FormFailure failure={failure} />
          <div className="form-actions">
            <button type="button" className="button" disabled={working} onClick={() => void run("return")}>
              {t("reports.returnWithComments")}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={working}
              onClick={() => void run("accept")}
            >
              {t("reports.accept")}
            </button>
          </div>
        </>
      ) : null}
      {addressee.status === "accepted" ? (
        <>
          <Field
            label={t("reports.reopenReason")}
            error={reasonError ? fieldErrorText(t, reasonError) : undefined}
          >
            {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <FormFailure failure={reasonError ? null : failure} />
          <div className="form-actions">
            <button type="button" className="button" disabled={working} onClick={() => void run("reopen")}>
              {t("reports.reopen")}
            </button>
          </div>
        </>
      ) : null}
      {addressee.status === "draft" || addressee.status === "returned" ? (
        <p className="muted">{t("reports.waitingForOrganisation")}</p>
      ) : null}
    </section>
  );
}
