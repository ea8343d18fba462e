// Changes an agreement's status, with the reason and date the register keeps.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementDetail, AgreementStatus } from "../../modules/agreements/agreements.schema";
import { client, ifMatch, unwrap } from "../api";
import { Field } from "../ui/Field";
import type { OnDone } from "./AgreementPage";

export function StatusChanger({
  agreement,
  onDone,
  onClose,
}: {
  agreement: AgreementDetail;
  onDone: OnDone;
  /** Puts the form away: after the change, or on Cancel. */
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AgreementStatus | "">("");
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) return;
    void onDone(async () => {
      await unwrap(
        client.api.agreements[":id"].status.$post({
          param: { id: agreement.id },
          header: ifMatch(agreement.version),
          json: { status, reason },
        }),
      );
      setStatus("");
      setReason("");
      onClose();
    });
  };
  return (
    <form className="form form-inline-card" onSubmit={submit}>
      <h3>{t("agreements.changeStatus")}</h3>
      <div className="form-row">
        <Field label={t("agreements.newStatus")}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value as AgreementStatus)}>
              <option value="">{t("common.choose")}</option>
              {agreement.allowedTransitions.map((s) => (
                <option key={s} value={s}>
                  {t(`agreements.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("agreements.reason")}>
          {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </div>
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!status || reason.trim().length < 3}
        >
          {t("agreements.changeStatusButton")}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
