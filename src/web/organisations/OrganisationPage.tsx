// One organisation: its facts and contact persons, agreements, programmes, where it works, its reporting record,
// networks it belongs to, its members, actions, and its history. One call gives all but the history.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import type { Membership } from "../../modules/organisations/organisations.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { countryName } from "../ui/country-name";
import { errorText } from "../ui/errors";
import { History } from "../ui/History";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { OrganisationContacts } from "./OrganisationContacts";
import { OrganisationFacts } from "./OrganisationFacts";
import { OrganisationMemberships } from "./OrganisationMemberships";
import {
  OrganisationAgreements,
  OrganisationProgrammes,
  OrganisationReporting,
  OrganisationWorkAreas,
} from "./OrganisationProfileSections";
import "./organisations.css";

export function OrganisationPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const justSaved = (location.state as { saved?: boolean } | null)?.saved === true;
  const [actionError, setActionError] = useState<string | null>(null);
  const { can } = useSession();
  const locale = useUiLocale();
  const profile = useAsync(
    () => unwrap(client.api.organisations[":id"].profile.$get({ param: { id } })),
    [id],
  );
  const history = useAsync(
    () => unwrap(client.api.organisations[":id"].history.$get({ param: { id } })),
    [id],
  );
  const reloadAll = () => {
    profile.reload();
    history.reload();
  };

  if (profile.error) {
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {errorText(t, profile.error)}
        </p>
        <Link to="/organisations">← {t("organisations.title")}</Link>
      </div>
    );
  }
  const p = profile.data;
  if (!p) return <p className="page">{t("common.loading")}</p>;
  const o = p.organisation;

  const remove = async () => {
    if (!window.confirm(t("organisations.deleteConfirm", { name: o.name }))) return;
    try {
      await expectOk(client.api.organisations[":id"].$delete({ param: { id }, header: ifMatch(o.version) }));
      navigate("/organisations");
    } catch (e) {
      setActionError(errorText(t, e));
    }
  };
  // Deactivating pauses the organisation's reporting obligations: asked to confirm, as a delete is.
  const changeStatus = async (change: "deactivate" | "reactivate") => {
    if (!window.confirm(t(`organisations.${change}Confirm`, { name: o.name }))) return;
    try {
      const route = client.api.organisations[":id"][change];
      await expectOk(route.$post({ param: { id }, header: ifMatch(o.version) }));
      reloadAll();
    } catch (e) {
      setActionError(errorText(t, e));
    }
  };
  const mayChangeStatus = can("organisation_status", "update");
  const removeMembership = async (m: Membership) => {
    try {
      await expectOk(
        client.api.organisations[":id"].memberships[":membershipId"].$delete({
          param: { id, membershipId: m.id },
          header: ifMatch(m.version),
        }),
      );
      reloadAll();
    } catch (e) {
      setActionError(errorText(t, e));
    }
  };
  const fieldLabel = (field: string) => t(`organisation.${field}`, { defaultValue: field });
  const formatValue = (field: string, value: unknown) => {
    if (typeof value !== "string") return undefined;
    if (field === "kind") return t(`organisation.kinds.${value}`, { defaultValue: value });
    if (field === "countryCode") return countryName(value, locale);
    return undefined;
  };

  return (
    <div className="page">
      <p>
        <Link to="/organisations">← {t("organisations.title")}</Link>
      </p>
      {justSaved ? (
        <p className="alert alert-success" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <div className="page-head">
        <h1>
          {o.name}
          {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
        </h1>
        <div className="actions">
          {o.canEdit ? (
            <Link to={`/organisations/${o.id}/edit`} className="button">
              {t("common.edit")}
            </Link>
          ) : null}
          {mayChangeStatus ? (
            <button
              type="button"
              className="button"
              onClick={() => void changeStatus(o.deactivatedOn ? "reactivate" : "deactivate")}
            >
              {t(o.deactivatedOn ? "organisations.reactivate" : "organisations.deactivate")}
            </button>
          ) : null}
          {o.canDelete ? (
            <button type="button" className="button button-danger" onClick={() => void remove()}>
              {t("common.delete")}
            </button>
          ) : null}
        </div>
      </div>
      {actionError ? (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      ) : null}
      {o.deactivatedOn ? (
        <p className="alert alert-warning" role="status">
          {t("organisations.deactivatedNotice", { date: o.deactivatedOn })}
        </p>
      ) : null}
      <OrganisationFacts organisation={o} />
      {o.description ? <p className="prose">{o.description}</p> : null}
      <OrganisationContacts
        organisationId={o.id}
        contacts={o.contactPersons}
        canEdit={o.canEdit}
        onChanged={reloadAll}
      />
      <OrganisationAgreements agreements={p.agreements} />
      <OrganisationWorkAreas workAreas={p.workAreas} />
      <OrganisationProgrammes programmes={p.programmes} />
      <OrganisationReporting reporting={p.reporting} />

      <OrganisationMemberships organisation={o} removeMembership={removeMembership} onChanged={reloadAll} />

      <section>
        <h2>{t("history.title")}</h2>
        {history.data ? (
          <History entries={history.data.items} fieldLabel={fieldLabel} formatValue={formatValue} />
        ) : (
          <p>{t("common.loading")}</p>
        )}
      </section>
    </div>
  );
}
