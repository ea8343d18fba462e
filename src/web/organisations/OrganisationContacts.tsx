// An organisation's contact persons: who to reach, how; added, changed and removed by those who may edit it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContactPerson } from "../../modules/organisations/organisations.schema";
import { client, expectOk, ifMatch } from "../api";
import { errorText } from "../ui/errors";
import { ContactPersonForm } from "./ContactPersonForm";

export function OrganisationContacts({
  organisationId,
  contacts,
  canEdit,
  onChanged,
}: {
  organisationId: string;
  contacts: ContactPerson[];
  canEdit: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  // The contact person being changed, "new" while one is being added.
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saved = () => {
    setEditing(null);
    onChanged();
  };
  const remove = async (c: ContactPerson) => {
    if (!window.confirm(t("contacts.removeConfirm", { name: c.name }))) return;
    setError(null);
    try {
      await expectOk(
        client.api.organisations[":id"].contacts[":contactId"].$delete({
          param: { id: organisationId, contactId: c.id },
          header: ifMatch(c.version),
        }),
      );
      onChanged();
    } catch (e) {
      setError(errorText(t, e));
    }
  };

  return (
    <section aria-labelledby="contacts-title">
      <h2 id="contacts-title">{t("contacts.title")}</h2>
      {contacts.length === 0 ? <p className="muted">{t("contacts.none")}</p> : null}
      <ul className="cards">
        {contacts.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <ContactPersonForm
                organisationId={organisationId}
                contact={c}
                onSaved={saved}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={c.id} className="card contact-card">
              <div>
                <strong>{c.name}</strong>
                {c.function ? <div className="muted">{c.function}</div> : null}
                <div className="card-meta">
                  {c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null}
                  {c.phone ? <a href={`tel:${c.phone.replace(/[^\d+]/g, "")}`}>{c.phone}</a> : null}
                </div>
              </div>
              {canEdit ? (
                <div className="actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t("contacts.editNamed", { name: c.name })}
                    onClick={() => setEditing(c.id)}
                  >
                    {t("common.edit")}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t("contacts.removeNamed", { name: c.name })}
                    onClick={() => void remove(c)}
                  >
                    {t("common.remove")}
                  </button>
                </div>
              ) : null}
            </li>
          ),
        )}
      </ul>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {canEdit && editing === "new" ? (
        <ContactPersonForm
          organisationId={organisationId}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {canEdit && editing === null ? (
        <button type="button" className="button" onClick={() => setEditing("new")}>
          {t("contacts.add")}
        </button>
      ) : null}
    </section>
  );
}
