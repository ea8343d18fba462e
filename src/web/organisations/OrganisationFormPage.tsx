// Create or edit an organisation; checked in the browser with the server's own schema before sending.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  ORGANISATION_KINDS,
  type OrganisationDetail,
  OrganisationInputSchema,
  type OrganisationKind,
} from "../../modules/organisations/organisations.schema";
import { fieldErrorsFromZod } from "../../shared/validation";
import { client, ifMatch, unwrap } from "../api";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { type ConflictField, useEditForm } from "../ui/useEditForm";

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

const TEXT_FIELDS = [
  "name",
  "acronym",
  "aliases",
  "countryCode",
  "email",
  "phone",
  "website",
  "address",
  "description",
] as const;

function useOrganisationForm(id: string | undefined) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fields: ConflictField<FormValues>[] = [
    ...TEXT_FIELDS.map((key) => ({ key, label: t(`organisation.${key}`), show: (v: FormValues) => v[key] })),
    {
      key: "kind",
      label: t("organisation.kind"),
      show: (v) => (v.kind ? t(`organisation.kinds.${v.kind}`) : ""),
    },
  ];
  return useEditForm({
    load: id ? () => unwrap(client.api.organisations[":id"].$get({ param: { id } })) : undefined,
    loadKey: id,
    empty: () => EMPTY,
    toDraft: valuesFrom,
    versionOf: (o) => o.version,
    fields,
    validate: (values) => {
      const parsed = OrganisationInputSchema.safeParse(inputFrom(values));
      return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    },
    save: (values, version) => {
      // Send what the user typed; the server applies the same schema (validate checked the kind is one).
      const body = { ...inputFrom(values), kind: OrganisationInputSchema.shape.kind.parse(values.kind) };
      return id && version !== undefined
        ? unwrap(
            client.api.organisations[":id"].$patch({ param: { id }, header: ifMatch(version), json: body }),
          )
        : unwrap(client.api.organisations.$post({ json: body }));
    },
    onSaved: (saved) => void navigate(`/organisations/${saved.id}`, { state: { saved: true } }),
    history: id
      ? () => unwrap(client.api.organisations[":id"].history.$get({ param: { id } })).then((h) => h.items)
      : undefined,
  });
}

export function OrganisationFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const form = useOrganisationForm(id);
  const { draft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = id ? `/organisations/${id}` : "/organisations";

  return (
    <div className="page page-narrow">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("organisations.editTitle") : t("organisations.createTitle")}</h1>
      {!form.loaded && !form.loadError ? <p>{t("common.loading")}</p> : null}
      {form.loaded ? (
        <form onSubmit={form.submit} noValidate className="form">
          <Field label={t("organisation.name")} required error={err("name")}>
            {(p) => <input {...p} value={draft.name} onChange={form.set("name")} />}
          </Field>
          <div className="form-row">
            <Field label={t("organisation.acronym")} error={err("acronym")}>
              {(p) => <input {...p} value={draft.acronym} onChange={form.set("acronym")} />}
            </Field>
            <Field label={t("organisation.kind")} required error={err("kind")}>
              {(p) => (
                <select {...p} value={draft.kind} onChange={form.set("kind")}>
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
            {(p) => <textarea {...p} rows={2} value={draft.aliases} onChange={form.set("aliases")} />}
          </Field>
          <fieldset>
            <legend>{t("organisation.contacts")}</legend>
            <div className="form-row">
              <Field label={t("organisation.email")} error={err("email")}>
                {(p) => (
                  <input
                    {...p}
                    type="email"
                    inputMode="email"
                    value={draft.email}
                    onChange={form.set("email")}
                  />
                )}
              </Field>
              <Field label={t("organisation.phone")} error={err("phone")}>
                {(p) => (
                  <input {...p} type="tel" inputMode="tel" value={draft.phone} onChange={form.set("phone")} />
                )}
              </Field>
            </div>
            <Field label={t("organisation.website")} error={err("website")}>
              {(p) => <input {...p} inputMode="url" value={draft.website} onChange={form.set("website")} />}
            </Field>
            <div className="form-row">
              <Field label={t("organisation.address")} error={err("address")}>
                {(p) => <input {...p} value={draft.address} onChange={form.set("address")} />}
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
                    value={draft.countryCode}
                    onChange={form.set("countryCode")}
                  />
                )}
              </Field>
            </div>
          </fieldset>
          <Field label={t("organisation.description")} error={err("description")}>
            {(p) => <textarea {...p} rows={4} value={draft.description} onChange={form.set("description")} />}
          </Field>
          <FormFailure failure={form.failure} />
          <EditConflict
            conflict={form.conflict}
            choose={form.choose}
            changesTitle={t("form.conflict.othersChanges")}
            fieldLabel={(field) => t(`organisation.${field}`, { defaultValue: field })}
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.saving}>
              {form.saving ? t("common.working") : t("common.save")}
            </button>
            <Link to={back} className="button">
              {t("common.cancel")}
            </Link>
          </div>
        </form>
      ) : null}
      {!form.loaded && form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
    </div>
  );
}
