// Add a service provider, or change one's services, districts, contacts, capacity and whether it takes referrals.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  SERVICES,
  type Service,
  type ServiceProvider,
  ServiceProviderInputSchema,
  ServiceProviderPatchSchema,
} from "../../modules/incidents/incidents.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError } from "../api";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useDistricts } from "./IncidentBits";
import { incidentErrorText } from "./incident-errors";
import { providerRequests } from "./incident-requests";
import { type ChosenOrganisation, OrganisationChooser } from "./OrganisationChooser";

type Props = { provider?: ServiceProvider; onSaved(p: ServiceProvider): void; onCancel(): void };

export function ServiceProviderForm({ provider, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const districts = useDistricts();
  const [organisation, setOrganisation] = useState<ChosenOrganisation[]>([]);
  const [services, setServices] = useState<Service[]>(provider?.services ?? []);
  const [nationwide, setNationwide] = useState(provider?.nationwide ?? false);
  const [districtIds, setDistrictIds] = useState<string[]>(provider?.districts.map((d) => d.id) ?? []);
  const [contactEmail, setContactEmail] = useState(provider?.contactEmail ?? "");
  const [contactPhone, setContactPhone] = useState(provider?.contactPhone ?? "");
  const [capacity, setCapacity] = useState(provider?.capacity ?? "");
  const [acceptingReferrals, setAcceptingReferrals] = useState(provider?.acceptingReferrals ?? true);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return e ? incidentErrorText(t, e) : undefined;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const fields = {
      services,
      nationwide,
      districtIds: nationwide ? [] : districtIds,
      contactEmail: contactEmail.trim() || null,
      contactPhone: contactPhone.trim() || null,
      capacity: capacity.trim() || null,
      acceptingReferrals,
    };
    const parsed = provider
      ? ServiceProviderPatchSchema.safeParse(fields)
      : ServiceProviderInputSchema.safeParse({ ...fields, organisationId: organisation[0]?.id ?? "" });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      setFailure(new ApiError(422, "invalid"));
      return;
    }
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      const saved = provider
        ? await providerRequests.update(
            provider.id,
            provider.version,
            ServiceProviderPatchSchema.parse(fields),
          )
        : await providerRequests.create(
            ServiceProviderInputSchema.parse({ ...fields, organisationId: organisation[0]?.id }),
          );
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h2>{provider ? provider.organisationName : t("serviceProviders.add")}</h2>
      {provider ? null : (
        <OrganisationChooser
          single
          required
          label={t("serviceProviders.fields.organisation")}
          chosen={organisation}
          onChange={setOrganisation}
          error={err("organisationId")}
        />
      )}
      <fieldset>
        <legend>{t("serviceProviders.fields.services")} *</legend>
        {err("services") ? (
          <p className="field-error" role="alert">
            {err("services")}
          </p>
        ) : null}
        <div className="check-grid">
          {SERVICES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={services.includes(s)}
                onChange={(e) =>
                  setServices(SERVICES.filter((x) => (x === s ? e.target.checked : services.includes(x))))
                }
              />
              <span>{t(`serviceProviders.service.${s}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("serviceProviders.fields.districts")}</legend>
        <label className="check">
          <input type="checkbox" checked={nationwide} onChange={(e) => setNationwide(e.target.checked)} />
          <span>{t("serviceProviders.nationwide")}</span>
        </label>
        {nationwide ? null : (
          <div className="check-grid">
            {districts.data?.items.map((d) => (
              <label key={d.id} className="check">
                <input
                  type="checkbox"
                  checked={districtIds.includes(d.id)}
                  onChange={(e) =>
                    setDistrictIds((ids) =>
                      e.target.checked ? [...ids, d.id] : ids.filter((x) => x !== d.id),
                    )
                  }
                />
                <span>{d.name}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="form-row">
        <Field label={t("serviceProviders.fields.email")} error={err("contactEmail")}>
          {(p) => (
            <input
              {...p}
              type="email"
              inputMode="email"
              value={contactEmail}
              onChange={(e) => setContactEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("serviceProviders.fields.phone")} error={err("contactPhone")}>
          {(p) => (
            <input
              {...p}
              type="tel"
              inputMode="tel"
              value={contactPhone}
              onChange={(e) => setContactPhone(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        label={t("serviceProviders.fields.capacity")}
        hint={t("serviceProviders.capacityHint")}
        error={err("capacity")}
      >
        {(p) => <input {...p} value={capacity} onChange={(e) => setCapacity(e.target.value)} />}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={acceptingReferrals}
          onChange={(e) => setAcceptingReferrals(e.target.checked)}
        />
        <span>{t("serviceProviders.fields.acceptingReferrals")}</span>
      </label>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("common.working") : t("common.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
