// An agreement's commitments: each with its status, and a form to add one.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AgreementDetail,
  COMMITMENT_STATUSES,
  type Commitment,
  type CommitmentStatus,
} from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { client, ifMatch, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import type { OnDone } from "./AgreementPage";

export function AgreementCommitments({
  agreement: a,
  onDone,
}: {
  agreement: AgreementDetail;
  onDone: OnDone;
}) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t("agreements.commitments")}</h2>
      {a.commitments.length === 0 ? <p className="muted">{t("agreements.noCommitments")}</p> : null}
      <ol className="commitments">
        {a.commitments.map((c) => (
          <CommitmentRow key={c.id} agreementId={a.id} commitment={c} canEdit={a.canEdit} onDone={onDone} />
        ))}
      </ol>
      {a.canEdit ? <CommitmentForm agreementId={a.id} onDone={onDone} /> : null}
    </section>
  );
}

function CommitmentRow({
  agreementId,
  commitment,
  canEdit,
  onDone,
}: {
  agreementId: string;
  commitment: Commitment;
  canEdit: boolean;
  onDone: OnDone;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const setStatus = (status: CommitmentStatus) =>
    onDone(() =>
      unwrap(
        client.api.agreements[":id"].commitments[":commitmentId"].$patch({
          param: { id: agreementId, commitmentId: commitment.id },
          header: ifMatch(commitment.version),
          json: { status },
        }),
      ),
    );
  return (
    <li className={`commitment commitment-${commitment.status}`}>
      <p className="commitment-text">{commitment.text}</p>
      <div className="card-meta">
        {canEdit ? (
          <select
            aria-label={t("agreements.commitmentStatus")}
            value={commitment.status}
            onChange={(e) => void setStatus(e.target.value as CommitmentStatus)}
          >
            {COMMITMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`agreements.commitmentStatuses.${s}`)}
              </option>
            ))}
          </select>
        ) : (
          <span className="tag">{t(`agreements.commitmentStatuses.${commitment.status}`)}</span>
        )}
        {commitment.responsibleOrganisationName ? (
          <span className="muted">{commitment.responsibleOrganisationName}</span>
        ) : null}
        {commitment.dueOn ? (
          <span className="muted">
            {t("agreements.dueOn", { date: formatDate(commitment.dueOn, locale) })}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function CommitmentForm({ agreementId, onDone }: { agreementId: string; onDone: OnDone }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onDone(async () => {
      await unwrap(
        client.api.agreements[":id"].commitments.$post({ param: { id: agreementId }, json: { text } }),
      );
      setText("");
    });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="new-commitment">
        {t("agreements.newCommitment")}
      </label>
      <input
        id="new-commitment"
        value={text}
        placeholder={t("agreements.newCommitment")}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button" disabled={text.trim().length < 2}>
        {t("common.add")}
      </button>
    </form>
  );
}
