// What shows a partner at work, shared by the place's partners and a recommendation's: its organisation as a link,
// and its agreements (linked) and reported 3W activities, one after the other.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { WorkRecord } from "../../modules/monitoring/partner-links.schema";

export const organisationName = (o: { name: string; acronym: string | null }) =>
  o.acronym ? `${o.name} (${o.acronym})` : o.name;

export function OrganisationLink({
  organisation,
}: {
  organisation: { id: string; name: string; acronym: string | null };
}) {
  return <Link to={`/organisations/${organisation.id}`}>{organisationName(organisation)}</Link>;
}

export function PartnerRecords({ records }: { records: readonly WorkRecord[] }) {
  const { t } = useTranslation();
  return (
    <span className="muted">
      {records.map((r, i) => (
        <span key={r.id}>
          {i > 0 ? "; " : ""}
          {r.source === "agreement" ? (
            <Link to={`/agreements/${r.id}`}>{r.title}</Link>
          ) : (
            t("monitoring.partners.reported", { title: r.title })
          )}
        </span>
      ))}
    </span>
  );
}
