// What happened, when and where: the facts both the record form and the correction form ask, written once.
import { useTranslation } from "react-i18next";
import { INCIDENT_KINDS } from "../../modules/incidents/incidents.schema";
import { Field } from "../ui/Field";
import { ApproximateDateInput } from "./ApproximateDateInput";
import { IncidentPlaceFields } from "./IncidentPlaceFields";
import type { IncidentDraft } from "./incident-draft";

type Props = {
  draft: IncidentDraft;
  setDraft(update: (d: IncidentDraft) => IncidentDraft): void;
  err(path: string): string | undefined;
  /** A new incident starts with no kind chosen; a saved one always has one. */
  kindChosen: boolean;
};

export function IncidentFactsFields({ draft, setDraft, err, kindChosen }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("incidents.fields.kind")} required error={err("kind")}>
        {(p) => (
          <select
            {...p}
            value={draft.kind}
            onChange={(e) =>
              setDraft((d) => ({ ...d, kind: INCIDENT_KINDS.find((k) => k === e.target.value) ?? "" }))
            }
          >
            {kindChosen ? null : <option value="">{t("common.choose")}</option>}
            {INCIDENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`incidents.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t("incidents.fields.occurredOn")}
        hint={t("incidents.form.dateHint")}
        error={err("occurredOn")}
      >
        {(p) => (
          <ApproximateDateInput
            control={p}
            value={draft.occurredOn}
            onChange={(occurredOn) => setDraft((d) => ({ ...d, occurredOn }))}
          />
        )}
      </Field>
      <IncidentPlaceFields draft={draft} setDraft={setDraft} err={err} />
      <Field
        label={t("incidents.fields.description")}
        hint={t("incidents.form.descriptionHint")}
        required
        error={err("description")}
      >
        {(p) => (
          <textarea
            {...p}
            rows={6}
            value={draft.description}
            onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
          />
        )}
      </Field>
    </>
  );
}
