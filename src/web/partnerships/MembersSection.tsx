// A partnership's members with their roles; those who keep it change a role, remove a member or add one.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  MEMBER_ROLES,
  type MemberRole,
  type Partnership,
} from "../../modules/partnerships/partnerships.schema";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { type OrganisationChoice, OrganisationPicker } from "./PartnershipBits";
import { partnershipRequests } from "./partnership-requests";

export function MembersSection({
  partnership: p,
  onChanged,
}: {
  partnership: Partnership;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const act = async (action: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setFailure(e);
    }
  };
  return (
    <section>
      <h2>{t("partnerships.members.title")}</h2>
      {p.members.length === 0 ? <p className="muted">{t("partnerships.members.none")}</p> : null}
      <ul className="plain-list member-list">
        {p.members.map((m) => (
          <li key={m.id} className="member-row">
            <Link to={`/organisations/${m.organisationId}`}>{m.name}</Link>
            {p.canEdit ? (
              <>
                <Field label={t("partnerships.members.roleOf", { name: m.name })}>
                  {(props) => (
                    <select
                      {...props}
                      value={m.role}
                      onChange={(e) =>
                        act(() =>
                          partnershipRequests.changeMember(
                            p.id,
                            m.id,
                            m.version,
                            e.target.value as MemberRole,
                          ),
                        )
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
                  onClick={() => act(() => partnershipRequests.removeMember(p.id, m.id, m.version))}
                >
                  {t("common.removeNamed", { name: m.name })}
                </button>
              </>
            ) : (
              <span className="tag">{t(`partnerships.roles.${m.role}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      {p.canEdit ? <AddMember partnershipId={p.id} onAdded={onChanged} /> : null}
    </section>
  );
}

function AddMember({ partnershipId, onAdded }: { partnershipId: string; onAdded(): void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<OrganisationChoice | null>(null);
  const [role, setRole] = useState<MemberRole>("member");
  const [failure, setFailure] = useState<unknown>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setFailure(null);
    try {
      await partnershipRequests.addMember(partnershipId, chosen.id, role);
      setChosen(null);
      onAdded();
    } catch (err) {
      setFailure(err);
    }
  };
  return (
    <form className="card" onSubmit={add}>
      <h3>{t("partnerships.members.add")}</h3>
      {chosen ? (
        <p>
          <strong>{chosen.name}</strong>{" "}
          <button type="button" className="button" onClick={() => setChosen(null)}>
            {t("common.removeNamed", { name: chosen.name })}
          </button>
        </p>
      ) : (
        <OrganisationPicker label={t("partnerships.members.organisation")} onChoose={setChosen} />
      )}
      <Field label={t("partnerships.members.role")}>
        {(props) => (
          <select {...props} value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`partnerships.roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={!chosen}>
        {t("common.add")}
      </button>
    </form>
  );
}
