// The documents and lessons library: a search box, filters by kind, theme and language, and results with the
// passages that matched highlighted; the ways in to upload a document or record a lesson.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import {
  LIBRARY_DOCUMENT_KINDS,
  LIBRARY_LANGUAGES,
  type LibraryHit,
} from "../../modules/library/library.schema";
import { themeName } from "../agreements/AgreementBits";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { Extract, TextState } from "./LibraryBits";

/** Where a result opens: its own page, or the record the file is kept with. */
function linkOf(hit: LibraryHit): string {
  switch (hit.source) {
    case "document":
      return `/library/documents/${hit.id}`;
    case "lesson":
      return `/library/lessons/${hit.id}`;
    case "agreement_document":
      return `/agreements/${hit.parent?.id ?? ""}`;
    case "finding_file":
      return `/monitoring/visits/${hit.parent?.id ?? ""}`;
  }
}

export function LibraryPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { canSomewhere } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const kind = params.get("kind") ?? "";
  const theme = params.get("theme") ?? "";
  const language = params.get("language") ?? "";
  const [typed, setTyped] = useState(q);
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  const results = useAsync(
    () =>
      unwrap(
        client.api.library.$get({
          query: {
            ...(q ? { q } : {}),
            ...(kind ? { kind } : {}),
            ...(theme ? { theme } : {}),
            ...(language ? { language: language as (typeof LIBRARY_LANGUAGES)[number] } : {}),
          },
        }),
      ),
    [q, kind, theme, language],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter("q", typed.trim());
  };

  return (
    <div className="page library">
      <div className="page-head">
        <h1>{t("library.title")}</h1>
        <div className="actions">
          {canSomewhere("library_document", "create") ? (
            <Link className="button" to="/library/documents/new">
              {t("library.upload.action")}
            </Link>
          ) : null}
          {canSomewhere("lesson", "create") ? (
            <Link className="button" to="/library/lessons/new">
              {t("library.lesson.new")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">{t("library.intro")}</p>
      <search>
        <form className="library-search" onSubmit={submit}>
          <Field label={t("library.search.label")} hint={t("library.search.hint")}>
            {(props) => (
              <input
                {...props}
                type="search"
                value={typed}
                maxLength={200}
                onChange={(e) => setTyped(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary">
            {t("library.search.submit")}
          </button>
        </form>
      </search>
      <div className="filters">
        <Field label={t("library.filters.kind")}>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setFilter("kind", e.target.value)}>
              <option value="">{t("library.filters.all")}</option>
              {LIBRARY_DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`library.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("library.filters.theme")}>
          {(props) => (
            <select {...props} value={theme} onChange={(e) => setFilter("theme", e.target.value)}>
              <option value="">{t("library.filters.all")}</option>
              {themes.data?.map((th) => (
                <option key={th.code} value={th.code}>
                  {th.names[locale]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("library.filters.language")}>
          {(props) => (
            <select {...props} value={language} onChange={(e) => setFilter("language", e.target.value)}>
              <option value="">{t("library.filters.all")}</option>
              {LIBRARY_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`library.language.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {results.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, results.error)}
        </p>
      ) : results.data && results.data.items.length === 0 ? (
        <p className="muted" role="status">
          {q ? t("library.search.none", { q }) : t("library.search.empty")}
        </p>
      ) : (
        <ol className="library-results" aria-busy={results.loading}>
          {results.data?.items.map((hit) => (
            <li key={`${hit.source}:${hit.id}`} className="card">
              <div className="card-title">
                <Link to={linkOf(hit)}>{hit.title}</Link>
              </div>
              <div className="card-meta">
                {hit.kind ? t(`library.kind.${hit.kind}`) : t(`library.source.${hit.source}`)}
                {" · "}
                {t(`library.language.${hit.language}`)} · {hit.date}
                {hit.parent ? (
                  <>
                    {" · "}
                    {t(`library.parent.${hit.source}`, { title: hit.parent.title })}
                  </>
                ) : null}
              </div>
              <Extract parts={hit.extract} />
              <TextState status={hit.textStatus} reason={hit.textReason} />
            </li>
          ))}
        </ol>
      )}
      {theme && themes.data ? (
        <p className="muted">
          {t("library.filters.themeShown", { theme: themeName(themes.data, theme, locale) })}
        </p>
      ) : null}
    </div>
  );
}
