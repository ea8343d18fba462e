// Registers a programme: title, lead organisation, period, status, objective and description.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { PROGRAMME_STATUSES, type ProgrammeStatus } from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath, errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { programmeFieldError } from "./ProgrammeBits";

export function ProgrammeFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const organisations = useAsync(
    () => unwrap(client.api.organisations.$get({ query: { limit: "200" } })),
    [],
  );
  const locale = useUiLocale();
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const [partnerIds, setPartnerIds] = useState<string[]>([]);
  const [placeIds, setPlaceIds] = useState<string[]>([]);
  const [themeCodes, setThemeCodes] = useState<string[]>([]);
  const [donor, setDonor] = useState({ organisationId: "", amount: "", currency: "USD" });
  const [form, setForm] = useState({
    title: "",
    leadOrganisationId: "",
    startDate: "",
    endDate: "",
    status: "planned" as ProgrammeStatus,
    objective: "",
    description: "",
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setFailure(null);
    try {
      const created = await unwrap(
        client.api.programmes.$post({
          json: {
            ...form,
            objective: form.objective || undefined,
            description: form.description || null,
            partnerIds,
            placeIds,
            themes: themeCodes,
            donors: donor.organisationId
              ? [
                  {
                    organisationId: donor.organisationId,
                    amount: donor.amount.trim() === "" ? null : Number(donor.amount),
                    currency: donor.amount.trim() === "" ? null : donor.currency.trim().toUpperCase(),
                  },
                ]
              : [],
          },
        }),
      );
      navigate(`/programmes/${created.id}`);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(error);
    }
  };

  return (
    <div className="page page-narrow">
      <h1>{t("programmes.new")}</h1>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <Field label={t("programmes.fields.title")} error={err("title")} required>
          {(p) => <input {...p} value={form.title} onChange={set("title")} />}
        </Field>
        <Field label={t("programmes.fields.lead")} error={err("leadOrganisationId")} required>
          {(p) => (
            <select {...p} value={form.leadOrganisationId} onChange={set("leadOrganisationId")}>
              <option value="">—</option>
              {organisations.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-row">
          <Field label={t("programmes.fields.startDate")} error={err("startDate")} required>
            {(p) => <input {...p} type="date" value={form.startDate} onChange={set("startDate")} />}
          </Field>
          <Field label={t("programmes.fields.endDate")} error={err("endDate")} required>
            {(p) => <input {...p} type="date" value={form.endDate} onChange={set("endDate")} />}
          </Field>
        </div>
        <Field label={t("programmes.fields.status")} error={err("status")}>
          {(p) => (
            <select {...p} value={form.status} onChange={set("status")}>
              {PROGRAMME_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`programmes.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("programmes.fields.partners")} error={err("partnerIds")}>
          {(p) => (
            <select
              {...p}
              multiple
              size={4}
              value={partnerIds}
              onChange={(e) => setPartnerIds([...e.target.selectedOptions].map((o) => o.value))}
            >
              {organisations.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-row">
          <Field label={t("programmes.fields.donor")} error={err("donors.0.organisationId")}>
            {(p) => (
              <select
                {...p}
                value={donor.organisationId}
                onChange={(e) => setDonor((d) => ({ ...d, organisationId: e.target.value }))}
              >
                <option value="">—</option>
                {organisations.data?.items.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("programmes.fields.amount")} error={err("donors.0.amount")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={donor.amount}
                onChange={(e) => setDonor((d) => ({ ...d, amount: e.target.value }))}
              />
            )}
          </Field>
          <Field label={t("programmes.fields.currency")} error={err("donors.0.currency")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                maxLength={3}
                value={donor.currency}
                onChange={(e) => setDonor((d) => ({ ...d, currency: e.target.value }))}
              />
            )}
          </Field>
        </div>
        <Field label={t("programmes.fields.districts")} error={err("placeIds")}>
          {(p) => (
            <select
              {...p}
              multiple
              size={5}
              value={placeIds}
              onChange={(e) => setPlaceIds([...e.target.selectedOptions].map((o) => o.value))}
            >
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{t("programmes.fields.themes")}</legend>
          {themes.data?.items.map((th) => (
            <label key={th.code} className="check">
              <input
                type="checkbox"
                checked={themeCodes.includes(th.code)}
                onChange={(e) =>
                  setThemeCodes((codes) =>
                    e.target.checked ? [...codes, th.code] : codes.filter((c) => c !== th.code),
                  )
                }
              />
              {th.names[locale]}
            </label>
          ))}
        </fieldset>
        <Field label={t("programmes.fields.objective")} error={err("objective")}>
          {(p) => <textarea {...p} rows={3} value={form.objective} onChange={set("objective")} />}
        </Field>
        <Field label={t("programmes.fields.description")} error={err("description")}>
          {(p) => <textarea {...p} rows={4} value={form.description} onChange={set("description")} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("programmes.create")}
          </button>
        </div>
      </form>
    </div>
  );
}
