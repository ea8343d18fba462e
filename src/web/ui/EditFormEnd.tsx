// The end of a form kept by useEditForm: why the last save failed, what someone else changed (after a 412, field by
// field, theirs or mine), and the save and cancel buttons.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EditConflict } from "./EditConflict";
import { FormFailure } from "./FormFailure";
import type { EditForm } from "./useEditForm";

export function EditFormEnd<D>({
  form,
  fieldLabel,
  saveLabel,
  cancelTo,
}: {
  form: EditForm<D>;
  /** A field's name in the conflict's list of changes. */
  fieldLabel(field: string): string;
  saveLabel?: string;
  cancelTo: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormFailure failure={form.failure} />
      <EditConflict
        conflict={form.conflict}
        choose={form.choose}
        changesTitle={t("form.conflict.othersChanges")}
        fieldLabel={fieldLabel}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.saving}>
          {form.saving ? t("common.working") : (saveLabel ?? t("common.save"))}
        </button>
        <Link to={cancelTo} className="button">
          {t("common.cancel")}
        </Link>
      </div>
    </>
  );
}
