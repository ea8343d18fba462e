// Reports an indicator's result for a period: exact, at least, in words, or not reported.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ProgrammeDetail,
  VALUE_KINDS,
  type ValueKind,
} from "../../modules/programmes/programmes.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, unwrap } from "../api";
import { errorsByPath } from "../ui/errors";
import { Field } from "../ui/Field";
import { programmeFieldError } from "./ProgrammeBits";

export function ResultForm({ programme, onSaved }: { programme: ProgrammeDetail; onSaved(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [indicatorId, setIndicator] = useState(programme.indicators[0]?.id ?? "");
  const [periodStart, setStart] = useState("");
  const [periodEnd, setEnd] = useState("");
  const [valueKind, setKind] = useState<ValueKind>("exact");
  const [value, setValue] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<FieldError[]>([]);
  const byPath = errorsByPath(errors);
  const err = (path: string) => (byPath[path] ? programmeFieldError(t, byPath[path]) : undefined);
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t("programmes.reportResult")}
      </button>
    );
  const numeric = valueKind === "exact" || valueKind === "lower_bound";
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await unwrap(
        client.api.programmes[":id"].results.$post({
          param: { id: programme.id },
          json: {
            indicatorId,
            periodStart,
            periodEnd,
            valueKind,
            value: numeric && value.trim() !== "" ? Number(value) : null,
            text: text || null,
          },
        }),
      );
      setOpen(false);
      setValue("");
      setText("");
      onSaved();
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fieldErrors : []);
    }
  };
  return (
    <form className="form form-inline-card" onSubmit={submit} noValidate>
      <h3>{t("programmes.reportResult")}</h3>
      <Field label={t("programmes.indicator")} error={err("indicatorId")}>
        {(p) => (
          <select {...p} value={indicatorId} onChange={(e) => setIndicator(e.target.value)}>
            {programme.indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-row">
        <Field label={t("programmes.fields.periodStart")} error={err("periodStart")} required>
          {(p) => <input {...p} type="date" value={periodStart} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={t("programmes.fields.periodEnd")} error={err("periodEnd")} required>
          {(p) => <input {...p} type="date" value={periodEnd} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("programmes.fields.valueKind")} error={err("valueKind")}>
          {(p) => (
            <select {...p} value={valueKind} onChange={(e) => setKind(e.target.value as ValueKind)}>
              {VALUE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`programmes.valueKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {numeric ? (
          <Field label={t("programmes.fields.value")} error={err("value")}>
            {(p) => (
              <input
                {...p}
                className="input-short"
                inputMode="decimal"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
          </Field>
        ) : null}
      </div>
      <Field label={t("programmes.fields.resultText")} error={err("text")}>
        {(p) => <input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t("programmes.add")}
        </button>
      </div>
    </form>
  );
}
