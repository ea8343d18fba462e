// Editing a place of detention's own facts (name, operator, kind, capacity, open or closed) with If-Match; shown to
// those who may change places of detention (the `occupancy` policy resource). Its district is not changed here.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  FACILITY_KINDS,
  PLACE_OPERATORS,
  type Place,
  type PlaceOfDetentionPatch,
} from "../../modules/places/places.schema";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";

type Draft = { name: string; operator: string; facilityKind: string; capacity: string; isOpen: boolean };

const toDraft = (p: Place): Draft => ({
  name: p.name,
  operator: p.operator ?? "",
  facilityKind: p.facilityKind ?? "",
  capacity: p.capacity === null ? "" : String(p.capacity),
  isOpen: p.isOpen,
});

export function PlaceEditForm({
  place,
  onSaved,
  onStale,
}: {
  place: Place;
  onSaved(place: Place): void;
  /** After a 412: reload the place, so its facts show the other change and a second save goes at its version. */
  onStale(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => toDraft(place));
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // The form exists only while open: closed, its fields (Capacity…) would stand beside the figure form's of that name.
  const [open, setOpen] = useState(false);
  const errors = failure instanceof ApiError ? failure.fieldErrors : [];
  const errorAt = (path: string) => errors.find((f) => f.path === path)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    // Anything not a number goes as typed, for the server to refuse on the capacity field.
    const typed = draft.capacity.trim();
    const capacity = typed === "" ? null : Number.isFinite(Number(typed)) ? Number(typed) : typed;
    const patch = {
      name: draft.name,
      ...(draft.operator ? { operator: draft.operator } : {}),
      ...(draft.facilityKind ? { facilityKind: draft.facilityKind } : {}),
      capacity,
      isOpen: draft.isOpen,
    } as PlaceOfDetentionPatch;
    try {
      const updated = await unwrap(
        client.api.places[":id"].$patch({
          param: { id: place.id },
          header: ifMatch(place.version),
          json: patch,
        }),
      );
      setDraft(toDraft(updated));
      setSaved(true);
      onSaved(updated);
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError && error.status === 412) onStale();
    }
  }

  return (
    <details className="place-edit-form" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("monitoring.placePage.edit.open")}</summary>
      {open ? (
        <form className="form" onSubmit={submit} noValidate aria-label={t("monitoring.placePage.edit.open")}>
          <div className="occupancy-figure-form">
            <Field label={t("monitoring.occupancy.newPlace.name")} required error={errorAt("name")}>
              {(p) => (
                <input
                  {...p}
                  value={draft.name}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                />
              )}
            </Field>
            <Field label={t("monitoring.occupancy.newPlace.operator")} required error={errorAt("operator")}>
              {(p) => (
                <select
                  {...p}
                  value={draft.operator}
                  onChange={(e) => setDraft({ ...draft, operator: e.target.value })}
                >
                  {draft.operator ? null : (
                    <option value="">{t("monitoring.occupancy.newPlace.choose")}</option>
                  )}
                  {PLACE_OPERATORS.map((o) => (
                    <option key={o} value={o}>
                      {t(`monitoring.occupancy.operators.${o}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t("monitoring.occupancy.newPlace.facilityKind")}
              required
              error={errorAt("facilityKind")}
            >
              {(p) => (
                <select
                  {...p}
                  value={draft.facilityKind}
                  onChange={(e) => setDraft({ ...draft, facilityKind: e.target.value })}
                >
                  {draft.facilityKind ? null : (
                    <option value="">{t("monitoring.occupancy.newPlace.choose")}</option>
                  )}
                  {FACILITY_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`monitoring.occupancy.facilityKinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("monitoring.occupancy.newPlace.capacity")} error={errorAt("capacity")}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={draft.capacity}
                  onChange={(e) => setDraft({ ...draft, capacity: e.target.value })}
                />
              )}
            </Field>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.isOpen}
              onChange={(e) => setDraft({ ...draft, isOpen: e.target.checked })}
            />{" "}
            {t("monitoring.placePage.edit.isOpen")}
          </label>
          <FormFailure failure={failure} staleText={t("monitoring.placePage.edit.stale")} />
          {saved ? (
            <p className="alert alert-success" role="status">
              {t("monitoring.placePage.edit.saved")}
            </p>
          ) : null}
          <button type="submit" className="button button-primary">
            {t("monitoring.placePage.edit.save")}
          </button>
        </form>
      ) : null}
    </details>
  );
}
