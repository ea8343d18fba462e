// The networks an organisation belongs to (removable, with a form to add one) and, for a network, its members.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Membership, OrganisationDetail } from "../../modules/organisations/organisations.schema";
import { MembershipForm } from "./MembershipForm";

function years(m: Pick<Membership, "startYear" | "endYear">): string {
  if (m.startYear && m.endYear) return `${m.startYear}–${m.endYear}`;
  if (m.startYear) return `${m.startYear}–`;
  if (m.endYear) return `–${m.endYear}`;
  return "";
}

export function OrganisationMemberships({
  organisation: o,
  removeMembership,
  onChanged,
}: {
  organisation: OrganisationDetail;
  removeMembership(membership: Membership): Promise<void>;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <section>
        <h2>{t("memberships.title")}</h2>
        {o.memberships.length === 0 ? <p className="muted">{t("memberships.none")}</p> : null}
        <ul className="cards">
          {o.memberships.map((m) => (
            <li key={m.id} className="card card-row">
              <div>
                <Link to={`/organisations/${m.networkId}`}>{m.networkName}</Link>
                <div className="muted">
                  {t(`memberships.roles.${m.role}`)}
                  {m.roleNote ? ` ${m.roleNote}` : ""}
                  {years(m) ? ` · ${years(m)}` : ""}
                </div>
              </div>
              {o.canEdit ? (
                <button type="button" className="link-button" onClick={() => void removeMembership(m)}>
                  {t("common.remove")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {o.canEdit ? <MembershipForm organisationId={o.id} onAdded={onChanged} /> : null}
      </section>

      {o.members.length > 0 ? (
        <section>
          <h2>{t("memberships.members")}</h2>
          <ul className="cards">
            {o.members.map((m) => (
              <li key={m.id} className="card">
                <Link to={`/organisations/${m.organisationId}`}>{m.organisationName}</Link>
                <div className="muted">
                  {t(`memberships.roles.${m.role}`)}
                  {m.roleNote ? ` ${m.roleNote}` : ""}
                  {years(m) ? ` · ${years(m)}` : ""}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
