// Adds or changes a contact person: name, function, email, phone; the server's field errors show at their fields.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContactPerson } from "../../modules/organisations/organisations.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

type Draft = { name: string; function: string; email: string; phone: string };

export function ContactPersonForm({
  organisationId,
  contact,
  onSaved,
  onCancel,
}: {
  organisationId: string;
  /** The contact person to change; none to add one. */
  contact?: ContactPerson;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>({
    name: contact?.name ?? "",
    function: contact?.function ?? "",
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
  });
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);
  const err = (path: keyof Draft) => {
    const e = byPath[path];
    return e ? fieldErrorText(t, e) : undefined;
  };
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (draft.name.trim() === "") {
      setFieldErrors([{ path: "name", message: "", code: "required" }]);
      return;
    }
    setBusy(true);
    try {
      const route = client.api.organisations[":id"].contacts;
      if (contact) {
        await unwrap(
          route[":contactId"].$patch({
            param: { id: organisationId, contactId: contact.id },
            header: ifMatch(contact.version),
            json: draft,
          }),
        );
      } else {
        await unwrap(route.$post({ param: { id: organisationId }, json: draft }));
      }
      setFieldErrors([]);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form form-inline-card">
      <h3>{contact ? t("contacts.editTitle", { name: contact.name }) : t("contacts.add")}</h3>
      <div className="form-row">
        <Field label={t("contacts.name")} required error={err("name")}>
          {(p) => <input {...p} autoComplete="off" value={draft.name} onChange={set("name")} />}
        </Field>
        <Field label={t("contacts.function")} hint={t("contacts.functionHint")} error={err("function")}>
          {(p) => <input {...p} value={draft.function} onChange={set("function")} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("contacts.email")} error={err("email")}>
          {(p) => (
            <input {...p} type="email" autoComplete="off" value={draft.email} onChange={set("email")} />
          )}
        </Field>
        <Field label={t("contacts.phone")} hint={t("contacts.phoneHint")} error={err("phone")}>
          {(p) => <input {...p} type="tel" autoComplete="off" value={draft.phone} onChange={set("phone")} />}
        </Field>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
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
