// A programme's events as a timeline: each edited in place or deleted; a form to record the next one.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProgrammeDetail, ProgrammeEvent } from "../../modules/programmes/programmes.schema";
import { formatDate } from "../../shared/dates";
import { client, expectOk, ifMatch } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { EventForm } from "./EventForm";
import { sayStoredText } from "./stored-texts";

export function ProgrammeEventsSection({
  programme: p,
  onChanged,
}: {
  programme: ProgrammeDetail;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [editingEvent, setEditingEvent] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const deleteEvent = async (event: ProgrammeEvent) => {
    setFailure(null);
    if (
      !window.confirm(
        t("programmes.editing.deleteEventConfirm", { title: event.title, count: event.participantTotal }),
      )
    )
      return;
    try {
      await expectOk(
        client.api.programmes[":id"].events[":eventId"].$delete({
          param: { id: p.id, eventId: event.id },
          header: ifMatch(event.version),
        }),
      );
      onChanged();
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <section>
      <h2>{t("programmes.eventsTitle")}</h2>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <ol className="timeline">
        {p.events.map((e) =>
          editingEvent === e.id ? (
            <li key={e.id} className="timeline-entry">
              <EventForm
                programme={p}
                event={e}
                onSaved={() => {
                  setEditingEvent(null);
                  onChanged();
                }}
                onCancel={() => setEditingEvent(null)}
              />
            </li>
          ) : (
            <EventEntry
              key={e.id}
              programme={p}
              event={e}
              onEdit={() => setEditingEvent(e.id)}
              onDelete={() => void deleteEvent(e)}
            />
          ),
        )}
      </ol>
      {p.canEdit ? <EventForm programme={p} onSaved={onChanged} /> : null}
    </section>
  );
}

function EventEntry({
  programme: p,
  event: e,
  onEdit,
  onDelete,
}: {
  programme: ProgrammeDetail;
  event: ProgrammeEvent;
  onEdit(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <li className="timeline-entry" data-testid="event-entry">
      <div className="card-meta">
        <span className="tag">{t(`programmes.eventKinds.${e.kind}`)}</span>
        <span className="muted">
          {e.dateReported ? formatDate(e.startDate, locale) : t("programmes.dateNotReported.label")}
        </span>
        {e.places.length > 0 ? <span>{e.places.map((x) => x.name).join(", ")}</span> : null}
      </div>
      <p className="timeline-text">
        {e.title} —{" "}
        {e.participants.length > 0
          ? t("programmes.participantTotal", { count: e.participantTotal })
          : e.reachNote
            ? sayStoredText(e.reachNote, t, locale)
            : t("programmes.notReported")}
        {e.repeatAudience ? <span className="muted"> ({t("programmes.repeatAudienceShort")})</span> : null}
      </p>
      {e.notes ? <p className="muted">{sayStoredText(e.notes, t, locale)}</p> : null}
      {p.canEdit ? (
        <p className="row-actions">
          <button
            type="button"
            className="link-button"
            aria-label={t("programmes.editing.editNamed", { name: e.title })}
            onClick={onEdit}
          >
            {t("programmes.edit")}
          </button>{" "}
          <button
            type="button"
            className="link-button danger"
            aria-label={t("programmes.editing.deleteNamed", { name: e.title })}
            onClick={onDelete}
          >
            {t("common.delete")}
          </button>
        </p>
      ) : null}
    </li>
  );
}
