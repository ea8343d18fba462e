// An agreement's status steps, oldest first: from, to, who, and the reason given.
import { useTranslation } from "react-i18next";
import type { AgreementDetail } from "../../modules/agreements/agreements.schema";
import { formatDate } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { StatusBadge } from "./AgreementBits";

/** The English reason the first status step was stored with until registration got a translated label. */
const LEGACY_REGISTERED_REASON = "Registered";

export function AgreementStatusHistory({ agreement: a }: { agreement: AgreementDetail }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <section>
      <h2>{t("agreements.statusHistory")}</h2>
      <ol className="timeline">
        {a.statusHistory.map((s) => (
          <li key={s.id} className="timeline-entry">
            <span className="muted">{formatDate(s.changedOn, locale)}</span>{" "}
            {s.fromStatus ? (
              <>
                <StatusBadge status={s.fromStatus} /> →{" "}
              </>
            ) : null}
            <StatusBadge status={s.toStatus} /> <span className="muted">{s.changedBy}</span>
            {s.reason && !(s.fromStatus === null && s.reason === LEGACY_REGISTERED_REASON) ? (
              <p className="timeline-text">{s.reason}</p>
            ) : s.fromStatus === null ? (
              <p className="timeline-text">{t("agreements.registered")}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
