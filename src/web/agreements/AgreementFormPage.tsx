// Register or edit an agreement: parties (with inline new organisation), date as written, themes, areas, commitments.
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { preferredKeeper } from "../../modules/agreements/agreement-keeper";
import { client, unwrap } from "../api";
import { OverlapAlert } from "../coordination/OverlapAlert";
import { useMe } from "../session";
import { EditConflict, FormFailure } from "../ui/EditConflict";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { themeName } from "./AgreementBits";
import { AgreementIdentitySection, AgreementTermsSection } from "./AgreementFormSections";
import { AreaPicker } from "./AreaPicker";
import { PartyPicker } from "./PartyPicker";
import { type AgreementDraft, useAgreementForm } from "./useAgreementForm";

export function AgreementFormPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { id } = useParams();
  const [search] = useSearchParams();
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const me = useMe();
  // Only a new agreement preselects its keeper; an edit shows the one it has.
  const keepers = useAsync(
    () => (id ? Promise.resolve({ items: [] }) : unwrap(client.api.agreements.keepers.$get())),
    [id],
  );
  const keeperFor = (d: AgreementDraft) =>
    d.keeperOrganisationId ??
    (id
      ? ""
      : (preferredKeeper(
          me.organisationIds,
          d.parties.map((p) => p.organisationId),
          keepers.data?.items ?? [],
        ) ?? ""));
  const form = useAgreementForm(id, search.get("amends"), keeperFor, (code) =>
    themeName(themes.data?.items, code, locale),
  );
  const { draft, setDraft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = id ? `/agreements/${id}` : "/agreements";

  return (
    <div className="page page-narrow">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{id ? t("agreements.editTitle") : t("agreements.createTitle")}</h1>
      {!form.loaded && !form.loadError ? <p>{t("common.loading")}</p> : null}
      {form.loaded ? (
        <form onSubmit={form.submit} noValidate className="form">
          <AgreementIdentitySection form={form} err={err} agreementId={id} />
          <PartyPicker
            parties={draft.parties}
            error={err("parties")}
            onChange={(parties) =>
              setDraft((d) => {
                const kept = d.keeperOrganisationId;
                const gone = kept !== null && kept !== "" && !parties.some((p) => p.organisationId === kept);
                // A keeper that is no longer a party: an edit clears it, a new agreement picks again.
                return { ...d, parties, keeperOrganisationId: gone ? (id ? "" : null) : kept };
              })
            }
            keeper={{
              value: keeperFor(draft),
              error: err("keeperOrganisationId"),
              onChange: (keeperOrganisationId) => setDraft((d) => ({ ...d, keeperOrganisationId })),
            }}
          />
          <AgreementTermsSection form={form} err={err} />
          <ThemeChecklist
            legend={t("agreements.themes")}
            themes={themes.data?.items ?? []}
            selected={draft.themes}
            error={err("themes")}
            onChange={(codes) => setDraft((d) => ({ ...d, themes: codes }))}
          />
          <AreaPicker
            areas={draft.areas}
            error={err("areas")}
            onChange={(areas) => setDraft((d) => ({ ...d, areas }))}
          />
          <OverlapAlert
            themes={draft.themes}
            areas={draft.areas}
            validFrom={draft.validFrom}
            validUntil={draft.validUntil}
            partyIds={draft.parties.map((p) => p.organisationId)}
            agreementId={id}
          />
          <Field
            label={t("agreements.followUpBody")}
            hint={t("agreements.followUpHint")}
            error={err("followUpBody")}
          >
            {(p) => <input {...p} value={draft.followUpBody} onChange={form.set("followUpBody")} />}
          </Field>
          {id ? null : (
            <Field
              label={t("agreements.commitments")}
              hint={t("agreements.commitmentsHint")}
              error={err("commitments")}
            >
              {(p) => (
                <textarea {...p} rows={4} value={draft.commitments} onChange={form.set("commitments")} />
              )}
            </Field>
          )}
          <FormFailure failure={form.failure} staleText={t("agreements.staleEdit")} />
          <EditConflict
            conflict={form.conflict}
            choose={form.choose}
            changesTitle={t("agreements.othersChanges")}
            fieldLabel={(field) => t(`agreements.fields.${field}`, { defaultValue: field })}
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
