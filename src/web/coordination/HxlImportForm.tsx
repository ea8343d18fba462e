// Import a 3W CSV with an HXL hashtag row: check first (nothing stored), then import; problems listed by row and
// column in the reader's language; the files imported so far, each deletable with its rows.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Theme } from "../../modules/agreements/agreements.schema";
import type {
  HxlImportResult,
  HxlImportSummary,
  HxlOrganisationChoice,
  HxlThemeChoice,
} from "../../modules/coordination/coordination.schema";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../modules/organisations/organisation-kinds";
import type { FieldError } from "../../shared/app-errors";
import { formatDate, formatDateTime } from "../../shared/dates";
import { themeName } from "../agreements/AgreementBits";
import { ApiError, client, expectOk, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { formatHxlDate } from "./hxl-date";

/** An import problem in the reader's language: its code translated with its values, else the server's English. */
function problemText(t: ReturnType<typeof useTranslation>["t"], locale: "en" | "fr" | "rw", e: FieldError) {
  const params: Record<string, string | number> = { ...e.params };
  if (typeof params.importedAt === "string") params.importedAt = formatDate(params.importedAt, locale);
  // A count of rows picks the message's plural form (already_imported_one / _other).
  if (typeof params.rows === "number") params.count = params.rows;
  return e.code
    ? t([`coordination.import.problems.${e.code}`, `errors.codes.${e.code}`], {
        ...params,
        defaultValue: e.message,
      })
    : e.message;
}

export function HxlImportForm({
  onChanged,
  themes,
}: {
  /** Called when an import or a deletion changed what the 3W shows. */
  onChanged(): void;
  themes: readonly Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<HxlImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  // Choices for the names the register does not know, by the name as the file writes it.
  const [orgChoices, setOrgChoices] = useState<Record<string, HxlOrganisationChoice>>({});
  const [themeChoices, setThemeChoices] = useState<Record<string, HxlThemeChoice>>({});
  const [skipNotNamed, setSkipNotNamed] = useState(false);
  // The choices the shown check was made with: importing needs a check of the choices as they are now.
  const choicesKey = JSON.stringify([orgChoices, themeChoices, skipNotNamed]);
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const imports = useAsync(() => unwrap(client.api.coordination.imports.$get()), []);

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDeleted(null);
    try {
      const r = await unwrap(
        client.api.coordination.imports.$post({
          json: {
            fileName: file.name,
            csv: await file.text(),
            dryRun,
            organisations: Object.values(orgChoices),
            themes: Object.values(themeChoices),
            implementerNotNamed: skipNotNamed ? "skip" : "import",
          },
        }),
      );
      setResult(r);
      setCheckedKey(dryRun ? choicesKey : null);
      if (!dryRun) {
        onChanged();
        imports.reload();
      }
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove(item: HxlImportSummary) {
    if (!window.confirm(t("coordination.import.deleteConfirm", { file: item.fileName, count: item.rows })))
      return;
    setError(null);
    setResult(null);
    try {
      await expectOk(
        client.api.coordination.imports[":id"].$delete({
          param: { id: item.id },
          header: { "if-match": `"${item.version}"` },
        }),
      );
      setDeleted(item.fileName);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      imports.reload();
    }
  }

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  const waiting = result?.dryRun
    ? result.proposals.organisations.filter((p) => !orgChoices[p.name]).length +
      result.proposals.themes.filter((p) => !themeChoices[p.name]).length
    : 0;
  const notNamedLines = result?.rows.filter((r) => r.implementerNotNamed).map((r) => r.line) ?? [];
  const chooseOrganisation = (name: string, value: string, kind: OrganisationKind = "local_cso") => {
    const next = { ...orgChoices };
    if (value === "") delete next[name];
    else if (value === "create") next[name] = { name, action: "create", kind };
    else if (value === "skip") next[name] = { name, action: "skip" };
    else next[name] = { name, action: "match", organisationId: value };
    setOrgChoices(next);
  };
  const chooseTheme = (name: string, value: string) => {
    const next = { ...themeChoices };
    if (value === "") delete next[name];
    else if (value === "create") next[name] = { name, action: "create" };
    else if (value === "skip") next[name] = { name, action: "skip" };
    else next[name] = { name, action: "match", themeCode: value };
    setThemeChoices(next);
  };
  return (
    <details className="card hxl-import">
      <summary>{t("coordination.import.title")}</summary>
      <p className="muted">{t("coordination.import.intro")}</p>
      <p className="muted">{t("coordination.import.sameFileRule")}</p>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <label>
          {t("coordination.import.file")}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOrgChoices({});
              setThemeChoices({});
              setSkipNotNamed(false);
              setResult(null);
              setError(null);
              setDeleted(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={!file || busy}>
            {t("coordination.import.check")}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!file || busy || !result?.dryRun || waiting > 0 || checkedKey !== choicesKey}
            onClick={() => void send(false)}
          >
            {t("coordination.import.import")}
          </button>
        </div>
      </form>
      {result ? (
        <div className="alert alert-success" role="status">
          <p>
            {result.dryRun
              ? t("coordination.import.checked", { count: result.rows.length })
              : t("coordination.import.imported", { count: result.imported })}
          </p>
          {result.dryRun && waiting > 0 ? (
            <p>{t("coordination.import.waiting", { count: waiting })}</p>
          ) : null}
          <ul>
            {result.rows.slice(0, 20).map((r) => (
              <li key={r.line}>
                {r.line}:{" "}
                {r.organisation
                  ? (r.organisation.acronym ?? r.organisation.name)
                  : r.newOrganisation
                    ? t("coordination.import.newName", { name: r.newOrganisation })
                    : t("coordination.import.notNamed")}{" "}
                ·{" "}
                {r.newTheme
                  ? t("coordination.import.newName", { name: r.theme })
                  : themeName(themes, r.theme, locale)}{" "}
                · {r.place.names[locale]}
                {r.funder || r.newFunder
                  ? ` (${t("coordination.import.fundedBy", { name: r.funder ? (r.funder.acronym ?? r.funder.name) : r.newFunder })})`
                  : null}
                {r.validFrom
                  ? ` · ${t("coordination.import.from", { date: formatHxlDate(r.validFrom, r.validFromPrecision, locale) })}`
                  : null}
                {r.validUntil
                  ? ` · ${t("coordination.import.until", { date: formatHxlDate(r.validUntil, r.validUntilPrecision, locale) })}`
                  : null}
              </li>
            ))}
          </ul>
          {result.skipped.length > 0 ? (
            <p className="import-skipped">
              {t("coordination.import.skipped", {
                count: result.skipped.length,
                lines: result.skipped.map((k) => k.line).join(", "),
              })}
            </p>
          ) : null}
          {result.dryRun && (notNamedLines.length > 0 || skipNotNamed) ? (
            <label className="check">
              <input
                type="checkbox"
                checked={skipNotNamed}
                onChange={(e) => setSkipNotNamed(e.target.checked)}
              />
              {t("coordination.import.skipNotNamed", {
                lines: notNamedLines.join(", "),
                count: notNamedLines.length,
              })}
            </label>
          ) : null}
          {result.dryRun && result.proposals.organisations.length > 0 ? (
            <fieldset className="import-proposals">
              <legend>{t("coordination.import.unknownOrganisations")}</legend>
              {result.proposals.organisations.map((p) => {
                const choice = orgChoices[p.name];
                const value = choice
                  ? choice.action === "match"
                    ? choice.organisationId
                    : choice.action
                  : "";
                return (
                  <div key={p.name} className="import-proposal">
                    <label>
                      {t("coordination.import.proposalOrganisation", {
                        name: p.name,
                        lines: p.lines.join(", "),
                        count: p.lines.length,
                      })}
                      <select value={value} onChange={(e) => chooseOrganisation(p.name, e.target.value)}>
                        <option value="">{t("coordination.import.choose")}</option>
                        <option value="create">{t("coordination.import.create")}</option>
                        {p.similar.map((o) => (
                          <option key={o.id} value={o.id}>
                            {t("coordination.import.matchTo", {
                              name: o.acronym ? `${o.acronym} · ${o.name}` : o.name,
                            })}
                          </option>
                        ))}
                        <option value="skip">{t("coordination.import.skip")}</option>
                      </select>
                    </label>
                    {choice?.action === "create" ? (
                      <label>
                        {t("coordination.import.kind")}
                        <select
                          value={choice.kind}
                          onChange={(e) =>
                            chooseOrganisation(p.name, "create", e.target.value as OrganisationKind)
                          }
                        >
                          {ORGANISATION_KINDS.map((k) => (
                            <option key={k} value={k}>
                              {t(`organisation.kinds.${k}`, { defaultValue: k })}
                            </option>
                          ))}
                        </select>
                      </label>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          {result.dryRun && result.proposals.themes.length > 0 ? (
            <fieldset className="import-proposals">
              <legend>{t("coordination.import.unknownThemes")}</legend>
              {result.proposals.themes.map((p) => {
                const choice = themeChoices[p.name];
                const value = choice ? (choice.action === "match" ? choice.themeCode : choice.action) : "";
                return (
                  <label key={p.name} className="import-proposal">
                    {t("coordination.import.proposalTheme", {
                      name: p.name,
                      lines: p.lines.join(", "),
                      count: p.lines.length,
                    })}
                    <select value={value} onChange={(e) => chooseTheme(p.name, e.target.value)}>
                      <option value="">{t("coordination.import.choose")}</option>
                      <option value="create">
                        {t("coordination.import.createTheme", { code: p.suggestedCode })}
                      </option>
                      {(themes ?? []).map((th) => (
                        <option key={th.code} value={th.code}>
                          {t("coordination.import.matchTo", { name: themeName(themes, th.code, locale) })}
                        </option>
                      ))}
                      <option value="skip">{t("coordination.import.skip")}</option>
                    </select>
                  </label>
                );
              })}
            </fieldset>
          ) : null}
          {result.dryRun && result.proposals.organisations.length + result.proposals.themes.length > 0 ? (
            <>
              {waiting === 0 && checkedKey !== choicesKey ? (
                <p className="field-hint">{t("coordination.import.recheckNeeded")}</p>
              ) : null}
              <button type="button" className="button" disabled={busy} onClick={() => void send(true)}>
                {t("coordination.import.recheck")}
              </button>
            </>
          ) : null}
          {result.sameName.map((s) => (
            <p key={s.id} className="import-same-name">
              {t("coordination.import.sameName", {
                file: s.fileName,
                date: formatDate(s.importedAt, locale),
                count: s.rows,
              })}
            </p>
          ))}
        </div>
      ) : null}
      {deleted ? (
        <p className="alert alert-success" role="status">
          {t("coordination.import.deleted", { file: deleted })}
        </p>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          <p>
            {error instanceof ApiError && error.status === 422 && fieldErrors.length > 0 && file
              ? t("coordination.import.nothingImported", { file: file.name })
              : error instanceof ApiError && error.status === 409
                ? t("coordination.import.refused")
                : errorText(t, error)}
          </p>
          {fieldErrors.length > 0 ? (
            <ul>
              {fieldErrors.map((f) => (
                <li key={`${f.path}-${f.message}`}>{problemText(t, locale, f)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <div className="hxl-imports">
        <h3>{t("coordination.import.listTitle")}</h3>
        {imports.data?.items.length === 0 ? <p className="muted">{t("coordination.import.none")}</p> : null}
        {imports.data && imports.data.items.length > 0 ? (
          <ul className="plain-list import-list">
            {imports.data.items.map((item) => (
              <li key={item.id}>
                <strong>{item.fileName}</strong>{" "}
                <span className="muted">
                  {t("coordination.import.entry", {
                    count: item.rows,
                    by: item.importedBy,
                    date: formatDateTime(item.importedAt, locale),
                  })}
                </span>
                {can("agreement", "delete") ? (
                  <button
                    type="button"
                    className="link-button danger"
                    aria-label={t("coordination.import.deleteNamed", { file: item.fileName })}
                    onClick={() => void remove(item)}
                  >
                    {t("coordination.import.delete")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}
