// Record a lesson learned, reuse one (?reuse=<id>: its text to adapt, the link kept), or change one
// (/library/lessons/:id/edit, saved with If-Match; a 412 shows field by field what someone else changed): what
// happened, what was learned, the recommendation, its evidence documents, themes, places, programme and agreement.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import type { Lesson, LibraryLanguage } from "../../modules/library/library.schema";
import { client, ifMatch, unwrap } from "../api";
import { useMe } from "../session";
import { EditFormEnd } from "../ui/EditFormEnd";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import type { Chosen } from "../ui/SearchChips";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import { LanguageField } from "./LibraryBits";
import { AgreementPicker, PlacesPicker, ProgrammePicker } from "./library-pickers";
import { OrganisationSelect } from "./OrganisationSelect";

type Draft = {
  title: string;
  whatHappened: string;
  whatWasLearned: string;
  recommendation: string;
  language: LibraryLanguage;
  organisationId: string;
  themeCodes: string[];
  evidence: string[];
  places: Chosen[];
  programme: Chosen[];
  agreement: Chosen[];
};

const draftOf = (l: Lesson): Draft => ({
  title: l.title,
  whatHappened: l.whatHappened,
  whatWasLearned: l.whatWasLearned,
  recommendation: l.recommendation ?? "",
  language: l.language,
  organisationId: l.organisation.id,
  themeCodes: [...l.themeCodes],
  evidence: l.evidenceDocuments.map((d) => d.id),
  places: l.places.map((p) => ({ id: p.id, name: p.name })),
  programme: l.programme ? [l.programme] : [],
  agreement: l.agreement ? [l.agreement] : [],
});

const lessonApi = client.api.library.lessons;

