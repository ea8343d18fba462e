// The directory of service providers (legal aid, medical, psychosocial, shelter …) by service and district, with
// contacts and capacity; administrators and coordinators add providers, and a provider's own case workers keep
// their entry.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { SERVICES, type ServiceProvider } from "../../modules/incidents/incidents.schema";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { FilterSelect } from "../ui/ListPage";
import { useAsync } from "../ui/useAsync";
import { IncidentsNav, useDistricts } from "./IncidentBits";
import { providerRequests } from "./incident-requests";
import { ServiceProviderForm } from "./ServiceProviderForm";

export function ServiceProvidersPage() {
  const { t } = useTranslation();
  const { can, canSomewhere } = useSession();
  const [params, setParams] = useSearchParams();
  const service = SERVICES.find((s) => s === params.get("service"));
  const districtId = params.get("districtId") ?? "";
  const districts = useDistricts();
  const list = useAsync(
    () => providerRequests.list({ service, districtId: districtId || undefined }),
    [service, districtId],
  );
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const mayEdit = (p: ServiceProvider) =>
    can("service_provider", "update", { organisationIds: [p.organisationId], districtIds: [] });
  return (
    <div className="page">
      <IncidentsNav />
      <div className="page-head">
        <h1>{t("serviceProviders.title")}</h1>
        {canSomewhere("service_provider", "create") && !adding ? (
          <div className="actions">
            <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
              {t("serviceProviders.add")}
            </button>
          </div>
        ) : null}
      </div>
      {adding ? (
        <ServiceProviderForm
          onSaved={() => {
            setAdding(false);
            list.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      <search className="filters">
        <FilterSelect
          label={t("serviceProviders.fields.service")}
          value={service ?? ""}
          onChange={(v) => setFilter("service", v)}
        >
          {SERVICES.map((s) => (
            <option key={s} value={s}>
              {t(`serviceProviders.service.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("serviceProviders.fields.district")}
          value={districtId}
          onChange={(v) => setFilter("districtId", v)}
        >
          {districts.data?.items.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </FilterSelect>
      </search>
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      {list.data && list.data.length === 0 ? <p className="empty">{t("serviceProviders.none")}</p> : null}
      <ul className="cards" aria-busy={list.loading || undefined}>
        {list.data?.map((p) => (
          <li key={p.id} className="card">
            {editing === p.id ? (
              <ServiceProviderForm
                provider={p}
                onSaved={() => {
                  setEditing(null);
                  list.reload();
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <ProviderCard provider={p} onEdit={mayEdit(p) ? () => setEditing(p.id) : undefined} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProviderCard({ provider: p, onEdit }: { provider: ServiceProvider; onEdit?: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="card-top">
        <span className="card-title">{p.organisationName}</span>
        {p.acceptingReferrals ? null : (
          <span className="tag tag-warning">{t("serviceProviders.notAccepting")}</span>
        )}
      </div>
      <div className="card-meta">
        {p.services.map((s) => (
          <span key={s} className="tag">
            {t(`serviceProviders.service.${s}`)}
          </span>
        ))}
      </div>
      <div className="card-meta">
        <span>
          {p.nationwide ? t("serviceProviders.nationwide") : p.districts.map((d) => d.name).join(", ")}
        </span>
      </div>
      <div className="card-meta">
        {p.contactPhone ? <a href={`tel:${p.contactPhone.replace(/\s+/g, "")}`}>{p.contactPhone}</a> : null}
        {p.contactEmail ? <a href={`mailto:${p.contactEmail}`}>{p.contactEmail}</a> : null}
      </div>
      {p.capacity ? (
        <p className="muted">{t("serviceProviders.capacityLine", { capacity: p.capacity })}</p>
      ) : null}
      {onEdit ? (
        <button type="button" className="link-button" onClick={onEdit}>
          {t("serviceProviders.edit", { name: p.organisationName })}
        </button>
      ) : null}
    </>
  );
}
