// One lesson learned: what happened, what was learned, the recommendation, its evidence and links, the lessons that
// reuse it, and its comments with a form to add one.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { themeName } from "../agreements/AgreementBits";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { PageFailure } from "../ui/PageFailure";
import { useAsync } from "../ui/useAsync";
import { RecordHead } from "./LibraryBits";

export function LessonPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { canSomewhere } = useSession();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const [reload, setReload] = useState(0);
  const lesson = useAsync(
    () => unwrap(client.api.library.lessons[":id"].$get({ param: { id } })),
    [id, reload],
  );
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (lesson.error)
    return <PageFailure error={lesson.error} back={{ to: "/library", label: t("library.back") }} />;
  const l = lesson.data;
  if (!l) return <div className="page" aria-busy="true" />;

  const addComment = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        client.api.library.lessons[":id"].comments.$post({ param: { id }, json: { body: comment } }),
      );
      setComment("");
      setReload((n) => n + 1);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page lesson">
      <p>
        <Link to="/library">{t("library.back")}</Link>
      </p>
      <RecordHead
        title={l.title}
        canEdit={l.canEdit}
        editTo={`/library/lessons/${l.id}/edit`}
        confirmText={t("library.lesson.deleteConfirm", { title: l.title })}
        remove={async () => {
          await expectOk(
            client.api.library.lessons[":id"].$delete({ param: { id }, header: ifMatch(l.version) }),
          );
          navigate("/library");
        }}
      />
      <p className="muted">
        {t("library.lesson.by", { organisation: l.organisation.name, date: l.createdAt.slice(0, 10) })}
      </p>
      <section>
        <h2>{t("library.lesson.whatHappened")}</h2>
        <p className="prose">{l.whatHappened}</p>
        <h2>{t("library.lesson.whatWasLearned")}</h2>
        <p className="prose">{l.whatWasLearned}</p>
        {l.recommendation ? (
          <>
            <h2>{t("library.lesson.recommendation")}</h2>
            <p className="prose">{l.recommendation}</p>
          </>
        ) : null}
      </section>
      <dl className="facts">
        {l.evidenceDocuments.length > 0 ? (
          <>
            <dt>{t("library.lesson.evidence")}</dt>
            <dd>
              {l.evidenceDocuments.map((d, i) => (
                <span key={d.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/library/documents/${d.id}`}>{d.title}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {l.themeCodes.length > 0 ? (
          <>
            <dt>{t("library.fields.themes")}</dt>
            <dd>{l.themeCodes.map((c) => themeName(themes.data, c, locale)).join(", ")}</dd>
          </>
        ) : null}
        {l.places.length > 0 ? (
          <>
            <dt>{t("library.fields.places")}</dt>
            <dd>{l.places.map((p) => p.name).join(", ")}</dd>
          </>
        ) : null}
        {l.programme ? (
          <>
            <dt>{t("library.lesson.programme")}</dt>
            <dd>
              <Link to={`/programmes/${l.programme.id}`}>{l.programme.name}</Link>
            </dd>
          </>
        ) : null}
        {l.agreement ? (
          <>
            <dt>{t("library.lesson.agreement")}</dt>
            <dd>
              <Link to={`/agreements/${l.agreement.id}`}>{l.agreement.name}</Link>
            </dd>
          </>
        ) : null}
        {l.reusedFrom ? (
          <>
            <dt>{t("library.lesson.reusedFrom")}</dt>
            <dd>
              <Link to={`/library/lessons/${l.reusedFrom.id}`}>{l.reusedFrom.title}</Link>
            </dd>
          </>
        ) : null}
        {l.reusedBy.length > 0 ? (
          <>
            <dt>{t("library.lesson.reusedBy")}</dt>
            <dd>
              {l.reusedBy.map((r, i) => (
                <span key={r.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/library/lessons/${r.id}`}>{r.title}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {canSomewhere("lesson", "create") ? (
        <p>
          <Link className="button" to={`/library/lessons/new?reuse=${l.id}`}>
            {t("library.lesson.reuse")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="lesson-comments">
        <h2 id="lesson-comments">{t("library.lesson.comments", { count: l.comments.length })}</h2>
        {l.comments.length === 0 ? <p className="muted">{t("library.lesson.noComments")}</p> : null}
        <ul className="comments">
          {l.comments.map((c) => (
            <li key={c.id}>
              <p className="prose">{c.body}</p>
              <p className="muted">
                {c.authorName}, {c.createdAt.slice(0, 10)}
              </p>
            </li>
          ))}
        </ul>
        <form onSubmit={addComment}>
          <Field label={t("library.lesson.addComment")}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy || comment.trim() === ""}>
            {t("library.lesson.sendComment")}
          </button>
        </form>
      </section>
    </div>
  );
}
