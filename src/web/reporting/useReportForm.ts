// The report form: a draft of the sections, "save draft" (PATCH with If-Match) and "submit" (save, then POST submit
// with the new version); missing sections and dates outside the period are named before anything is sent.
// The draft is kept on the device as the user types; offline, a save or submit waits there for the connection and
// goes with the version the draft began from (decision 018).
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { emptyContent, type Submission } from "../../modules/reporting/reporting.schema";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { removeDeviceValue, writeDeviceValue } from "../device-store";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import {
  type DeviceDraft,
  deviceDraftKey,
  deviceDraftOf,
  draftChanged,
  type PendingSend,
} from "./device-draft";
import { checkDraft, contentOf, draftOf, type ReportDraft } from "./report-draft";
import type { ReportChoices } from "./useReportChoices";

/** What the device holds of this report: nothing beyond the server's, the user's changes, or changes waiting to go. */
export type DeviceState = "none" | "kept" | PendingSend;

/** How long typing pauses before the draft is written to the device. */
const KEEP_AFTER_MS = 400;

export function useReportForm(
  submission: Submission,
  kept: DeviceDraft | null,
  userId: string,
  choices: ReportChoices,
  onSaved: (saved: Submission, submitted: boolean) => void,
) {
  const { t } = useTranslation();
  const intent = useRef<PendingSend>("save");
  const sent = useRef(false);
  const [pending, setPending] = useState<PendingSend | null>(kept?.pending ?? null);
  const [online, setOnline] = useState(() => navigator.onLine);
  const { id } = submission;
  const key = deviceDraftKey(userId, id);
  // Lists compare as the API sees them (without the items' React keys).
  const summary = (field: keyof ReportDraft) => (d: ReportDraft) => {
    const value = d[field];
    return typeof value === "string" ? value : JSON.stringify(contentOf(d)[field]);
  };
  // What a 412 shows of a list section: each item in words (places by name), not its ids.
  const lists = {
    activities: (d: ReportDraft) =>
      contentOf(d).activities.map(
        (a) =>
          `${a.description} — ${choices.placeName(a.placeId)}${
            Number.isFinite(a.peopleReached)
              ? `, ${t("reports.peopleReachedN", { count: a.peopleReached })}`
              : ""
          }`,
      ),
    hindrances: (d: ReportDraft) =>
      contentOf(d).hindrances.map(
        (h) => `${t(`reports.hindranceKinds.${h.kind}`)}: ${h.description} — ${choices.placeName(h.placeId)}`,
      ),
    indicators: (d: ReportDraft) =>
      contentOf(d).indicators.map((i) => `${i.value}${i.note ? ` (${i.note})` : ""}`),
  };
  const fields: ConflictField<ReportDraft>[] = (
    ["narrative", "activities", "indicators", "hindrances", "challenges", "plans"] as const
  ).map((field) => ({
    key: field,
    label: t(`reports.sections.${field}`),
    show: summary(field),
    ...(field === "activities" || field === "hindrances" || field === "indicators"
      ? { display: (d: ReportDraft) => lists[field](d).join("; ") }
      : {}),
  }));
  /**
   * The PATCH. On a 412 whose server copy already holds exactly this content, that copy: an earlier send of the same
   * draft landed but its answer never came back (a 3G link dropping mid-answer; the draft then waited and went
   * again), so there is nothing to compare or merge — the form goes on from it (and a submit that also landed is done).
   */
  const patchContent = async (
    content: ReturnType<typeof contentOf>,
    version: number,
  ): Promise<Submission> => {
    try {
      return await unwrap(
        client.api.submissions[":id"].$patch({ param: { id }, header: ifMatch(version), json: { content } }),
      );
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 412) throw error;
      const current = await unwrap(client.api.submissions[":id"].$get({ param: { id } }));
      const same = JSON.stringify(contentOf(draftOf(current.content))) === JSON.stringify(content);
      if (same) return current;
      throw error;
    }
  };
  const form = useEditForm<Submission, ReportDraft, Submission>({
    // A draft kept on the device began from an older version: that version is the record the form edits.
    record: kept ? { ...submission, version: kept.baseVersion, content: contentOf(kept.base) } : submission,
    initialDraft: kept?.draft,
    load: () => unwrap(client.api.submissions[":id"].$get({ param: { id } })),
    empty: () => draftOf(emptyContent()),
    toDraft: (s) => draftOf(s.content),
    versionOf: (s) => s.version,
    fields,
    validate: (draft) => checkDraft(draft, submission, intent.current === "submit"),
    save: async (draft, version) => {
      let saved: Submission | null = null;
      try {
        saved = await patchContent(contentOf(draft), version ?? submission.version);
        const done =
          intent.current === "submit" && (saved.status === "draft" || saved.status === "returned")
            ? await unwrap(
                client.api.submissions[":id"].submit.$post({ param: { id }, header: ifMatch(saved.version) }),
              )
            : saved;
        setPending(null);
        return done;
      } catch (error) {
        // Saved, then the submit failed: the form goes on from the saved version, or its next save would be a 412.
        if (saved) form.rebase(saved);
        // No answer at all (the connection dropped): it waits on the device; any answer ends the wait.
        setPending(error instanceof ApiError ? null : intent.current);
        throw error;
      }
    },
    onSaved: (saved) => {
      // Sent: nothing of this form is written to the device again (the page opens the next version's form).
      sent.current = true;
      void removeDeviceValue(key).catch(() => undefined);
      onSaved(saved, intent.current === "submit");
      return undefined;
    },
  });

  const send = (what: PendingSend) => {
    intent.current = what;
    return form.submit();
  };
  /** Offline: checked here, then kept on the device to go when the connection returns. */
  const sendOrWait = (what: PendingSend) => {
    if (navigator.onLine) return send(what);
    if (checkDraft(form.draft, submission, what === "submit").length > 0) return send(what);
    setPending(what);
    return Promise.resolve();
  };

  const { draft, version, base } = form;
  const changed = draftChanged(draft, base);
  // What the device is known to hold: said to the user only once written.
  const [stored, setStored] = useState<DeviceState>(kept ? (kept.pending ?? "kept") : "none");
  const lastPending = useRef(pending);
  // Written as the user types (after a pause), at once when a send is left waiting; removed once nothing differs
  // from the server's and nothing waits.
  useEffect(() => {
    const keep = () => {
      if (sent.current) return;
      const next: DeviceState = pending ?? (changed ? "kept" : "none");
      const write =
        next === "none"
          ? removeDeviceValue(key)
          : writeDeviceValue(
              key,
              deviceDraftOf(userId, id, version ?? submission.version, base, draft, pending),
            );
      write.then(
        () => setStored(next),
        () => undefined,
      );
    };
    // A send left waiting, or the wait ended (sent, refused, a 412): written at once, not after the typing pause.
    if (pending !== lastPending.current) {
      lastPending.current = pending;
      return keep();
    }
    const timer = setTimeout(keep, KEEP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key, userId, id, draft, base, version, pending, changed, submission.version]);

  // The connection back: what waits is sent (also when the page opens online with something waiting).
  const waiting = useRef(pending);
  waiting.current = pending;
  const sendRef = useRef(send);
  sendRef.current = send;
  // One waiting send at a time: two "online" events close together must not send the same draft twice.
  const sendingWaiting = useRef(false);
  useEffect(() => {
    const sendWaiting = () => {
      const what = waiting.current;
      if (!what || sendingWaiting.current) return;
      sendingWaiting.current = true;
      void Promise.resolve(sendRef.current(what))
        .catch(() => undefined)
        .finally(() => {
          sendingWaiting.current = false;
        });
    };
    const wentOnline = () => {
      setOnline(true);
      sendWaiting();
    };
    const wentOffline = () => setOnline(false);
    window.addEventListener("online", wentOnline);
    window.addEventListener("offline", wentOffline);
    if (navigator.onLine) sendWaiting();
    return () => {
      window.removeEventListener("online", wentOnline);
      window.removeEventListener("offline", wentOffline);
    };
  }, []);

  return {
    form,
    online,
    device: stored,
    saveDraft: () => sendOrWait("save"),
    submitReport: () => sendOrWait("submit"),
  };
}
