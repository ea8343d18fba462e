// The fields a monitor writes in a recommendation, shared by the new and edit forms: text, theme (grouped by
// category), vulnerable groups, the addressee organisation, priority, deadline, and the places or all facilities.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  type DetentionTheme,
  THEME_CATEGORIES,
  themesOfCategory,
  VULNERABLE_GROUPS,
  type VulnerableGroup,
} from "../../modules/monitoring/detention-themes";
import { RECOMMENDATION_PRIORITIES } from "../../modules/monitoring/recommendations.schema";
import { type ChosenOrganisation, OrganisationChooser } from "../incidents/OrganisationChooser";
import { Field } from "../ui/Field";

export type RecommendationDraft = {
  text: string;
  theme: DetentionTheme;
  vulnerableGroups: VulnerableGroup[];
  addressee: ChosenOrganisation[];
  priority: (typeof RECOMMENDATION_PRIORITIES)[number];
  deadline: string;
  placeIds: string[];
  allFacilities: boolean;
};

export const EMPTY_RECOMMENDATION: RecommendationDraft = {
  text: "",
  theme: "overcrowding",
  vulnerableGroups: [],
  addressee: [],
  priority: "medium",
  deadline: "",
  placeIds: [],
  allFacilities: false,
};

type Props = {
  draft: RecommendationDraft;
  change(patch: Partial<RecommendationDraft>): void;
  errorAt(path: string): string | undefined;
  places: readonly { id: string; name: string }[];
  /** Fields the form places between the priority and the deadline (the issue day of a new one). */
  beforeDeadline?: ReactNode;
};

export function RecommendationFields({ draft, change, errorAt, places, beforeDeadline }: Props) {
  const { t } = useTranslation();
  const r = (key: string) => t(`monitoring.recommendations.${key}`);
  return (
    <>
      <Field label={r("text")} required error={errorAt("text")}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={draft.text}
            onChange={(e) => change({ text: e.target.value })}
          />
        )}
      </Field>
      <Field label={r("theme")} required error={errorAt("theme")}>
        {(props) => (
          <select
            {...props}
            value={draft.theme}
            onChange={(e) => change({ theme: e.target.value as DetentionTheme })}
          >
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
        <legend>{r("vulnerableGroups")}</legend>
        <div className="check-grid">
          {VULNERABLE_GROUPS.map((g) => (
            <label key={g} className="check">
              <input
                type="checkbox"
                checked={draft.vulnerableGroups.includes(g)}
                onChange={(e) =>
                  change({
                    vulnerableGroups: e.target.checked
                      ? [...draft.vulnerableGroups, g]
                      : draft.vulnerableGroups.filter((x) => x !== g),
                  })
                }
              />{" "}
              {t(`monitoring.vulnerableGroups.${g}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <OrganisationChooser
        label={r("addressee")}
        chosen={draft.addressee}
        onChange={(addressee) => change({ addressee })}
        single
        required
        error={errorAt("addresseeOrganisationId")}
      />
      <Field label={r("priority")} required error={errorAt("priority")}>
        {(props) => (
          <select
            {...props}
            value={draft.priority}
            onChange={(e) => change({ priority: e.target.value as RecommendationDraft["priority"] })}
          >
            {RECOMMENDATION_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`monitoring.recommendations.priorities.${p}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {beforeDeadline}
      <Field label={r("deadline")} error={errorAt("deadline")}>
        {(props) => (
          <input
            {...props}
            type="date"
            value={draft.deadline}
            onChange={(e) => change({ deadline: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="checklist">
        <legend>{r("places")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.allFacilities}
            onChange={(e) => change({ allFacilities: e.target.checked })}
          />{" "}
          {r("allFacilities")}
        </label>
        {draft.allFacilities ? null : (
          <select
            multiple
            size={6}
            aria-label={r("places")}
            value={draft.placeIds}
            onChange={(e) => change({ placeIds: [...e.target.selectedOptions].map((o) => o.value).sort() })}
          >
            {places.map((p) => (
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
    </>
  );
}
