// Each body the report goes to: its status, due date, when it was submitted and reviewed, its general comment.
import { useTranslation } from "react-i18next";
import type { Addressee } from "../../modules/reporting/reporting.schema";
import { SectionComments } from "./SectionFrame";

export function AddresseesPanel({ addressees }: { addressees: readonly Addressee[] }) {
  const { t, i18n } = useTranslation();
  const day = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(iso)) : "—";
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
              <dd>{a.dueDate}</dd>
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
