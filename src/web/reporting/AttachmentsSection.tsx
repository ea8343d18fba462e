// A report's attachments: listed and downloaded by every reader; attached and removed by its organisation's staff
// while the report may be edited (a draft, or returned by a body).
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Attachment, Submission } from "../../modules/reporting/reporting.schema";
import { MAX_UPLOAD_BYTES } from "../../shared/uploaded-file-types";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { formatFileSize, postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { useUiLocale } from "../ui/locale";
import { SectionComments } from "./SectionFrame";

type Props = { submission: Submission; onChanged(reloaded: Submission): void };

const SIZE_MB = MAX_UPLOAD_BYTES / (1024 * 1024);

export function AttachmentsSection({ submission, onChanged }: Props) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { id } = submission;
  const editing = submission.canEdit && submission.editable;
  const reload = async () => onChanged(await unwrap(client.api.submissions[":id"].$get({ param: { id } })));
  const remove = async (a: Attachment) => {
    if (!window.confirm(t("reports.attachments.confirmRemove", { name: a.fileName }))) return;
    setError(null);
    try {
      await expectOk(
        client.api.submissions[":id"].attachments[":attachmentId"].$delete({
          param: { id, attachmentId: a.id },
          header: ifMatch(a.version),
        }),
      );
      await reload();
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    // Checked here too so a large file is not sent for nothing; the server checks again.
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(t("reports.attachments.tooLarge", { size: SIZE_MB }));
      return;
    }
    const form = new FormData();
    form.set("file", file);
    setBusy(true);
    try {
      await expectOk(postFile(`/api/submissions/${id}/attachments`, form));
      setFile(null);
      setInputKey((k) => k + 1);
      await reload();
    } catch (e) {
      setError(uploadErrorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="report-section" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("reports.sections.attachments")}</h2>
      <SectionComments section="attachments" addressees={submission.addressees} />
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {submission.attachments.length === 0 ? (
        <p className="muted">{t("reports.attachments.none")}</p>
      ) : (
        <ul className="plain-list" data-testid="attachments">
          {submission.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/submissions/${id}/attachments/${a.id}`} download={a.fileName}>
                {a.fileName}
              </a>{" "}
              <span className="muted">{formatFileSize(a.sizeBytes, locale)}</span>
              {editing ? (
                <>
                  {" "}
                  <button type="button" className="link-button" onClick={() => void remove(a)}>
                    {t("reports.attachments.remove", { name: a.fileName })}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <form className="form form-inline-card" onSubmit={(e) => void upload(e)}>
          <label>
            <span>{t("reports.attachments.intro", { size: SIZE_MB })}</span>
            <input
              key={inputKey}
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" className="button" disabled={!file || busy}>
            {busy ? t("reports.attachments.uploading") : t("reports.attachments.add")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The report as Word or PDF, in the language the reader uses. */
export function ReportDownloads({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  const lang = useUiLocale();
  return (
    <p className="report-downloads">
      {t("reports.export.download")}:{" "}
      <a href={`/api/submissions/${submission.id}/export.docx?lang=${lang}`} className="button">
        {t("reports.export.docx")}
      </a>{" "}
      <a href={`/api/submissions/${submission.id}/export.pdf?lang=${lang}`} className="button">
        {t("reports.export.pdf")}
      </a>
    </p>
  );
}

/** What the acceptance did with each indicator value: recorded, updated, or kept the officer's own value. */
export function ResultsFeedPanel({ submission }: { submission: Submission }) {
  const { t } = useTranslation();
  if (submission.resultsFeed.length === 0) return null;
  return (
    <section className="report-section" aria-labelledby="results-feed-title" data-testid="results-feed">
      <h2 id="results-feed-title">{t("reports.resultsFeed.title")}</h2>
      <p className="muted">{t("reports.resultsFeed.intro", { period: submission.period })}</p>
      <ul className="plain-list">
        {submission.resultsFeed.map((entry) => (
          <li key={entry.indicatorId} className={`feed-${entry.outcome}`}>
            <strong>{entry.indicatorTitle}</strong>: {entry.value} —{" "}
            {t(`reports.resultsFeed.outcome.${entry.outcome}`, {
              values: entry.existingValues.join(", "),
              reason: entry.reason ?? "",
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
