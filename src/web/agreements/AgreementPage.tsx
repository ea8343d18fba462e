// One agreement: who signed it, what they committed to, where, what happened since — and its lifecycle.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { EditBehindButton } from "../ui/EditBehindButton";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { StatusBadge } from "./AgreementBits";
import { AgreementCommitments } from "./AgreementCommitments";
import { DocumentsSection } from "./AgreementDocuments";
import { AgreementFacts } from "./AgreementFacts";
import { AgreementHistory } from "./AgreementHistory";
import { AgreementOtherFields } from "./AgreementOtherFields";
import { AgreementProgress } from "./AgreementProgress";
import { AgreementStatusHistory } from "./AgreementStatusHistory";
import { StatusChanger } from "./StatusChanger";

/** Runs an action on the agreement, then reloads it; a failure is shown at the top of the page. */
export type OnDone = (action: () => Promise<unknown>) => Promise<void>;

export function AgreementPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const justSaved = (useLocation().state as { saved?: boolean } | null)?.saved === true;
  const [actionError, setActionError] = useState<string | null>(null);
  const detail = useAsync(() => unwrap(client.api.agreements[":id"].$get({ param: { id } })), [id]);
  const history = useAsync(() => unwrap(client.api.agreements[":id"].history.$get({ param: { id } })), [id]);
  const themes = useAsync(() => unwrap(client.api.themes.$get()), []);
  const reload = () => {
    detail.reload();
    history.reload();
  };
  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (e) {
      setActionError(errorText(t, e));
      reload();
    }
  };

  if (detail.error) {
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {errorText(t, detail.error)}
        </p>
        <Link to="/agreements">← {t("agreements.title")}</Link>
      </div>
    );
  }
  const a = detail.data;
  if (!a) return <p className="page">{t("common.loading")}</p>;

  const remove = () =>
    act(async () => {
      if (!window.confirm(t("agreements.deleteConfirm", { title: a.title }))) return;
      await expectOk(client.api.agreements[":id"].$delete({ param: { id }, header: ifMatch(a.version) }));
      navigate("/agreements");
    });
  return (
    <div className="page">
      <p>
        <Link to="/agreements">← {t("agreements.title")}</Link>
      </p>
      {justSaved ? (
        <p className="alert alert-success" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <div className="page-head">
        <h1>{a.title}</h1>
        <div className="actions">
          {a.canEdit ? (
            <Link to={`/agreements/${a.id}/edit`} className="button">
              {t("common.edit")}
            </Link>
          ) : null}
          {a.canDelete ? (
            <button type="button" className="button button-danger" onClick={() => void remove()}>
              {t("common.delete")}
            </button>
          ) : null}
        </div>
      </div>
      <div className="card-meta">
        <StatusBadge status={a.effectiveStatus} />
        <span className="tag tag-quiet">{t(`agreements.kinds.${a.kind}`)}</span>
        {a.reference ? <span className="muted">{a.reference}</span> : null}
        {a.overduePlanned > 0 ? (
          <span className="flag flag-danger">
            {t("agreements.overdueCount", { count: a.overduePlanned })}
          </span>
        ) : null}
      </div>
      {actionError ? (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      ) : null}

      <AgreementFacts agreement={a} themes={themes.data?.items} />
      {a.purpose ? <p className="prose">{a.purpose}</p> : null}
      {a.canEdit && a.kind !== "amendment" ? (
        <p>
          <Link to={`/agreements/new?amends=${a.id}`}>{t("agreements.registerAmendment")}</Link>
        </p>
      ) : null}

      {a.canEdit && a.allowedTransitions.length > 0 ? (
        <EditBehindButton label={t("agreements.changeStatusButton")}>
          {(close) => <StatusChanger agreement={a} onDone={act} onClose={close} />}
        </EditBehindButton>
      ) : null}

      <AgreementCommitments agreement={a} onDone={act} />
      <AgreementProgress agreement={a} onDone={act} />
      <AgreementOtherFields agreement={a} />
      <DocumentsSection agreement={a} onDone={act} />

      <AgreementStatusHistory agreement={a} />

      <AgreementHistory agreement={a} entries={history.data?.items} themes={themes.data?.items} />
    </div>
  );
}
