// Creating or editing a partnership: name, acronym, kind, description, objectives (one a line), period as written,
// and on creation its first members with their roles. Saved with If-Match; a 412 shows what someone else changed.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  MEMBER_ROLES,
  type MemberRole,
  PARTNERSHIP_KINDS,
  type Partnership,
  type PartnershipKind,
} from "../../modules/partnerships/partnerships.schema";
import { EditConflict } from "../ui/EditConflict";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import { OrganisationPicker } from "./PartnershipBits";
import { partnershipRequests } from "./partnership-requests";

type Draft = {
  name: string;
  acronym: string;
  kind: PartnershipKind;
  description: string;
  objectives: string;
  startsOn: string;
  endsOn: string;
  members: { organisationId: string; name: string; role: MemberRole }[];
};

const EMPTY: Draft = {
  name: "",
  acronym: "",
  kind: "coalition",
  description: "",
  objectives: "",
  startsOn: "",
  endsOn: "",
  members: [],
};

const draftOf = (p: Partnership): Draft => ({
  name: p.name,
  acronym: p.acronym ?? "",
  kind: p.kind,
  description: p.description,
  objectives: p.objectives.join("\n"),
  startsOn: p.period.startsOn ?? "",
  endsOn: p.period.endsOn ?? "",
  members: p.members.map((m) => ({ organisationId: m.organisationId, name: m.name, role: m.role })),
});

/** One objective a line; blank lines are not objectives. */
const objectivesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

export function PartnershipFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const f = (key: string) => t(`partnerships.fields.${key}`);
  const fields: ConflictField<Draft>[] = [
    { key: "name", label: f("name"), show: (d) => d.name },
    { key: "acronym", label: f("acronym"), show: (d) => d.acronym },
    { key: "kind", label: f("kind"), show: (d) => t(`partnerships.kinds.${d.kind}`) },
    { key: "description", label: f("description"), show: (d) => d.description },
    { key: "objectives", label: f("objectives"), show: (d) => objectivesOf(d.objectives).join(" · ") },
    { key: "startsOn", label: f("startsOn"), show: (d) => d.startsOn },
    { key: "endsOn", label: f("endsOn"), show: (d) => d.endsOn },
  ];
  const form = useEditForm({
    ...(id ? { load: () => partnershipRequests.get(id), loadKey: id } : {}),
    empty: () => EMPTY,
    toDraft: draftOf,
    versionOf: (p: Partnership) => p.version,
    fields,
    save: (d, version) => {
      const values = {
        name: d.name,
        acronym: d.acronym || null,
        kind: d.kind,
        description: d.description,
        objectives: objectivesOf(d.objectives),
        startsOn: d.startsOn || null,
        endsOn: d.endsOn || null,
      };
      return id && version !== undefined
        ? partnershipRequests.update(id, version, values)
        : partnershipRequests.create({
            ...values,
            members: d.members.map((m) => ({ organisationId: m.organisationId, role: m.role })),
          });
    },
    onSaved: (saved) => {
      navigate(`/partnerships/${saved.id}`);
      return undefined;
    },
  });
  const { draft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = id ? `/partnerships/${id}` : "/partnerships";
  const change = (patch: Partial<Draft>) => form.setDraft((d) => ({ ...d, ...patch }));
  return (
    <div className="page">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("partnerships.editTitle", { name: form.base.name }) : t("partnerships.createTitle")}</h1>
      {form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
      {!form.loaded && !form.loadError ? <div aria-busy="true" /> : null}
      {form.loaded ? (
        <form className="form" onSubmit={form.submit} noValidate>
          <Field label={f("name")} required error={err("name")}>
            {(props) => <input {...props} value={draft.name} onChange={form.set("name")} maxLength={200} />}
          </Field>
          <Field label={f("acronym")} error={err("acronym")}>
            {(props) => (
              <input {...props} value={draft.acronym} onChange={form.set("acronym")} maxLength={40} />
            )}
          </Field>
          <Field label={f("kind")} required error={err("kind")}>
            {(props) => (
              <select
                {...props}
                value={draft.kind}
                onChange={(e) => change({ kind: e.target.value as PartnershipKind })}
              >
                {PARTNERSHIP_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`partnerships.kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={f("description")} error={err("description")}>
            {(props) => (
              <textarea {...props} rows={4} value={draft.description} onChange={form.set("description")} />
            )}
          </Field>
          <Field label={f("objectives")} hint={t("partnerships.hints.objectives")} error={err("objectives")}>
            {(props) => (
              <textarea {...props} rows={4} value={draft.objectives} onChange={form.set("objectives")} />
            )}
          </Field>
          <Field label={f("startsOn")} hint={t("partnerships.hints.date")} error={err("startsOn")}>
            {(props) => (
              <input {...props} value={draft.startsOn} onChange={form.set("startsOn")} maxLength={60} />
            )}
          </Field>
          <Field label={f("endsOn")} hint={t("partnerships.hints.date")} error={err("endsOn")}>
            {(props) => (
              <input {...props} value={draft.endsOn} onChange={form.set("endsOn")} maxLength={60} />
            )}
          </Field>
          {id ? null : (
            <fieldset>
              <legend>{t("partnerships.members.title")}</legend>
              <p className="muted">{t("partnerships.hints.members")}</p>
              <ul className="plain-list">
                {draft.members.map((m, i) => (
                  <li key={m.organisationId} className="member-row">
                    <span>{m.name}</span>
                    <Field
                      label={t("partnerships.members.roleOf", { name: m.name })}
                      error={err(`members.${i}`)}
                    >
                      {(props) => (
                        <select
                          {...props}
                          value={m.role}
                          onChange={(e) =>
                            change({
                              members: draft.members.map((x, j) =>
                                j === i ? { ...x, role: e.target.value as MemberRole } : x,
                              ),
                            })
                          }
                        >
                          {MEMBER_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`partnerships.roles.${r}`)}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <button
                      type="button"
                      className="button"
                      onClick={() => change({ members: draft.members.filter((_, j) => j !== i) })}
                    >
                      {t("common.removeNamed", { name: m.name })}
                    </button>
                  </li>
                ))}
              </ul>
              <OrganisationPicker
                label={t("partnerships.members.add")}
                onChoose={(o) => {
                  if (draft.members.some((m) => m.organisationId === o.id)) return;
                  change({
                    members: [...draft.members, { organisationId: o.id, name: o.name, role: "member" }],
                  });
                }}
              />
            </fieldset>
          )}
          <FormFailure failure={form.failure} />
          <EditConflict
            conflict={form.conflict}
            choose={form.choose}
            changesTitle={t("form.conflict.othersChanges")}
            fieldLabel={(field) => t(`partnerships.fields.${field}`, { defaultValue: field })}
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
    </div>
  );
}
