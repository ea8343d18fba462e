// Records an event (a school talk, a training…) with its participants by category and sex, or edits one (dates,
// places, organisers, participants); it feeds linked indicators, which follow every change.
import { useTranslation } from "react-i18next";
import {
  EVENT_KINDS,
  type ProgrammeDetail,
  type ProgrammeEvent,
} from "../../modules/programmes/programmes.schema";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { Field } from "../ui/Field";
import { EventParticipantsSection, EventPlacesSection } from "./EventFormSections";
import { programmeFieldError } from "./ProgrammeBits";
import { eligibleIndicators, useEventForm } from "./useEventForm";

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
  const form = useEventForm(programme, event, onSaved);
  const { draft, setDraft, set } = form;
  const eligible = eligibleIndicators(programme);
  const err = (path: string) => {
    const e = form.fieldError(path);
    return e ? programmeFieldError(t, e) : undefined;
  };
  const heading = event ? t("programmes.editing.editEvent") : t("programmes.recordEvent");

  return (
    <form className="form form-inline-card" onSubmit={form.submit} noValidate aria-label={heading}>
      <h3>{heading}</h3>
      <FormFailure failure={form.failure} />
      <div className="form-row">
        <Field label={t("programmes.fields.eventKind")} error={err("kind")} required>
          {(p) => (
            <select {...p} value={draft.kind} onChange={set("kind")}>
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`programmes.eventKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.date")} error={err("startDate")} required>
          {(p) => <input {...p} type="date" value={draft.startDate} onChange={set("startDate")} />}
        </Field>
      </div>
      <Field label={t("programmes.editing.endDate")} error={err("endDate")}>
        {(p) => <input {...p} type="date" value={draft.endDate} onChange={set("endDate")} />}
      </Field>
      {event && !event.dateReported ? (
        <label className="check">
          <input
            type="checkbox"
            checked={!draft.dateReported}
            onChange={(e) => setDraft((d) => ({ ...d, dateReported: !e.target.checked }))}
          />{" "}
          {t("programmes.dateNotReported.keep")}
        </label>
      ) : null}
      <Field label={t("programmes.fields.eventTitle")} error={err("title")} required>
        {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
      </Field>
      <EventPlacesSection form={form} err={err} programme={programme} />
      <EventParticipantsSection form={form} err={err} />
      <Field
        label={t("programmes.fields.reachNote")}
        hint={t("programmes.reachNoteHint")}
        error={err("reachNote")}
      >
        {(p) => <input {...p} value={draft.reachNote} onChange={set("reachNote")} />}
      </Field>
      {eligible.length > 0 ? (
        <fieldset>
          <legend>{t("programmes.feedsIndicators")}</legend>
          {eligible.map((i, n) => (
            <label key={i.id} className="check">
              <input
                type="checkbox"
                checked={draft.indicatorIds.includes(i.id)}
                onChange={(e) =>
                  setDraft((d) => ({
                    ...d,
                    indicatorIds: e.target.checked
                      ? [...d.indicatorIds, i.id]
                      : d.indicatorIds.filter((x) => x !== i.id),
                  }))
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
          checked={draft.repeatAudience}
          onChange={(e) => setDraft((d) => ({ ...d, repeatAudience: e.target.checked }))}
        />
        {t("programmes.repeatAudience")}
      </label>
      <p className="muted rule">{t("programmes.doubleCountingRule")}</p>
      <EditConflict
        conflict={form.conflict}
        choose={form.choose}
        changesTitle={t("programmes.editing.othersChanges")}
        fieldLabel={(field) => t(`programmes.fields.${field}`, { defaultValue: field })}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.saving}>
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
