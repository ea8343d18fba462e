// Sections of the programme form: donors with their funding, and the places (districts, and others kept from imports).
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../ui/Field";
import type { EditForm } from "../ui/useEditForm";
import { type DonorDraft, newDonor, type ProgrammeDraft } from "./useProgrammeForm";

type SectionProps = {
  form: EditForm<ProgrammeDraft>;
  err(path: string, under?: boolean): string | undefined;
};

export function ProgrammeDonorsSection({ form, err, orgOptions }: SectionProps & { orgOptions: ReactNode }) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  const setDonor = (key: number, patch: Partial<DonorDraft>) =>
    setDraft((d) => ({ ...d, donors: d.donors.map((x) => (x.key === key ? { ...x, ...patch } : x)) }));
  return (
    <fieldset>
      <legend>{t("programmes.fields.donors")}</legend>
      {draft.donors.map((d, i) => (
        <div className="form-row donor-row" key={d.key} data-testid="donor-row">
          <Field label={t("programmes.fields.donor")} error={err(`donors.${i}.organisationId`)}>
            {(p) => (
              <select
                {...p}
                value={d.organisationId}
                onChange={(e) => setDonor(d.key, { organisationId: e.target.value })}
              >
                <option value="">—</option>
                {orgOptions}
              </select>
            )}
          </Field>
          <Field label={t("programmes.fields.amount")} error={err(`donors.${i}.amount`)}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={d.amount}
                onChange={(e) => setDonor(d.key, { amount: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("programmes.fields.currency")} error={err(`donors.${i}.currency`)}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                maxLength={3}
                value={d.currency}
                onChange={(e) => setDonor(d.key, { currency: e.target.value })}
              />
            )}
          </Field>
          <button
            type="button"
            className="link-button"
            aria-label={t("programmes.editing.removeDonor", { n: i + 1 })}
            onClick={() => setDraft((x) => ({ ...x, donors: x.donors.filter((o) => o.key !== d.key) }))}
          >
            {t("common.remove")}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => setDraft((x) => ({ ...x, donors: [...x.donors, newDonor()] }))}
      >
        {t("programmes.editing.addDonor")}
      </button>
    </fieldset>
  );
}

export function ProgrammePlacesSection({
  form,
  err,
  districts,
}: SectionProps & { districts: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const { draft, setDraft } = form;
  return (
    <>
      <Field label={t("programmes.fields.districts")} error={err("placeIds", true)}>
        {(p) => (
          <select
            {...p}
            multiple
            size={5}
            value={draft.districtIds}
            onChange={(e) =>
              setDraft((d) => ({ ...d, districtIds: [...e.target.selectedOptions].map((o) => o.value) }))
            }
          >
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.otherPlaces.length > 0 ? (
        <fieldset>
          <legend>{t("programmes.editing.otherPlaces")}</legend>
          <div className="chips">
            {draft.otherPlaces.map((x) => (
              <span key={x.id} className="chip">
                {x.name}
                <button
                  type="button"
                  aria-label={`${t("common.remove")} ${x.name}`}
                  onClick={() =>
                    setDraft((d) => ({ ...d, otherPlaces: d.otherPlaces.filter((o) => o.id !== x.id) }))
                  }
                >
                  ×
                </button>
              </span>
            ))}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}
