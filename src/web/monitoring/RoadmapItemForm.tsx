// Add a roadmap item to an area, or change one: title, owner, due date, status, progress.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  PLAN_ITEM_STATUSES,
  type PlanArea,
  type PlanItem,
  PlanItemInputSchema,
  PlanItemPatchSchema,
  type PlanItemStatus,
} from "../../modules/monitoring/monitoring-plan.schema";
import type { FieldError } from "../../shared/app-errors";
import { fieldErrorsFromZod } from "../../shared/validation";
import { ApiError } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { roadmapRequests } from "./roadmap-requests";

type Props = {
  monitoringOrganisationId: string;
  area: PlanArea;
  item?: PlanItem;
  onSaved(): void;
  onCancel(): void;
};

export function RoadmapItemForm({ monitoringOrganisationId, area, item, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(item?.title ?? "");
  const [owner, setOwner] = useState(item?.owner ?? "");
  const [dueOn, setDueOn] = useState(item?.dueOn ?? "");
  const [status, setStatus] = useState<PlanItemStatus>(item?.status ?? "not_started");
  const [progress, setProgress] = useState(String(item?.progress ?? 0));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path);
    if (!e) return undefined;
    // The server's and the schema's English messages, said in the reader's language.
    if (path === "progress") return t("monitoring.roadmap.errors.progress");
    if (path === "title") return t("monitoring.roadmap.errors.title");
    return fieldErrorText(t, e);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const fields = {
      title,
      owner: owner.trim() || null,
      dueOn: dueOn || null,
      status,
      // A done item without a figure is complete; an empty figure otherwise is 0 %.
      progress: progress.trim() === "" ? (status === "done" ? 100 : 0) : Number(progress),
    };
    const parsed = item
      ? PlanItemPatchSchema.safeParse(fields)
      : PlanItemInputSchema.safeParse({ ...fields, monitoringOrganisationId, area });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      setFailure(new ApiError(422, "invalid"));
      return;
    }
    setBusy(true);
    setErrors([]);
    setFailure(null);
    try {
      if (item) await roadmapRequests.update(item.id, item.version, PlanItemPatchSchema.parse(fields));
      else
        await roadmapRequests.create(
          PlanItemInputSchema.parse({ ...fields, monitoringOrganisationId, area }),
        );
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <form className="form card roadmap-form" onSubmit={submit} noValidate>
      <h4>{item ? t("monitoring.roadmap.editItem") : t("monitoring.roadmap.addItem")}</h4>
      <Field label={t("monitoring.roadmap.fields.title")} required error={err("title")}>
        {(p) => <textarea {...p} rows={2} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label={t("monitoring.roadmap.fields.owner")} error={err("owner")}>
        {(p) => <input {...p} value={owner} onChange={(e) => setOwner(e.target.value)} />}
      </Field>
      <Field label={t("monitoring.roadmap.fields.dueOn")} error={err("dueOn")}>
        {(p) => <DateInput control={p} value={dueOn} onChange={setDueOn} />}
      </Field>
      <div className="form-row">
        <Field label={t("monitoring.roadmap.fields.status")} error={err("status")}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as PlanItemStatus)}>
              {PLAN_ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`monitoring.roadmap.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("monitoring.roadmap.fields.progress")}
          hint={t("monitoring.roadmap.progressHint")}
          error={err("progress")}
        >
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              value={progress}
              onChange={(e) => setProgress(e.target.value)}
            />
          )}
        </Field>
      </div>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("common.working") : t("common.save")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
