// Writing a recommendation: text, theme (grouped by category), vulnerable groups, the addressee organisation, priority,
// dates, and the places of detention it concerns or all facilities. Refusals show under the field they name.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  type DetentionTheme,
  THEME_CATEGORIES,
  themesOfCategory,
  VULNERABLE_GROUPS,
  type VulnerableGroup,
} from "../../modules/monitoring/detention-themes";
import { RECOMMENDATION_PRIORITIES } from "../../modules/monitoring/recommendations.schema";
import { todayInKigali } from "../../shared/today";
import { ApiError } from "../api";
import { type ChosenOrganisation, OrganisationChooser } from "../incidents/OrganisationChooser";
import { useMe } from "../session";
import { errorsByPath, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { FormFailure } from "../ui/FormFailure";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { recommendationRequests } from "./recommendation-requests";

type Priority = (typeof RECOMMENDATION_PRIORITIES)[number];

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
  const [text, setText] = useState("");
  const [theme, setTheme] = useState<DetentionTheme>("overcrowding");
  const [groups, setGroups] = useState<VulnerableGroup[]>([]);
  const [addressee, setAddressee] = useState<ChosenOrganisation[]>([]);
  const [priority, setPriority] = useState<Priority>("medium");
  const [issuedOn, setIssuedOn] = useState(todayInKigali());
  const [deadline, setDeadline] = useState("");
  const [placeIds, setPlaceIds] = useState<string[]>([]);
  const [allFacilities, setAllFacilities] = useState(false);
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
        text,
        theme,
        vulnerableGroups: groups,
        addresseeOrganisationId: addressee[0]?.id ?? "",
        priority,
        issuedOn,
        deadline: deadline || null,
        findingIds,
        placeIds: allFacilities ? [] : placeIds,
        allFacilities,
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
        <Field label={t("monitoring.recommendations.text")} required error={errorAt("text")}>
          {(props) => <textarea {...props} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field label={t("monitoring.recommendations.theme")} required error={errorAt("theme")}>
          {(props) => (
            <select {...props} value={theme} onChange={(e) => setTheme(e.target.value as DetentionTheme)}>
              {THEME_CATEGORIES.map((category) => (
                <optgroup key={category} label={t(`monitoring.themeCategories.${category}`)}>
                  {themesOfCategory(category).map((code) => (
                    <option key={code} value={code}>
                      {t(`monitoring.themes.${code}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="checklist">
          <legend>{t("monitoring.recommendations.vulnerableGroups")}</legend>
          <div className="check-grid">
            {VULNERABLE_GROUPS.map((g) => (
              <label key={g} className="check">
                <input
                  type="checkbox"
                  checked={groups.includes(g)}
                  onChange={(e) =>
                    setGroups(e.target.checked ? [...groups, g] : groups.filter((x) => x !== g))
                  }
                />{" "}
                {t(`monitoring.vulnerableGroups.${g}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <OrganisationChooser
          label={t("monitoring.recommendations.addressee")}
          chosen={addressee}
          onChange={setAddressee}
          single
          required
          error={errorAt("addresseeOrganisationId")}
        />
        <Field label={t("monitoring.recommendations.priority")} required>
          {(props) => (
            <select {...props} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              {RECOMMENDATION_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`monitoring.recommendations.priorities.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("monitoring.recommendations.issuedOn")} required error={errorAt("issuedOn")}>
          {(props) => (
            <input {...props} type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} />
          )}
        </Field>
        <Field label={t("monitoring.recommendations.deadline")} error={errorAt("deadline")}>
          {(props) => (
            <input {...props} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          )}
        </Field>
        <fieldset className="checklist">
          <legend>{t("monitoring.recommendations.places")}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={allFacilities}
              onChange={(e) => setAllFacilities(e.target.checked)}
            />{" "}
            {t("monitoring.recommendations.allFacilities")}
          </label>
          {allFacilities ? null : (
            <select
              multiple
              size={6}
              aria-label={t("monitoring.recommendations.places")}
              value={placeIds}
              onChange={(e) => setPlaceIds([...e.target.selectedOptions].map((o) => o.value))}
            >
              {(places.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
          {errorAt("placeIds") ? (
            <p className="field-error" role="alert">
              {errorAt("placeIds")}
            </p>
          ) : null}
        </fieldset>
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
