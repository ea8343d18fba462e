// One report: each body's status beside the sections (editable while a body has it as a draft or returned it),
// the review for the bodies the reader reviews for, and the submitted versions compared. A draft kept on this device
// (offline, or not yet sent) is read before the form opens, so the form starts from it.
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Submission } from "../../modules/reporting/reporting.schema";
import { client, unwrap } from "../api";
import { readDeviceValue } from "../device-store";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { AddresseesPanel } from "./AddresseesPanel";
import { type DeviceDraft, deviceDraftKey, readDeviceDraft } from "./device-draft";
import { ReportForm, sectionsOf } from "./ReportForm";
import { ReportView } from "./ReportView";
import { useReportChoices } from "./useReportChoices";
import "./reporting.css";

// The files of a report (downloads, attachments, results passed on), its earlier versions and the reviewers' panel
// (not the reporting organisation's) load after the form shows: the form stays within
// its size budget (decision 018); the service worker keeps this chunk with the shell all the same.
const AttachmentsSection = lazy(() =>
  import("./AttachmentsSection").then((m) => ({ default: m.AttachmentsSection })),
);
const ReportDownloads = lazy(() =>
  import("./AttachmentsSection").then((m) => ({ default: m.ReportDownloads })),
);
const ReviewPanel = lazy(() => import("./ReviewPanel").then((m) => ({ default: m.ReviewPanel })));
const VersionsSection = lazy(() => import("./VersionsSection").then((m) => ({ default: m.VersionsSection })));
const ResultsFeedPanel = lazy(() =>
  import("./AttachmentsSection").then((m) => ({ default: m.ResultsFeedPanel })),
);

type Notice = "saved" | "submitted" | "return" | "accept" | "reopen" | null;

export function ReportPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const userId = useMe().id;
  // undefined while reading the device; null when it holds nothing (or cannot be read: the form still opens).
  const [kept, setKept] = useState<DeviceDraft | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    unwrap(client.api.submissions[":id"].$get({ param: { id } })).then(
      (s) => current && setSubmission(s),
      (e: unknown) => current && setLoadError(e),
    );
    readDeviceValue(deviceDraftKey(userId, id)).then(
      (value) => current && setKept(readDeviceDraft(value, userId, id)),
      () => current && setKept(null),
    );
    return () => {
      current = false;
    };
  }, [id, userId]);
  const choices = useReportChoices(submission?.addressees.map((a) => a.bodyId) ?? []);

  if (loadError) {
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {errorText(t, loadError)}
        </p>
      </div>
    );
  }
  if (!submission || kept === undefined) return <p className="page">{t("common.loading")}</p>;
  const sections = sectionsOf(submission);
  const editing = submission.canEdit && submission.editable;
  const reviewable = submission.addressees.filter((a) => a.canReview);
  return (
    <div className="page page-narrow report-page">
      <p>
        <Link to="/reports">← {t("reports.title")}</Link>
      </p>
      <div className="page-head">
        <h1>
          {t("reports.reportTitle", { organisation: submission.organisationName, period: submission.period })}
        </h1>
        <span className={`status status-${submission.status}`} data-testid="report-status">
          {t(`reports.status.${submission.status}`)}
        </span>
      </div>
      {notice ? (
        <p className="alert alert-success" role="status">
          {t(`reports.notices.${notice}`)}
        </p>
      ) : null}
      <AddresseesPanel addressees={submission.addressees} />
      <Suspense fallback={null}>
        <ReportDownloads submission={submission} />
        <ResultsFeedPanel submission={submission} />
      </Suspense>
      {editing ? (
        <ReportForm
          key={submission.version}
          submission={submission}
          kept={kept}
          userId={userId}
          choices={choices}
          onConflict={() => setNotice(null)}
          onSaved={(saved, submitted) => {
            setKept(null);
            setSubmission(saved);
            setNotice(submitted ? "submitted" : "saved");
          }}
        />
      ) : (
        <>
          {submission.status === "accepted" ? <p className="muted">{t("reports.readOnlyAccepted")}</p> : null}
          {submission.canEdit && submission.status === "submitted" ? (
            <p className="muted">{t("reports.readOnlySubmitted")}</p>
          ) : null}
          <ReportView
            content={submission.content}
            sections={sections}
            addressees={submission.addressees}
            choices={choices}
          />
        </>
      )}
      {sections.includes("attachments") || submission.attachments.length > 0 ? (
        <Suspense fallback={null}>
          <AttachmentsSection submission={submission} onChanged={setSubmission} />
        </Suspense>
      ) : null}
      <Suspense fallback={null}>
        {reviewable.map((a) => (
          <ReviewPanel
            key={`${a.id}-${a.version}`}
            submission={submission}
            addressee={a}
            sections={sections}
            onReviewed={(saved, what) => {
              setSubmission(saved);
              setNotice(what);
            }}
          />
        ))}
      </Suspense>
      <Suspense fallback={null}>
        <VersionsSection
          key={submission.versions.length}
          submission={submission}
          sections={sections}
          choices={choices}
        />
      </Suspense>
    </div>
  );
}
