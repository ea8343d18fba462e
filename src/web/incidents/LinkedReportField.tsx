// The periodic report an incident belongs to: one of the reporting organisation's reports (period and state), or
// none. Offered only when the server lists them for the user; a report that is no longer listed (an older one) stays
// chosen as it was.
import { useTranslation } from "react-i18next";
import type { LinkedSubmission } from "../../modules/incidents/incidents.schema";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { incidentRequests } from "./incident-requests";

type Props = {
  organisationId: string;
  value: string;
  /** The report linked now, when correcting an incident (it may be older than those listed). */
  current?: LinkedSubmission | null;
  onChange(submissionId: string): void;
  error?: string;
};

export function useReportLabel() {
  const { t } = useTranslation();
  return (s: Pick<LinkedSubmission, "period" | "status">) =>
    t("incidents.linkedReport.option", { period: s.period, status: t(`reports.status.${s.status}`) });
}

export function LinkedReportField({ organisationId, value, current, onChange, error }: Props) {
  const { t } = useTranslation();
  const label = useReportLabel();
  const reports = useAsync(
    () =>
      organisationId
        ? incidentRequests.linkableReports(organisationId)
        : Promise.resolve({ items: [] as LinkedSubmission[] }),
    [organisationId],
  );
  if (!organisationId || reports.error || !reports.data) return null;
  const items = [...reports.data.items];
  if (current && !items.some((s) => s.id === current.id)) items.push(current);
  return (
    <Field
      label={t("incidents.linkedReport.label")}
      hint={items.length === 0 ? t("incidents.linkedReport.noneYet") : t("incidents.linkedReport.hint")}
      error={error}
    >
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)} disabled={items.length === 0}>
          <option value="">{t("incidents.linkedReport.none")}</option>
          {items.map((s) => (
            <option key={s.id} value={s.id}>
              {label(s)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
