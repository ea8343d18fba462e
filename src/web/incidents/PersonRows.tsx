// The persons of a new incident, each in a role with a pseudonymous profile; name and contact fields only for a user
// allowed to record them (a case worker), with a note that they are kept apart and shown to few.
import { useTranslation } from "react-i18next";
import {
  AGE_GROUPS,
  DISABILITIES,
  PERPETRATOR_TYPES,
  PERSON_ROLES,
  SEXES,
} from "../../modules/incidents/incidents.schema";
import { Field } from "../ui/Field";
import { CountrySelect } from "./IncidentBits";
import { emptyPerson, type IncidentDraft, type PersonDraft } from "./incident-draft";

type Props = {
  draft: IncidentDraft;
  setDraft(update: (d: IncidentDraft) => IncidentDraft): void;
  err(path: string): string | undefined;
  withIdentity: boolean;
};

/** One of the listed values, or the first when the select sent anything else. */
function oneOf<T extends string>(values: readonly T[], value: string): T {
  return values.find((v) => v === value) ?? (values[0] as T);
}

export function PersonRows({ draft, setDraft, err, withIdentity }: Props) {
  const { t } = useTranslation();
  const setPerson = (key: string, patch: Partial<PersonDraft>) =>
    setDraft((d) => ({ ...d, persons: d.persons.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
  return (
    <section className="incident-section" aria-labelledby="persons-title">
      <h2 id="persons-title">{t("incidents.persons.title")}</h2>
      <p className="muted">
        {withIdentity ? t("incidents.persons.identityNote") : t("incidents.persons.noIdentityNote")}
      </p>
      {draft.persons.map((person, i) => {
        const at = (field: string) => err(`persons.${i}.${field}`);
        return (
          <fieldset key={person.key} className="incident-row">
            <legend>{t("incidents.persons.personN", { n: i + 1 })}</legend>
            <PersonFields
              person={person}
              onChange={(patch) => setPerson(person.key, patch)}
              at={at}
              withIdentity={withIdentity}
            />
            <button
              type="button"
              className="link-button"
              onClick={() =>
                setDraft((d) => ({ ...d, persons: d.persons.filter((p) => p.key !== person.key) }))
              }
            >
              {t("incidents.persons.remove", { n: i + 1 })}
            </button>
          </fieldset>
        );
      })}
      <div className="actions">
        {PERSON_ROLES.map((role) => (
          <button
            key={role}
            type="button"
            className="button"
            onClick={() => setDraft((d) => ({ ...d, persons: [...d.persons, emptyPerson(role)] }))}
          >
            {t(`incidents.persons.add.${role}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

/** One person's role, profile and (for a user allowed to write them) name and contact: the record form's rows and
 * the incident page's "change" and "add" forms use the same fields. */
export function PersonFields({
  person,
  onChange,
  at,
  withIdentity,
}: {
  person: PersonDraft;
  onChange(patch: Partial<PersonDraft>): void;
  /** The error of one of the person's fields (`role`, `identity.name`). */
  at(field: string): string | undefined;
  withIdentity: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-row">
        <Field label={t("incidents.fields.role")} required error={at("role")}>
          {(p) => (
            <select
              {...p}
              value={person.role}
              onChange={(e) =>
                onChange({
                  role: oneOf(PERSON_ROLES, e.target.value),
                  perpetratorType: "",
                })
              }
            >
              {PERSON_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`incidents.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {person.role === "perpetrator" ? (
          <Field label={t("incidents.fields.perpetratorType")} error={at("perpetratorType")}>
            {(p) => (
              <select
                {...p}
                value={person.perpetratorType}
                onChange={(e) =>
                  onChange({
                    perpetratorType: e.target.value === "" ? "" : oneOf(PERPETRATOR_TYPES, e.target.value),
                  })
                }
              >
                <option value="">{t("common.choose")}</option>
                {PERPETRATOR_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`incidents.perpetratorType.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <div className="form-row">
        <Field label={t("incidents.fields.sex")} error={at("sex")}>
          {(p) => (
            <select
              {...p}
              value={person.sex}
              onChange={(e) => onChange({ sex: oneOf(SEXES, e.target.value) })}
            >
              {SEXES.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.sex.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("incidents.fields.ageGroup")} error={at("ageGroup")}>
          {(p) => (
            <select
              {...p}
              value={person.ageGroup}
              onChange={(e) => onChange({ ageGroup: oneOf(AGE_GROUPS, e.target.value) })}
            >
              {AGE_GROUPS.map((a) => (
                <option key={a} value={a}>
                  {t(`incidents.ageGroup.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("incidents.fields.nationality")} error={at("nationality")}>
          {(p) => (
            <CountrySelect
              control={p}
              value={person.nationality}
              onChange={(nationality) => onChange({ nationality })}
            />
          )}
        </Field>
        <Field label={t("incidents.fields.disability")} error={at("disability")}>
          {(p) => (
            <select
              {...p}
              value={person.disability}
              onChange={(e) => onChange({ disability: oneOf(DISABILITIES, e.target.value) })}
            >
              {DISABILITIES.map((x) => (
                <option key={x} value={x}>
                  {t(`incidents.disability.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {withIdentity ? (
        <div className="form-row identity">
          <Field label={t("incidents.fields.name")} error={at("identity.name") ?? at("identity")}>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                value={person.name}
                onChange={(e) => onChange({ name: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("incidents.fields.contact")} error={at("identity.contact")}>
            {(p) => (
              <input
                {...p}
                autoComplete="off"
                value={person.contact}
                onChange={(e) => onChange({ contact: e.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
    </>
  );
}
