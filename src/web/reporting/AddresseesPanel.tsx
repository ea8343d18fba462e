// Each body the report goes to: its status, due date, when it was submitted and reviewed, its general comment.
import { useTranslation } from "react-i18next";
import type { Addressee } from "../../modules/reporting/reporting.schema";
import { formatDate } from "../../shared/dates";
import { useUiLocale } from "../ui/locale";
import { SectionComments } from "./SectionFrame";

export function AddresseesPanel({ addressees }: { addressees: readonly Addressee[] }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  // As the app writes dates ("15 January 2027", "15 Mutarama 2027"): Intl has no Kinyarwanda.
  const day = (iso: string | null) => (iso ? formatDate(iso, locale) : "—");
  return (
    <section aria-label={t("reports.addressees")} className="report-addressees">
      <ul className="cards">
        {addressees.map((a) => (
          <li key={a.id} className="card" data-testid={`addressee-${a.bodyName}`}>
            <div className="card-top">
              <strong>{a.bodyName}</strong>
              <span className={`status status-${a.status}`}>{t(`reports.status.${a.status}`)}</span>
            </div>
            <dl className="facts report-facts">
              <dt>{t("reports.dueDate")}</dt>
              <dd>{day(a.dueDate)}</dd>
              <dt>{t("reports.submittedOn")}</dt>
              <dd>{day(a.lastSubmittedAt)}</dd>
              <dt>{t("reports.reviewedOn")}</dt>
              <dd>{day(a.reviewedAt)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <SectionComments section="general" addressees={addressees} />
    </section>
  );
}
