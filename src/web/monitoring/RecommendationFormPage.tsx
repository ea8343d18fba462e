// Writing a recommendation: text, theme (grouped by category), vulnerable groups, the addressee organisation, priority,
// dates, and the places of detention it concerns or all facilities. Refusals show under the field they name.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { todayInKigali } from "../../shared/today";
import { ApiError } from "../api";
import { useMe } from "../session";
import { errorsByPath, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { EMPTY_RECOMMENDATION, type RecommendationDraft, RecommendationFields } from "./RecommendationFields";
import { recommendationRequests } from "./recommendation-requests";

export function RecommendationFormPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const body = me.grants.find((g) => g.role === "monitor" && g.scopeId)?.scopeId ?? "";
  const places = useAsync(() => recommendationRequests.detentionPlaces(), []);
  const citable = useAsync(
    () => (body ? recommendationRequests.citableFindings(body) : Promise.resolve({ items: [] })),
    [body],
  );
  const [findingIds, setFindingIds] = useState<string[]>([]);
  const [draft, setDraft] = useState<RecommendationDraft>(EMPTY_RECOMMENDATION);
  const change = (patch: Partial<RecommendationDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const [issuedOn, setIssuedOn] = useState(todayInKigali());
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const errors = errorsByPath(failure instanceof ApiError ? failure.fieldErrors : []);
  const errorAt = (path: string) => {
    const e = errors[path] ?? Object.values(errors).find((x) => x.path.startsWith(`${path}.`));
    return e ? fieldErrorText(t, e) : undefined;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const created = await recommendationRequests.create({
        monitoringOrganisationId: body,
        text: draft.text,
        theme: draft.theme,
        vulnerableGroups: draft.vulnerableGroups,
        addresseeOrganisationId: draft.addressee[0]?.id ?? "",
        priority: draft.priority,
        issuedOn,
        deadline: draft.deadline || null,
        findingIds,
        placeIds: draft.allFacilities ? [] : draft.placeIds,
        allFacilities: draft.allFacilities,
      });
      navigate(`/monitoring/recommendations/${created.id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="page">
      <MonitoringTabs />
      <h1>{t("monitoring.recommendations.new")}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <RecommendationFields
          draft={draft}
          change={change}
          errorAt={errorAt}
          places={places.data?.items ?? []}
          beforeDeadline={
            <Field label={t("monitoring.recommendations.issuedOn")} required error={errorAt("issuedOn")}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  value={issuedOn}
                  onChange={(e) => setIssuedOn(e.target.value)}
                />
              )}
            </Field>
          }
        />
        {citable.data && citable.data.items.length > 0 ? (
          <fieldset className="checklist">
            <legend>{t("monitoring.recommendations.findings")}</legend>
            {citable.data.items.map((visit) => (
              <div key={visit.visitId}>
                <p className="muted">
                  {visit.visitReference} · {visit.placeName}
                </p>
                {visit.findings.map((f) => (
                  <label key={f.id} className="check">
                    <input
                      type="checkbox"
                      checked={findingIds.includes(f.id)}
                      onChange={(e) =>
                        setFindingIds(
                          e.target.checked ? [...findingIds, f.id] : findingIds.filter((x) => x !== f.id),
                        )
                      }
                    />{" "}
                    {f.text}
                  </label>
                ))}
              </div>
            ))}
            {errorAt("findingIds") ? (
              <p className="field-error" role="alert">
                {errorAt("findingIds")}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <FormFailure failure={failure} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {t("monitoring.recommendations.save")}
          </button>
        </div>
      </form>
    </div>
  );
}
