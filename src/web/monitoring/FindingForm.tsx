// A finding as a form: theme (grouped by category), groups in situations of vulnerability, severity, text.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type DetentionTheme,
  THEME_CATEGORIES,
  themesOfCategory,
  VULNERABLE_GROUPS,
  type VulnerableGroup,
} from "../../modules/monitoring/detention-themes";
import {
  FINDING_SEVERITIES,
  type Finding,
  type FindingSeverity,
} from "../../modules/monitoring/visits.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError } from "../api";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";

export type FindingDraft = {
  theme: DetentionTheme | "";
  vulnerableGroups: VulnerableGroup[];
  severity: FindingSeverity;
  text: string;
};

const draftOf = (finding?: Finding): FindingDraft =>
  finding
    ? {
        theme: finding.theme,
        vulnerableGroups: finding.vulnerableGroups,
        severity: finding.severity,
        text: finding.text,
      }
    : { theme: "", vulnerableGroups: [], severity: "medium", text: "" };

type Props = {
  finding?: Finding;
  submitLabel: string;
  onSubmit(draft: FindingDraft): Promise<void>;
  onCancel?(): void;
};

export function FindingForm({ finding, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const k = (key: string) => t(`monitoring.visits.${key}`);
  const [draft, setDraft] = useState(() => draftOf(finding));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorAt = (path: string) => {
    const found = errors.find((e) => e.path === path);
    return found ? fieldErrorText(t, found) : undefined;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      await onSubmit(draft);
      if (!finding) setDraft(draftOf());
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      setFailure(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form-inline-card finding-form" onSubmit={submit} noValidate>
      <p className="field-hint">{k("findings.noNames")}</p>
      <div className="form-row">
        <Field label={k("fields.theme")} required error={errorAt("theme")}>
          {(props) => (
            <select
              {...props}
              value={draft.theme}
              onChange={(e) => setDraft({ ...draft, theme: e.target.value as DetentionTheme })}
            >
              <option value="">{k("findings.chooseTheme")}</option>
              {THEME_CATEGORIES.map((category) => (
                <optgroup key={category} label={t(`monitoring.themeCategories.${category}`)}>
                  {themesOfCategory(category).map((theme) => (
                    <option key={theme} value={theme}>
                      {t(`monitoring.themes.${theme}`)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={k("fields.severity")} required error={errorAt("severity")}>
          {(props) => (
            <select
              {...props}
              value={draft.severity}
              onChange={(e) => setDraft({ ...draft, severity: e.target.value as FindingSeverity })}
            >
              {FINDING_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {k(`severity.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend>{k("fields.vulnerableGroups")}</legend>
        <div className="check-grid">
          {VULNERABLE_GROUPS.map((group) => (
            <label key={group} className="check">
              <input
                type="checkbox"
                checked={draft.vulnerableGroups.includes(group)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    vulnerableGroups: e.target.checked
                      ? [...draft.vulnerableGroups, group]
                      : draft.vulnerableGroups.filter((g) => g !== group),
                  })
                }
              />
              {t(`monitoring.vulnerableGroups.${group}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={k("fields.text")} required error={errorAt("text")}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          />
        )}
      </Field>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {k("page.cancelEdit")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
