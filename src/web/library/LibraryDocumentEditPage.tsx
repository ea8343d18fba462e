// Changing a library document's metadata (title, kind, language, description, organisations, themes, places,
// period): saved with If-Match; a 412 shows, field by field, what someone else changed. The file itself stays.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { LibraryDocument } from "../../modules/library/library.schema";
import { client, ifMatch, unwrap } from "../api";
import { EditFormEnd } from "../ui/EditFormEnd";
import { errorText, fieldErrorText } from "../ui/errors";
import type { Chosen } from "../ui/SearchChips";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import { type DocumentDraft, DocumentFields, EMPTY_DOCUMENT } from "./DocumentFields";
import { OrganisationsPicker } from "./library-pickers";

type Draft = DocumentDraft & { organisations: Chosen[] };

const draftOf = (d: LibraryDocument): Draft => ({
  title: d.title,
  kind: d.kind,
  language: d.language,
  description: d.description ?? "",
  themeCodes: [...d.themeCodes],
  places: d.places.map((p) => ({ id: p.id, name: p.name })),
  periodStart: d.periodStart ?? "",
  periodEnd: d.periodEnd ?? "",
  organisations: d.organisations.map((o) => ({ id: o.id, name: o.name })),
});

const documentApi = client.api.library.documents[":id"];

export function LibraryDocumentEditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const names = (list: readonly Chosen[]) => list.map((x) => x.name).join(", ");
  const fields: ConflictField<Draft>[] = [
    { key: "title", label: t("library.fields.title"), show: (d) => d.title },
    { key: "kind", label: t("library.fields.kind"), show: (d) => t(`library.kind.${d.kind}`) },
    {
      key: "language",
      label: t("library.fields.language"),
      show: (d) => t(`library.language.${d.language}`),
    },
    { key: "description", label: t("library.fields.description"), show: (d) => d.description },
    { key: "organisations", label: t("library.fields.organisations"), show: (d) => names(d.organisations) },
    { key: "themeCodes", label: t("library.fields.themes"), show: (d) => d.themeCodes.join(", ") },
    { key: "places", label: t("library.fields.places"), show: (d) => names(d.places) },
    { key: "periodStart", label: t("library.fields.periodStart"), show: (d) => d.periodStart },
    { key: "periodEnd", label: t("library.fields.periodEnd"), show: (d) => d.periodEnd },
  ];
  const form = useEditForm<LibraryDocument, Draft, LibraryDocument>({
    load: () => unwrap(documentApi.$get({ param: { id } })),
    loadKey: id,
    empty: () => ({ ...EMPTY_DOCUMENT, organisations: [] }),
    toDraft: draftOf,
    versionOf: (d) => d.version,
    fields,
    save: (d, version) =>
      unwrap(
        documentApi.$patch({
          param: { id },
          header: ifMatch(version ?? 0),
          json: {
            title: d.title,
            kind: d.kind,
            language: d.language,
            description: d.description.trim() ? d.description : null,
            organisationIds: d.organisations.map((o) => o.id),
            themeCodes: d.themeCodes,
            placeIds: d.places.map((p) => p.id),
            periodStart: d.periodStart || null,
            periodEnd: d.periodEnd || null,
          },
        }),
      ),
    onSaved: (saved) => void navigate(`/library/documents/${saved.id}`),
  });
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = `/library/documents/${id}`;
  return (
    <div className="page library-document-edit">
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{t("library.document.editTitle", { title: form.base.title })}</h1>
      {form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
      {!form.loaded && !form.loadError ? <div aria-busy="true" /> : null}
      {form.loaded ? (
        <form className="card" onSubmit={form.submit} noValidate>
          <DocumentFields
            draft={form.draft}
            change={(patch) => form.setDraft((d) => ({ ...d, ...patch }))}
            errorAt={err}
          />
          <OrganisationsPicker
            chosen={form.draft.organisations}
            onChange={(organisations) => form.setDraft((d) => ({ ...d, organisations }))}
            error={err("organisationIds")}
          />
          <EditFormEnd
            form={form}
            fieldLabel={(field) => fields.find((f) => f.key === field)?.label ?? field}
            cancelTo={back}
          />
        </form>
      ) : null}
    </div>
  );
}
