// The metadata of a library document, as the upload form and the edit form both ask for it: title, kind, language,
// description, themes, places and period.
import { useTranslation } from "react-i18next";
import {
  LIBRARY_DOCUMENT_KINDS,
  type LibraryDocumentKind,
  type LibraryLanguage,
} from "../../modules/library/library.schema";
import { client, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { Field } from "../ui/Field";
import type { Chosen } from "../ui/SearchChips";
import { ThemeChecklist } from "../ui/ThemeChecklist";
import { useAsync } from "../ui/useAsync";
import { LanguageField } from "./LibraryBits";
import { PlacesPicker } from "./library-pickers";

export type DocumentDraft = {
  title: string;
  kind: LibraryDocumentKind;
  language: LibraryLanguage;
  description: string;
  themeCodes: string[];
  places: Chosen[];
  periodStart: string;
  periodEnd: string;
};

export const EMPTY_DOCUMENT: DocumentDraft = {
  title: "",
  kind: "report",
  language: "en",
  description: "",
  themeCodes: [],
  places: [],
  periodStart: "",
  periodEnd: "",
};

export function DocumentFields({
  draft,
  change,
  errorAt,
}: {
  draft: DocumentDraft;
  change(patch: Partial<DocumentDraft>): void;
  errorAt(path: string): string | undefined;
}) {
  const { t } = useTranslation();
  const themes = useAsync(() => unwrap(client.api.themes.$get()).then((r) => r.items), []);
  return (
    <>
      <Field label={t("library.fields.title")} error={errorAt("title")} required>
        {(props) => (
          <input
            {...props}
            value={draft.title}
            maxLength={300}
            onChange={(e) => change({ title: e.target.value })}
          />
        )}
      </Field>
      <Field label={t("library.fields.kind")} error={errorAt("kind")} required>
        {(props) => (
          <select
            {...props}
            value={draft.kind}
            onChange={(e) => change({ kind: e.target.value as LibraryDocumentKind })}
          >
            {LIBRARY_DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`library.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LanguageField
        value={draft.language}
        onChange={(language) => change({ language })}
        hint={t("library.upload.languageHint")}
      />
      <Field label={t("library.fields.description")} error={errorAt("description")}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={2000}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value })}
          />
        )}
      </Field>
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
        error={errorAt("placeIds")}
      />
      <Field label={t("library.fields.periodStart")} error={errorAt("periodStart")}>
        {(props) => (
          <DateInput
            control={props}
            value={draft.periodStart}
            onChange={(periodStart) => change({ periodStart })}
          />
        )}
      </Field>
      <Field label={t("library.fields.periodEnd")} error={errorAt("periodEnd")}>
        {(props) => (
          <DateInput
            control={props}
            value={draft.periodEnd}
            onChange={(periodEnd) => change({ periodEnd })}
          />
        )}
      </Field>
    </>
  );
}
