// Create or edit an organisation; checked in the browser with the server's own schema before sending.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  ORGANISATION_KINDS,
  type OrganisationDetail,
  OrganisationInputSchema,
  type OrganisationKind,
} from "../../modules/organisations/organisations.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

type FormValues = {
  name: string;
  acronym: string;
  aliases: string;
  kind: OrganisationKind | "";
  countryCode: string;
  email: string;
  phone: string;
  website: string;
  address: string;
  description: string;
};

const EMPTY: FormValues = {
  name: "",
  acronym: "",
  aliases: "",
  kind: "",
  countryCode: "RW",
  email: "",
  phone: "",
  website: "",
  address: "",
  description: "",
};

function valuesFrom(o: OrganisationDetail): FormValues {
  return {
    name: o.name,
    acronym: o.acronym ?? "",
    aliases: o.aliases.join("\n"),
    kind: o.kind,
    countryCode: o.countryCode ?? "",
    email: o.email ?? "",
    phone: o.phone ?? "",
    website: o.website ?? "",
    address: o.address ?? "",
    description: o.description ?? "",
  };
}

function inputFrom(v: FormValues) {
  return {
    ...v,
    aliases: v.aliases
      .split("\n")
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

export function OrganisationFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [version, setVersion] = useState<number | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(!id);

  // Load once per record: re-running on a new `t` (language switch) must not overwrite what the user typed.
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (!id) return;
    let current = true;
    unwrap(client.api.organisations[":id"].$get({ param: { id } })).then(
      (o) => {
        if (!current) return;
        setValues(valuesFrom(o));
        setVersion(o.version);
        setLoaded(true);
      },
      (e: unknown) => current && setLoadError(e),
    );
    return () => {
      current = false;
    };
  }, [id]);

  const byPath = errorsByPath(fieldErrors);
  const err = (path: string) => {
    const e = byPath[path] ?? Object.values(byPath).find((f) => f.path.startsWith(`${path}.`));
    return e ? fieldErrorText(t, e) : undefined;
  };
  const set = (key: keyof FormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const input = inputFrom(values);
    const parsed = OrganisationInputSchema.safeParse(input);
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromZod(parsed.error));
      setError(t("errors.invalid"));
      return;
    }
    setFieldErrors([]);
    setBusy(true);
    try {
      // Send what the user typed; the server applies the same schema.
      const body = { ...input, kind: parsed.data.kind };
      const saved =
        id && version !== null
          ? await unwrap(
              client.api.organisations[":id"].$patch({ param: { id }, header: ifMatch(version), json: body }),
            )
          : await unwrap(client.api.organisations.$post({ json: body }));
      navigate(`/organisations/${saved.id}`, { state: { saved: true } });
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-narrow">
      <p>
        <Link to={id ? `/organisations/${id}` : "/organisations"}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("organisations.editTitle") : t("organisations.createTitle")}</h1>
      {!loaded && !loadError ? <p>{t("common.loading")}</p> : null}
      {loaded ? (
        <form onSubmit={submit} noValidate className="form">
          <Field label={t("organisation.name")} required error={err("name")}>
            {(p) => <input {...p} value={values.name} onChange={set("name")} />}
          </Field>
          <div className="form-row">
            <Field label={t("organisation.acronym")} error={err("acronym")}>
              {(p) => <input {...p} value={values.acronym} onChange={set("acronym")} />}
            </Field>
            <Field label={t("organisation.kind")} required error={err("kind")}>
              {(p) => (
                <select {...p} value={values.kind} onChange={set("kind")}>
                  <option value="">{t("common.choose")}</option>
                  {ORGANISATION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`organisation.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field
            label={t("organisation.aliases")}
            hint={t("organisation.aliasesHint")}
            error={err("aliases")}
          >
            {(p) => <textarea {...p} rows={2} value={values.aliases} onChange={set("aliases")} />}
          </Field>
          <fieldset>
            <legend>{t("organisation.contacts")}</legend>
            <div className="form-row">
              <Field label={t("organisation.email")} error={err("email")}>
                {(p) => (
                  <input {...p} type="email" inputMode="email" value={values.email} onChange={set("email")} />
                )}
              </Field>
              <Field label={t("organisation.phone")} error={err("phone")}>
                {(p) => (
                  <input {...p} type="tel" inputMode="tel" value={values.phone} onChange={set("phone")} />
                )}
              </Field>
            </div>
            <Field label={t("organisation.website")} error={err("website")}>
              {(p) => <input {...p} inputMode="url" value={values.website} onChange={set("website")} />}
            </Field>
            <div className="form-row">
              <Field label={t("organisation.address")} error={err("address")}>
                {(p) => <input {...p} value={values.address} onChange={set("address")} />}
              </Field>
              <Field
                label={t("organisation.country")}
                hint={t("organisation.countryHint")}
                error={err("countryCode")}
              >
                {(p) => (
                  <input
                    {...p}
                    maxLength={2}
                    className="input-short"
                    value={values.countryCode}
                    onChange={set("countryCode")}
                  />
                )}
              </Field>
            </div>
          </fieldset>
          <Field label={t("organisation.description")} error={err("description")}>
            {(p) => <textarea {...p} rows={4} value={values.description} onChange={set("description")} />}
          </Field>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t("common.working") : t("common.save")}
            </button>
            <Link to={id ? `/organisations/${id}` : "/organisations"} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </form>
      ) : null}
      {!loaded && loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, loadError)}
        </p>
      ) : null}
    </div>
  );
}
