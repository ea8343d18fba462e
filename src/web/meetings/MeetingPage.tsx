// One district meeting: its agenda (editable), the Word download in a chosen language, date, status, minutes,
// decisions and action items; read-only for partner staff whose organisation it names.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import {
  MEETING_LANGUAGES,
  MEETING_STATUSES,
  type Meeting,
  type MeetingStatus,
} from "../../modules/meetings/meetings.schema";
import { client, ifMatch, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { ActionItems } from "./ActionItems";
import { AgendaEditor } from "./AgendaEditor";

export function MeetingPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const loaded = useAsync(() => unwrap(client.api.meetings[":id"].$get({ param: { id } })), [id]);
  const [meeting, setMeeting] = useState<Meeting | undefined>(undefined);
  useEffect(() => setMeeting(loaded.data), [loaded.data]);

  if (loaded.error) {
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
        <Link to="/meetings">{t("meetings.page.back")}</Link>
      </div>
    );
  }
  if (!meeting) return <p className="page">{t("common.loading")}</p>;
  return (
    <div className="page meeting">
      <div className="page-head">
        <div>
          <p className="muted">
            <Link to={`/meetings?districtId=${meeting.districtId}`}>
              {t("meetings.titleFor", { district: meeting.districtName })}
            </Link>
            {meeting.previousMeetingId ? (
              <>
                {" · "}
                <Link to={`/meetings/${meeting.previousMeetingId}`}>{t("meetings.page.previous")}</Link>
              </>
            ) : null}
          </p>
          <h1>
            {meeting.bodyName ?? t(`meetings.bodyKind.${meeting.bodyKind}`)} · {meeting.quarter}
          </h1>
          <p className="muted">
            {t(`meetings.status.${meeting.status}`)}
            {meeting.meetingDate ? ` · ${meeting.meetingDate}` : ""}
          </p>
        </div>
        <AgendaDownload meetingId={meeting.id} />
      </div>
      {meeting.canEdit ? null : <p className="muted">{t("meetings.page.readOnly")}</p>}
      <section>
        <h2>{t("meetings.page.agenda")}</h2>
        <AgendaEditor key={meeting.version} meeting={meeting} onSaved={setMeeting} />
      </section>
      <section>
        <h2>{t("meetings.page.minutes")}</h2>
        <MinutesForm key={meeting.version} meeting={meeting} onSaved={setMeeting} />
      </section>
      <section>
        <h2>{t("meetings.page.actionItems")}</h2>
        <ActionItems meeting={meeting} onChanged={loaded.reload} />
      </section>
    </div>
  );
}

function AgendaDownload({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<string>(useUiLocale());
  return (
    <div className="actions">
      <Field label={t("meetings.export.language")}>
        {(props) => (
          <select {...props} value={lang} onChange={(e) => setLang(e.target.value)}>
            {MEETING_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <a className="button" href={`/api/meetings/${meetingId}/agenda.docx?lang=${lang}`} download>
        {t("meetings.export.download")}
      </a>
    </div>
  );
}

function MinutesForm({ meeting, onSaved }: { meeting: Meeting; onSaved(m: Meeting): void }) {
  const { t } = useTranslation();
  const [meetingDate, setMeetingDate] = useState(meeting.meetingDate ?? "");
  const [status, setStatus] = useState<MeetingStatus>(meeting.status);
  const [minutes, setMinutes] = useState(meeting.minutes);
  const [decisions, setDecisions] = useState<string[]>(meeting.decisions);
  const [error, setError] = useState<string | null>(null);
  const readOnly = !meeting.canEdit;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onSaved(
        await unwrap(
          client.api.meetings[":id"].$patch({
            param: { id: meeting.id },
            header: ifMatch(meeting.version),
            json: {
              meetingDate: meetingDate || null,
              status,
              minutes,
              decisions: decisions.map((d) => d.trim()).filter((d) => d !== ""),
            },
          }),
        ),
      );
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <form onSubmit={save}>
      <Field label={t("meetings.page.meetingDate")}>
        {(props) => (
          <DateInput control={props} disabled={readOnly} value={meetingDate} onChange={setMeetingDate} />
        )}
      </Field>
      <Field label={t("meetings.list.status")}>
        {(props) => (
          <select
            {...props}
            disabled={readOnly}
            value={status}
            onChange={(e) => setStatus(e.target.value as MeetingStatus)}
          >
            {MEETING_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`meetings.status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("meetings.page.minutes")}>
        {(props) => (
          <textarea
            {...props}
            rows={6}
            readOnly={readOnly}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>{t("meetings.page.decisions")}</legend>
        {decisions.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: decisions are plain texts edited in place, in order
          <Field key={i} label={t("meetings.page.decision", { n: i + 1 })}>
            {(props) => (
              <input
                {...props}
                readOnly={readOnly}
                value={d}
                onChange={(e) => setDecisions((all) => all.map((x, j) => (j === i ? e.target.value : x)))}
              />
            )}
          </Field>
        ))}
        {readOnly ? null : (
          <button type="button" className="button" onClick={() => setDecisions((all) => [...all, ""])}>
            {t("meetings.page.addDecision")}
          </button>
        )}
      </fieldset>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {readOnly ? null : (
        <button type="submit" className="button button-primary">
          {t("meetings.page.save")}
        </button>
      )}
    </form>
  );
}
