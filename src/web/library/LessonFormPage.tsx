// Record a lesson learned, or reuse one (?reuse=<id>: its text to adapt, the link kept), with its evidence documents.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { LibraryLanguage } from "../../modules/library/library.schema";
import { ApiError, client, unwrap } from "../api";
import { useMe } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { LanguageField } from "./LibraryBits";
import { OrganisationSelect } from "./OrganisationSelect";

export function LessonFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [params] = useSearchParams();
  const reuseId = params.get("reuse") ?? "";
  const evidenceId = params.get("evidence") ?? "";
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  const documents = useAsync(
    () => unwrap(client.api.library.$get({ query: { source: "document", limit: "50" } })),
    [],
  );
  const reused = useAsync(
    async () => (reuseId ? unwrap(client.api.library.lessons[":id"].$get({ param: { id: reuseId } })) : null),
    [reuseId],
  );
  const [title, setTitle] = useState("");
  const [whatHappened, setWhatHappened] = useState("");
  const [whatWasLearned, setWhatWasLearned] = useState("");
  const [recommendation, setRecommendation] = useState("");
  const [language, setLanguage] = useState<LibraryLanguage>("en");
  const [organisationId, setOrganisationId] = useState(me.organisationIds[0] ?? "");
  const [themeCodes, setThemeCodes] = useState<string[]>([]);
  const [evidence, setEvidence] = useState<string[]>(evidenceId ? [evidenceId] : []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  // A reused lesson's text is the starting point, to adapt.
  useEffect(() => {
    const l = reused.data;
    if (!l) return;
    setTitle(l.title);
    setWhatHappened(l.whatHappened);
    setWhatWasLearned(l.whatWasLearned);
    setRecommendation(l.recommendation ?? "");
    setLanguage(l.language);
    setThemeCodes(l.themeCodes);
    setEvidence(l.evidenceDocuments.map((d) => d.id));
  }, [reused.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const created = await unwrap(
        client.api.library.lessons.$post({
          json: {
            title,
            whatHappened,
            whatWasLearned,
            ...(recommendation.trim() ? { recommendation } : {}),
            language,
            organisationId,
            themeCodes,
            evidenceDocumentIds: evidence,
            ...(reuseId ? { reusedFromId: reuseId } : {}),
          },
        }),
      );
      navigate(`/library/lessons/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError)
        setFieldErrors(
          Object.fromEntries(err.fieldErrors.map((f) => [f.path.split(".")[0] ?? f.path, f.message])),
        );
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  const area = (label: string, value: string, set: (v: string) => void, key: string, required = true) => (
    <Field label={label} error={fieldErrors[key]} required={required}>
      {(props) => (
        <textarea {...props} rows={4} maxLength={4000} value={value} onChange={(e) => set(e.target.value)} />
      )}
    </Field>
  );

  return (
    <div className="page lesson-form">
      <p>
        <Link to="/library">{t("library.back")}</Link>
      </p>
      <h1>{reuseId ? t("library.lesson.reuseTitle") : t("library.lesson.new")}</h1>
      {reused.data ? (
        <p className="muted">{t("library.lesson.reusing", { title: reused.data.title })}</p>
      ) : null}
      <form className="card" onSubmit={submit} noValidate>
        <Field label={t("library.fields.title")} error={fieldErrors.title} required>
          {(props) => (
            <input {...props} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        {area(t("library.lesson.whatHappened"), whatHappened, setWhatHappened, "whatHappened")}
        {area(t("library.lesson.whatWasLearned"), whatWasLearned, setWhatWasLearned, "whatWasLearned")}
        {area(t("library.lesson.recommendation"), recommendation, setRecommendation, "recommendation", false)}
        <LanguageField value={language} onChange={setLanguage} />
        <OrganisationSelect
          label={t("library.lesson.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={fieldErrors.organisationId}
        />
        <fieldset>
          <legend>{t("library.lesson.evidence")}</legend>
          {documents.data?.items.length === 0 ? (
            <p className="muted">{t("library.lesson.noDocuments")}</p>
          ) : null}
          <div className="check-grid">
            {documents.data?.items.map((d) => (
              <label key={d.id} className="check">
                <input
                  type="checkbox"
                  checked={evidence.includes(d.id)}
                  onChange={(e) =>
                    setEvidence(e.target.checked ? [...evidence, d.id] : evidence.filter((x) => x !== d.id))
                  }
                />
                {d.title}
              </label>
            ))}
          </div>
        </fieldset>
        {themes.data ? (
          <ThemeChecklist
            legend={t("library.fields.themes")}
            themes={themes.data}
            selected={themeCodes}
            onChange={setThemeCodes}
          />
        ) : null}
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t("library.lesson.save")}
        </button>
      </form>
    </div>
  );
}
