// One row of the import preview: what it creates or adds, where, and the themes it will carry (the user can change them).
import { useTranslation } from "react-i18next";
import type { Theme } from "../../modules/agreements/agreements.schema";
import type { PreviewRow } from "../../modules/imports/imports.schema";
import { themeName } from "../agreements/AgreementBits";
import { useUiLocale } from "../ui/locale";

export function RowCard({
  row: r,
  themes,
  onTheme,
}: {
  row: PreviewRow;
  themes: Theme[] | undefined;
  onTheme(row: PreviewRow, code: string): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const offered = [...new Set([...r.proposedThemes, ...r.themes])];
  return (
    <li className="card" data-row={r.key}>
      <div className="card-top">
        <span className="muted">
          {r.key} · {r.location}
        </span>
        <span className={`tag import-action-${r.action}`}>
          {r.kind === "membership" ? t("import.membership") : t(`import.rowActions.${r.action}`)}
        </span>
      </div>
      <p className="card-title">{r.title}</p>
      {r.membership ? (
        <p>
          {t(`memberships.roles.${r.membership.role}`, { defaultValue: r.membership.role })}
          {r.membership.roleNote ? ` ${r.membership.roleNote}` : ""}
          {r.membership.startYear ? ` · ${r.membership.startYear}–${r.membership.endYear ?? ""}` : ""}
        </p>
      ) : (
        <dl className="facts">
          <dt>{t("import.signedOn")}</dt>
          <dd>
            {r.signedOnText ?? "—"}{" "}
            {r.signedOnPrecision ? (
              <span className="muted">({t(`import.precision.${r.signedOnPrecision}`)})</span>
            ) : null}
          </dd>
          <dt>{t("import.places")}</dt>
          <dd>
            {r.areas.length > 0 ? (
              r.areas.map((a) => a.label).join(", ")
            ) : (
              <span className="muted">{r.areasText ?? "—"}</span>
            )}
            {r.areaNotes.map((n) => (
              <div key={`${n.kind}${n.name}`} className="muted">
                {t(`import.areaNotes.${n.kind}`, { name: n.name, label: n.label })}
              </div>
            ))}
          </dd>
          <dt>{t("import.commitments")}</dt>
          <dd>
            {r.action === "create" ? r.commitments.length : t("import.adds", { count: r.adds.commitments })}
          </dd>
          <dt>{t("import.progressEntries")}</dt>
          <dd>{r.action === "create" ? r.progress.length : t("import.adds", { count: r.adds.progress })}</dd>
          {r.otherFields.length > 0 ? (
            <>
              <dt>{t("import.otherFields")}</dt>
              <dd className="import-other-fields">
                {r.otherFields.map((f) => (
                  <div key={`${f.label}:${f.value}`}>
                    {f.label}: <span className="prose">{f.value}</span>
                  </div>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
      )}
      {r.kind === "agreement" ? (
        <fieldset className="chips import-themes">
          <legend>{t("import.themes")}</legend>
          {offered.length === 0 ? <span className="muted">{t("import.noTheme")}</span> : null}
          {(themes ?? []).map((theme) =>
            offered.includes(theme.code) || r.themes.includes(theme.code) ? (
              <label key={theme.code} className="check">
                <input
                  type="checkbox"
                  checked={r.themes.includes(theme.code)}
                  onChange={() => onTheme(r, theme.code)}
                />
                {themeName(themes, theme.code, locale)}
              </label>
            ) : null,
          )}
          <select
            aria-label={t("import.addTheme")}
            value=""
            onChange={(e) => {
              if (e.target.value) onTheme(r, e.target.value);
            }}
          >
            <option value="">{t("import.addTheme")}</option>
            {(themes ?? [])
              .filter((theme) => !r.themes.includes(theme.code))
              .map((theme) => (
                <option key={theme.code} value={theme.code}>
                  {themeName(themes, theme.code, locale)}
                </option>
              ))}
          </select>
        </fieldset>
      ) : null}
    </li>
  );
}
