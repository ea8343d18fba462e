// Adding a place of detention that is not in the reference list (a police station's cells, a transit centre): name,
// district, operator, kind, capacity. Shown to those who record occupancy.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { FACILITY_KINDS, PLACE_OPERATORS } from "../../modules/places/places.schema";
import { ApiError, client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";

export function PlaceOfDetentionForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } as never })),
    [],
  );
  const [draft, setDraft] = useState({
    name: "",
    parentId: "",
    operator: "RNP",
    facilityKind: "police_station",
    capacity: "",
  });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFieldErrors({});
    setFailure(null);
    // Anything not a number goes as typed, for the server to refuse on the capacity field.
    const typed = draft.capacity.trim();
    const capacity = typed === "" ? null : Number.isFinite(Number(typed)) ? Number(typed) : typed;
    try {
      const place = await unwrap(client.api.places.$post({ json: { ...draft, capacity } as never }));
      navigate(`/monitoring/places/${place.id}`);
    } catch (error) {
      if (error instanceof ApiError)
        setFieldErrors(Object.fromEntries(error.fieldErrors.map((f) => [f.path, f.message])));
      setFailure(errorText(t, error));
    }
  }

  const sorted = [...(districts.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <details className="place-of-detention-form">
      <summary>{t("monitoring.occupancy.addPlaceLink")}</summary>
      <form onSubmit={submit} noValidate>
        <div className="occupancy-figure-form">
          <Field label={t("monitoring.occupancy.newPlace.name")} required error={fieldErrors.name}>
            {(p) => (
              <input
                {...p}
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("monitoring.occupancy.newPlace.district")} required error={fieldErrors.parentId}>
            {(p) => (
              <select
                {...p}
                value={draft.parentId}
                onChange={(e) => setDraft({ ...draft, parentId: e.target.value })}
              >
                <option value="">{t("monitoring.occupancy.newPlace.choose")}</option>
                {sorted.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("monitoring.occupancy.newPlace.operator")} required error={fieldErrors.operator}>
            {(p) => (
              <select
                {...p}
                value={draft.operator}
                onChange={(e) => setDraft({ ...draft, operator: e.target.value })}
              >
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
            error={fieldErrors.facilityKind}
          >
            {(p) => (
              <select
                {...p}
                value={draft.facilityKind}
                onChange={(e) => setDraft({ ...draft, facilityKind: e.target.value })}
              >
                {FACILITY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`monitoring.occupancy.facilityKinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("monitoring.occupancy.newPlace.capacity")} error={fieldErrors.capacity}>
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
        {failure ? (
          <p className="field-error" role="alert">
            {failure}
          </p>
        ) : null}
        <button type="submit" className="button button-primary">
          {t("monitoring.occupancy.newPlace.save")}
        </button>
      </form>
    </details>
  );
}
