// Registers a programme, or edits one (/programmes/:id/edit): title, lead, partners, donors with funding, period,
// status, places, themes, linked agreements, description. Edits send If-Match; a 412 shows what others changed.
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { PROGRAMME_STATUSES } from "../../modules/programmes/programmes.schema";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { LinkedAgreementPicker } from "./LinkedAgreementPicker";
import { programmeFieldError } from "./ProgrammeBits";
import { ProgrammeDonorsSection, ProgrammePlacesSection } from "./ProgrammeFormSections";
import { useProgrammeForm } from "./useProgrammeForm";

export function ProgrammeFormPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id } = useParams();
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const form = useProgrammeForm(id, {
    organisation: (x) => organisations.data?.items.find((o) => o.id === x)?.name ?? x,
    district: (x) => districts.data?.items.find((d) => d.id === x)?.name ?? x,
    theme: (code) => themeName(themes.data?.items, code, locale),
  });
  const { draft, setDraft, set } = form;
  const err = (path: string, under = false) => {
    const e = form.fieldError(path, under);
    return e ? programmeFieldError(t, e) : undefined;
  };
  const back = id ? `/programmes/${id}` : "/programmes";
  const orgOptions = organisations.data?.items.map((o) => (
    <option key={o.id} value={o.id}>
      {o.name}
    </option>
  ));

  return (
    <div className="page page-narrow">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("programmes.editing.editTitle") : t("programmes.new")}</h1>
      {form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
      {!form.loaded ? <p>{t("common.loading")}</p> : null}
      {form.loaded ? (
        <form className="form" onSubmit={form.submit} noValidate>
          <Field label={t("programmes.fields.title")} error={err("title")} required>
            {(p) => <input {...p} value={draft.title} onChange={set("title")} />}
          </Field>
          <Field label={t("programmes.fields.lead")} error={err("leadOrganisationId")} required>
            {(p) => (
              <select {...p} value={draft.leadOrganisationId} onChange={set("leadOrganisationId")}>
                <option value="">—</option>
                {orgOptions}
              </select>
            )}
          </Field>
          <div className="form-row">
            <Field label={t("programmes.fields.startDate")} error={err("startDate")} required>
              {(p) => <input {...p} type="date" value={draft.startDate} onChange={set("startDate")} />}
            </Field>
            <Field label={t("programmes.fields.endDate")} error={err("endDate")} required>
              {(p) => <input {...p} type="date" value={draft.endDate} onChange={set("endDate")} />}
            </Field>
          </div>
          <Field label={t("programmes.fields.status")} error={err("status")}>
            {(p) => (
              <select {...p} value={draft.status} onChange={set("status")}>
                {PROGRAMME_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`programmes.statuses.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("programmes.fields.partners")} error={err("partnerIds", true)}>
            {(p) => (
              <select
                {...p}
                multiple
                size={4}
                value={draft.partnerIds}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, partnerIds: [...e.target.selectedOptions].map((o) => o.value) }))
                }
              >
                {orgOptions}
              </select>
            )}
          </Field>
          <ProgrammeDonorsSection form={form} err={err} orgOptions={orgOptions} />
          <ProgrammePlacesSection form={form} err={err} districts={districts.data?.items ?? []} />
          <ThemeChecklist
            legend={t("programmes.fields.themes")}
            themes={themes.data?.items ?? []}
            selected={draft.themes}
            error={err("themes", true)}
            onChange={(codes) => setDraft((d) => ({ ...d, themes: codes }))}
          />
          <LinkedAgreementPicker
            agreements={draft.agreements}
            error={err("agreementIds", true)}
            onChange={(agreements) => setDraft((d) => ({ ...d, agreements }))}
          />
          {id ? null : (
            <Field label={t("programmes.fields.objective")} error={err("objective")}>
              {(p) => <textarea {...p} rows={3} value={draft.objective} onChange={set("objective")} />}
            </Field>
          )}
          <Field label={t("programmes.fields.description")} error={err("description")}>
            {(p) => <textarea {...p} rows={4} value={draft.description} onChange={set("description")} />}
          </Field>
          <FormFailure failure={form.failure} staleText={t("programmes.editing.staleEdit")} />
          <EditConflict
            conflict={form.conflict}
            choose={form.choose}
            changesTitle={t("programmes.editing.othersChanges")}
            fieldLabel={(field) => t(`programmes.fields.${field}`, { defaultValue: field })}
            formatValue={(field, value) =>
              field === "status" && typeof value === "string"
                ? t(`programmes.statuses.${value}`, { defaultValue: value })
                : undefined
            }
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.saving}>
              {form.saving ? t("common.working") : id ? t("common.save") : t("programmes.create")}
            </button>
            <Link to={back} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </form>
      ) : null}
    </div>
  );
}
