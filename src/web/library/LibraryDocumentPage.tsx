// One library document: its metadata, the state of its text (and why none was read), the download, and the lessons
// that cite it as evidence.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { themeName } from "../agreements/AgreementBits";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { formatFileSize } from "../ui/file-upload";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";
import { RecordHead, TextState } from "./LibraryBits";

export function LibraryDocumentPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const document = useAsync(() => unwrap(client.api.library.documents[":id"].$get({ param: { id } })), [id]);
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  if (document.error)
    return <PageFailure error={document.error} back={{ to: "/library", label: t("library.back") }} />;
  const d = document.data;
  if (!d) return <div className="page" aria-busy="true" />;
  return (
    <div className="page library-document">
      <p>
        <Link to="/library">{t("library.back")}</Link>
      </p>
      <RecordHead
        title={d.title}
        canEdit={d.canEdit}
        editTo={`/library/documents/${d.id}/edit`}
        confirmText={t("library.document.deleteConfirm", { title: d.title })}
        remove={async () => {
          await expectOk(
            client.api.library.documents[":id"].$delete({ param: { id }, header: ifMatch(d.version) }),
          );
          navigate("/library");
        }}
      />
      <dl className="facts">
        <dt>{t("library.fields.kind")}</dt>
        <dd>{t(`library.kind.${d.kind}`)}</dd>
        <dt>{t("library.fields.language")}</dt>
        <dd>{t(`library.language.${d.language}`)}</dd>
        {d.organisations.length > 0 ? (
          <>
            <dt>{t("library.fields.organisations")}</dt>
            <dd>
              {d.organisations.map((o, i) => (
                <span key={o.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {d.themeCodes.length > 0 ? (
          <>
            <dt>{t("library.fields.themes")}</dt>
            <dd>{d.themeCodes.map((c) => themeName(themes.data, c, locale)).join(", ")}</dd>
          </>
        ) : null}
        {d.places.length > 0 ? (
          <>
            <dt>{t("library.fields.places")}</dt>
            <dd>{d.places.map((p) => p.name).join(", ")}</dd>
          </>
        ) : null}
        {d.periodStart || d.periodEnd ? (
          <>
            <dt>{t("library.fields.period")}</dt>
            <dd>
              {d.periodStart ?? "…"} – {d.periodEnd ?? "…"}
            </dd>
          </>
        ) : null}
        <dt>{t("library.fields.file")}</dt>
        <dd>
          <a href={`/api/library/documents/${d.id}/file`} download>
            {d.fileName}
          </a>{" "}
          ({formatFileSize(d.sizeBytes, locale)})
        </dd>
        <dt>{t("library.fields.uploaded")}</dt>
        <dd>
          {d.uploadedBy}, {d.uploadedAt.slice(0, 10)}
        </dd>
      </dl>
      {d.description ? <p>{d.description}</p> : null}
      <TextState status={d.textStatus} reason={d.textReason} />
      {d.textStatus === "extracted" ? (
        <p className="muted">{t("library.text.extracted", { count: d.textLength ?? 0 })}</p>
      ) : null}
      <section>
        <h2>{t("library.document.lessons")}</h2>
        {d.lessons.length === 0 ? (
          <p className="muted">{t("library.document.noLessons")}</p>
        ) : (
          <ul>
            {d.lessons.map((l) => (
              <li key={l.id}>
                <Link to={`/library/lessons/${l.id}`}>{l.title}</Link>
              </li>
            ))}
          </ul>
        )}
        <Link to={`/library/lessons/new?evidence=${d.id}`}>{t("library.document.recordLesson")}</Link>
      </section>
    </div>
  );
}
