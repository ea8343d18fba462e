// Records an event (a school talk, a training…) with its participants by category and sex, or edits one (dates,
// places, organisers, participants); it feeds linked indicators, which follow every change.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  EVENT_KINDS,
  type EventKind,
  PARTICIPANT_CATEGORIES,
  type ParticipantCategory,
  type ProgrammeDetail,
  type ProgrammeEvent,
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

export function EventForm({
  programme,
  event,
  onSaved,
  onCancel,
}: {
  programme: ProgrammeDetail;
  /** The event to edit; none to record a new one. */
  event?: ProgrammeEvent;
  onSaved(): void;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  const eligible = programme.indicators.filter((i) => i.unit === "people" || i.unit === "events");
  const [kind, setKind] = useState<EventKind>(event?.kind ?? "school_talk");
  const [title, setTitle] = useState(event?.title ?? "");
  const [startDate, setStartDate] = useState(event?.startDate ?? "");
  const [endDate, setEndDate] = useState(event?.endDate ?? "");
  /** An event whose report gave no date keeps saying so until its user enters the real date. */
  const [dateReported, setDateReported] = useState(event?.dateReported ?? true);
  const [placeId, setPlaceId] = useState(event?.places[0]?.id ?? "");
  /** Places after the first (from an import or the API): kept unless removed. */
  const [otherPlaces, setOtherPlaces] = useState(event?.places.slice(1) ?? []);
  const [organiserIds, setOrganiserIds] = useState<string[]>(event?.organisers.map((o) => o.id) ?? []);
  const [activityId, setActivityId] = useState(event?.activityId ?? "");
  const [indicatorIds, setIndicatorIds] = useState<string[]>(
    event?.indicatorIds ?? eligible.map((i) => i.id),
  );
  const [rows, setRows] = useState<Row[]>(() =>
    event
      ? event.participants.map((p) => ({ ...newRow(p.category), sex: p.sex, count: String(p.count) }))
      : [newRow("students")],
  );
  const [reachNote, setReachNote] = useState(event?.reachNote ?? "");
  const [repeatAudience, setRepeatAudience] = useState(event?.repeatAudience ?? false);
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
    const json = {
      kind,
      title,
      startDate,
      endDate: endDate || null,
      dateReported,
      placeIds: [...(placeId ? [placeId] : []), ...otherPlaces.map((x) => x.id).filter((x) => x !== placeId)],
      organiserIds,
      activityId: activityId || null,
      indicatorIds,
      // An empty count is no row; a typed number (even a wrong one) goes to the server to be checked.
      participants: rows
        .filter((r) => r.count.trim() !== "")
        .map((r) => ({ category: r.category, sex: r.sex, count: Number(r.count) })),
      reachNote: reachNote || null,
      repeatAudience,
    };
    try {
      if (event)
        await unwrap(
          client.api.programmes[":id"].events[":eventId"].$patch({
            param: { id: programme.id, eventId: event.id },
            json,
          }),
        );
      else {
        await unwrap(client.api.programmes[":id"].events.$post({ param: { id: programme.id }, json }));
        setTitle("");
        setRows([newRow("students")]);
        setReachNote("");
      }
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
      aria-label={event ? t("programmes.editing.editEvent") : t("programmes.recordEvent")}
    >
      <h3>{event ? t("programmes.editing.editEvent") : t("programmes.recordEvent")}</h3>
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
      <Field label={t("programmes.editing.endDate")} error={err("endDate")}>
        {(p) => <input {...p} type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} />}
      </Field>
      {event && !event.dateReported ? (
        <label className="check">
          <input
            type="checkbox"
            checked={!dateReported}
            onChange={(e) => setDateReported(!e.target.checked)}
          />{" "}
          {t("programmes.dateNotReported.keep")}
        </label>
      ) : null}
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
      {otherPlaces.length > 0 ? (
        <fieldset>
          <legend>{t("programmes.editing.otherPlaces")}</legend>
          <div className="chips">
            {otherPlaces.map((x) => (
              <span key={x.id} className="chip">
                {x.name}
                <button
                  type="button"
                  aria-label={`${t("common.remove")} ${x.name}`}
                  onClick={() => setOtherPlaces((all) => all.filter((o) => o.id !== x.id))}
                >
                  ×
                </button>
              </span>
            ))}
          </div>
        </fieldset>
      ) : null}
      <Field label={t("programmes.editing.organisers")} error={err("organiserIds.0")}>
        {(p) => (
          <select
            {...p}
            multiple
            size={3}
            value={organiserIds}
            onChange={(e) => setOrganiserIds([...e.target.selectedOptions].map((o) => o.value))}
          >
            {organisations.data?.items.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
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
            <button
              type="button"
              className="link-button"
              onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}
            >
              {t("programmes.editing.removeRow")}
            </button>
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
          {event ? t("common.save") : t("programmes.saveEvent")}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
