// Records an event (a school talk, a training…) with its participants by category and sex; it feeds linked indicators.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  EVENT_KINDS,
  type EventKind,
  PARTICIPANT_CATEGORIES,
  type ParticipantCategory,
  type ProgrammeDetail,
  SEXES,
  type Sex,
} from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { programmeFieldError } from "./ProgrammeBits";

/** A participants row; `key` keeps React's identity stable while rows are added. */
type Row = { key: number; category: ParticipantCategory; sex: Sex; count: string };
let nextRowKey = 0;
const newRow = (category: ParticipantCategory): Row => ({
  key: nextRowKey++,
  category,
  sex: "unknown",
  count: "",
});

export function EventForm({ programme, onSaved }: { programme: ProgrammeDetail; onSaved(): void }) {
  const { t } = useTranslation();
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const eligible = programme.indicators.filter((i) => i.unit === "people" || i.unit === "events");
  const [kind, setKind] = useState<EventKind>("school_talk");
  const [title, setTitle] = useState("");
  const [startDate, setStartDate] = useState("");
  const [placeId, setPlaceId] = useState("");
  const [activityId, setActivityId] = useState("");
  const [indicatorIds, setIndicatorIds] = useState<string[]>(eligible.map((i) => i.id));
  const [rows, setRows] = useState<Row[]>(() => [newRow("students")]);
  const [reachNote, setReachNote] = useState("");
  const [repeatAudience, setRepeatAudience] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  const total = rows.reduce((s, r) => s + (Number.parseInt(r.count, 10) || 0), 0);
  const setRow = (i: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setErrors([]);
    setFailure(null);
    try {
      await unwrap(
        client.api.programmes[":id"].events.$post({
          param: { id: programme.id },
          json: {
            kind,
            title,
            startDate,
            placeIds: placeId ? [placeId] : [],
            activityId: activityId || null,
            indicatorIds,
            // An empty count is no row; a typed number (even a wrong one) goes to the server to be checked.
            participants: rows
              .filter((r) => r.count.trim() !== "")
              .map((r) => ({ category: r.category, sex: r.sex, count: Number(r.count) })),
            reachNote: reachNote || null,
            repeatAudience,
          },
        }),
      );
      setTitle("");
      setRows([newRow("students")]);
      setReachNote("");
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="form form-inline-card"
      onSubmit={submit}
      noValidate
      aria-label={t("programmes.recordEvent")}
    >
      <h3>{t("programmes.recordEvent")}</h3>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <div className="form-row">
        <Field label={t("programmes.fields.eventKind")} error={err("kind")} required>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as EventKind)}>
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`programmes.eventKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.date")} error={err("startDate")} required>
          {(p) => (
            <input {...p} type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          )}
        </Field>
      </div>
      <Field label={t("programmes.fields.eventTitle")} error={err("title")} required>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <div className="form-row">
        <Field label={t("programmes.district")} error={err("placeIds.0")}>
          {(p) => (
            <select {...p} value={placeId} onChange={(e) => setPlaceId(e.target.value)}>
              <option value="">—</option>
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.activity")} error={err("activityId")}>
          {(p) => (
            <select {...p} value={activityId} onChange={(e) => setActivityId(e.target.value)}>
              <option value="">—</option>
              {programme.logframe
                .filter((i) => i.level === "activity")
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.text}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend>{t("programmes.participants")}</legend>
        {rows.map((r, i) => (
          <div className="form-row participant-row" key={r.key}>
            <Field label={t("programmes.category")} error={err(`participants.${i}`)}>
              {(p) => (
                <select
                  {...p}
                  value={r.category}
                  onChange={(e) => setRow(i, { category: e.target.value as ParticipantCategory })}
                >
                  {PARTICIPANT_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`programmes.categories.${c}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("programmes.sex")}>
              {(p) => (
                <select {...p} value={r.sex} onChange={(e) => setRow(i, { sex: e.target.value as Sex })}>
                  {SEXES.map((s) => (
                    <option key={s} value={s}>
                      {t(`programmes.sexes.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("programmes.count")} error={err(`participants.${i}.count`)}>
              {(p) => (
                <input
                  {...p}
                  className="input-short"
                  inputMode="numeric"
                  value={r.count}
                  onChange={(e) => setRow(i, { count: e.target.value })}
                />
              )}
            </Field>
          </div>
        ))}
        <button
          type="button"
          className="link-button"
          onClick={() => setRows((all) => [...all, newRow("other")])}
        >
          {t("programmes.addParticipantRow")}
        </button>
        <p className="muted">{t("programmes.participantTotal", { count: total })}</p>
      </fieldset>
      <Field
        label={t("programmes.fields.reachNote")}
        hint={t("programmes.reachNoteHint")}
        error={err("reachNote")}
      >
        {(p) => <input {...p} value={reachNote} onChange={(e) => setReachNote(e.target.value)} />}
      </Field>
      {eligible.length > 0 ? (
        <fieldset>
          <legend>{t("programmes.feedsIndicators")}</legend>
          {eligible.map((i, n) => (
            <label key={i.id} className="check">
              <input
                type="checkbox"
                checked={indicatorIds.includes(i.id)}
                onChange={(e) =>
                  setIndicatorIds((ids) =>
                    e.target.checked ? [...ids, i.id] : ids.filter((x) => x !== i.id),
                  )
                }
              />
              {i.title}
              {err(`indicatorIds.${n}`) ? (
                <span className="field-error"> {err(`indicatorIds.${n}`)}</span>
              ) : null}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="check">
        <input
          type="checkbox"
          checked={repeatAudience}
          onChange={(e) => setRepeatAudience(e.target.checked)}
        />
        {t("programmes.repeatAudience")}
      </label>
      <p className="muted rule">{t("programmes.doubleCountingRule")}</p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {t("programmes.saveEvent")}
        </button>
      </div>
    </form>
  );
}
