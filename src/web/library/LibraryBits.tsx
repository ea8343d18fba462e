// Pieces the library's pages share: a highlighted extract (text only, never HTML from a document), the state of
// a file's text in words, the language field of the upload and lesson forms, and a record's title with its actions.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type ExtractPart,
  LIBRARY_LANGUAGES,
  type LibraryLanguage,
  type TextNotExtractedReason,
  type TextStatus,
} from "../../modules/library/library.schema";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";

export function Extract({ parts }: { parts: readonly ExtractPart[] }) {
  if (parts.length === 0) return null;
  return (
    <p className="library-extract">
      {parts.map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one extract never move
        p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </p>
  );
}

export function TextState({ status, reason }: { status: TextStatus; reason: TextNotExtractedReason | null }) {
  const { t } = useTranslation();
  if (status === "extracted") return null;
  if (status === "pending") return <p className="muted">{t("library.text.pending")}</p>;
  return (
    <p className="library-no-text">
      {t("library.text.notExtracted", { reason: t(`library.text.reason.${reason ?? "corrupt"}`) })}
    </p>
  );
}

/** The language a document or lesson is written in (its search follows it). */
export function LanguageField({
  value,
  onChange,
  hint,
}: {
  value: LibraryLanguage;
  onChange: (language: LibraryLanguage) => void;
  hint?: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t("library.fields.language")} {...(hint ? { hint } : {})} required>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as LibraryLanguage)}>
          {LIBRARY_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`library.language.${l}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A document's or lesson's title with, for those who may change it, Edit and Delete: Delete asks first, and a failure
 * (someone changed it meanwhile, 412) is said under the title.
 */
export function RecordHead({
  title,
  canEdit,
  editTo,
  confirmText,
  remove,
}: {
  title: string;
  canEdit: boolean;
  editTo: string;
  confirmText: string;
  /** Removes the record and moves on. */
  remove(): Promise<void>;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const onDelete = async () => {
    if (!window.confirm(confirmText)) return;
    setFailure(null);
    try {
      await remove();
    } catch (err) {
      setFailure(errorText(t, err));
    }
  };
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        {canEdit ? (
          <div className="actions">
            <Link to={editTo} className="button">
              {t("common.edit")}
            </Link>
            <button type="button" className="button button-danger" onClick={() => void onDelete()}>
              {t("common.delete")}
            </button>
          </div>
        ) : null}
      </div>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      ) : null}
    </>
  );
}