export function LessonFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { id: editId } = useParams();
  const [params] = useSearchParams();
  const reuseId = editId ? "" : (params.get("reuse") ?? "");
  const evidenceId = params.get("evidence") ?? "";
  const sourceId = editId ?? reuseId;
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  const documents = useAsync(
    () => unwrap(client.api.library.$get({ query: { source: "document", limit: "50" } })),
    [],
  );
  const empty = (): Draft => ({
    title: "",
    whatHappened: "",
    whatWasLearned: "",
    recommendation: "",
    language: "en",
    organisationId: me.organisationIds[0] ?? "",
    themeCodes: [],
    evidence: evidenceId ? [evidenceId] : [],
    places: [],
    programme: [],
    agreement: [],
  });
  const l = (key: string) => t(`library.lesson.${key}`);
  const fields: ConflictField<Draft>[] = [
    { key: "title", label: t("library.fields.title"), show: (d) => d.title },
    { key: "whatHappened", label: l("whatHappened"), show: (d) => d.whatHappened },
    { key: "whatWasLearned", label: l("whatWasLearned"), show: (d) => d.whatWasLearned },
    { key: "recommendation", label: l("recommendation"), show: (d) => d.recommendation },
    {
      key: "language",
      label: t("library.fields.language"),
      show: (d) => t(`library.language.${d.language}`),
    },
    { key: "themeCodes", label: t("library.fields.themes"), show: (d) => d.themeCodes.join(", ") },
    { key: "places", label: t("library.fields.places"), show: (d) => d.places.map((p) => p.name).join(", ") },
    { key: "programme", label: l("programme"), show: (d) => d.programme.map((p) => p.name).join(", ") },
    { key: "agreement", label: l("agreement"), show: (d) => d.agreement.map((a) => a.name).join(", ") },
  ];
  const form = useEditForm<Lesson, Draft, Lesson>({
    ...(sourceId
      ? { load: () => unwrap(lessonApi[":id"].$get({ param: { id: sourceId } })), loadKey: sourceId }
      : {}),
    empty,
    // A reused lesson's text is adapted by the reader's own organisation.
    toDraft: (lesson) =>
      editId
        ? draftOf(lesson)
        : { ...draftOf(lesson), organisationId: me.organisationIds[0] ?? lesson.organisation.id },
    // A reused lesson is the starting text of a new one: saving creates.
    versionOf: (lesson) => (editId ? lesson.version : undefined),
    fields,
    save: (d, version) => {
      const values = {
        title: d.title,
        whatHappened: d.whatHappened,
        whatWasLearned: d.whatWasLearned,
        language: d.language,
        organisationId: d.organisationId,
        themeCodes: d.themeCodes,
        evidenceDocumentIds: d.evidence,
        placeIds: d.places.map((p) => p.id),
      };
      if (editId && version !== undefined)
        return unwrap(
          lessonApi[":id"].$patch({
            param: { id: editId },
            header: ifMatch(version),
            json: {
              ...values,
              recommendation: d.recommendation.trim() ? d.recommendation : null,
              programmeId: d.programme[0]?.id ?? null,
              agreementId: d.agreement[0]?.id ?? null,
            },
          }),
        );
      return unwrap(
        lessonApi.$post({
          json: {
            ...values,
            ...(d.recommendation.trim() ? { recommendation: d.recommendation } : {}),
            ...(d.programme[0] ? { programmeId: d.programme[0].id } : {}),
            ...(d.agreement[0] ? { agreementId: d.agreement[0].id } : {}),
            ...(reuseId ? { reusedFromId: reuseId } : {}),
          },
        }),
      );
    },
    onSaved: (saved) => void navigate(`/library/lessons/${saved.id}`),
  });
  const { draft } = form;
  const change = (patch: Partial<Draft>) => form.setDraft((d) => ({ ...d, ...patch }));
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = editId ? `/library/lessons/${editId}` : "/library";
  const area = (key: "whatHappened" | "whatWasLearned" | "recommendation", required = true) => (
    <Field label={l(key)} error={err(key)} required={required}>
      {(props) => (
        <textarea {...props} rows={4} maxLength={4000} value={draft[key]} onChange={form.set(key)} />
      )}
    </Field>
  );

  return (
    <div className="page lesson-form">
      <p>
        <Link to={back}>{editId ? `← ${t("common.back")}` : t("library.back")}</Link>
      </p>
      <h1>{editId ? l("editTitle") : reuseId ? l("reuseTitle") : l("new")}</h1>
      {reuseId && form.loaded ? (
        <p className="muted">{t("library.lesson.reusing", { title: form.base.title })}</p>
      ) : null}
      {form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
      {!form.loaded && !form.loadError ? <div aria-busy="true" /> : null}
      {form.loaded ? (
        <form className="card" onSubmit={form.submit} noValidate>
          <Field label={t("library.fields.title")} error={err("title")} required>
            {(props) => <input {...props} value={draft.title} maxLength={200} onChange={form.set("title")} />}
          </Field>
          {area("whatHappened")}
          {area("whatWasLearned")}
          {area("recommendation", false)}
          <LanguageField value={draft.language} onChange={(language) => change({ language })} />
          <OrganisationSelect
            label={l("organisation")}
            value={draft.organisationId}
            onChange={(organisationId) => change({ organisationId })}
            error={err("organisationId")}
          />
          <fieldset>
            <legend>{l("evidence")}</legend>
            {documents.data?.items.length === 0 ? <p className="muted">{l("noDocuments")}</p> : null}
            <div className="check-grid">
              {documents.data?.items.map((doc) => (
                <label key={doc.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.evidence.includes(doc.id)}
                    onChange={(e) =>
                      change({
                        evidence: e.target.checked
                          ? [...draft.evidence, doc.id]
                          : draft.evidence.filter((x) => x !== doc.id),
                      })
                    }
                  />
                  {doc.title}
                </label>
              ))}
            </div>
            {err("evidenceDocumentIds") ? <p className="field-error">{err("evidenceDocumentIds")}</p> : null}
          </fieldset>
          {themes.data ? (
            <ThemeChecklist
              legend={t("library.fields.themes")}
              themes={themes.data}
              selected={draft.themeCodes}
              onChange={(themeCodes) => change({ themeCodes })}
            />
          ) : null}
          <PlacesPicker
            chosen={draft.places}
            onChange={(places) => change({ places })}
            error={err("placeIds")}
          />
          <ProgrammePicker
            chosen={draft.programme}
            onChange={(programme) => change({ programme })}
            error={err("programmeId")}
          />
          <AgreementPicker
            chosen={draft.agreement}
            onChange={(agreement) => change({ agreement })}
            error={err("agreementId")}
          />
          <EditFormEnd
            form={form}
            fieldLabel={(field) => fields.find((f) => f.key === field)?.label ?? field}
            saveLabel={l("save")}
            cancelTo={back}
          />
        </form>
      ) : null}
    </div>
  );
}
