// Who reports to which body: the obligations (filter by district, body, running), setting a district's from the 3W,
// ending one, and the bodies with their switches.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Obligation } from "../../modules/reporting/reporting.schema";
import { client, unwrap } from "../api";
import { useSession } from "../session";
import { FilterSelect, ListPage } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { useUrlFilters } from "../ui/useUrlFilters";
import { BodiesSection } from "./BodiesSection";
import { DistrictPlanForm } from "./DistrictPlanForm";
import { EndObligationForm } from "./EndObligationForm";
import "./reporting.css";

const FILTERS = ["districtId", "bodyId", "running"] as const;

function ObligationCard({ obligation, onChanged }: { obligation: Obligation; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [ending, setEnding] = useState(false);
  const o = obligation;
  const mayEnd =
    o.endPeriod === null &&
    can("reporting_obligation", "update", {
      organisationIds: [o.bodyOrganisationId],
      districtIds: o.districtId ? [o.districtId] : [],
    });
  return (
    <>
      <div className="card-top">
        <span className="card-title">
          {o.organisationName} → {o.bodyName}
        </span>
        {o.pausedBecause ? (
          <span className="status status-expired">
            {t(`reports.obligations.paused.${o.pausedBecause}`, { date: o.organisationDeactivatedOn ?? "" })}
          </span>
        ) : (
          <span className="status status-active">{t("reports.obligations.running")}</span>
        )}
      </div>
      <div className="card-meta">
        <span className="tag">{t(`reports.periodTypes.${o.periodType}`)}</span>
        <span className="muted">{t("reports.obligations.dueAfter", { count: o.dueDays })}</span>
        <span className="muted">
          {t("reports.obligations.from", { period: o.startPeriod })}
          {o.endPeriod ? ` – ${o.endPeriod}` : ""}
        </span>
        <span className="muted">{o.sections.map((s) => t(`reports.sections.${s}`)).join(", ")}</span>
      </div>
      {o.endReason ? <p className="muted">{o.endReason}</p> : null}
      {mayEnd && !ending ? (
        <button type="button" className="link-button" onClick={() => setEnding(true)}>
          {t("reports.obligations.end")}
        </button>
      ) : null}
      {ending ? (
        <EndObligationForm
          obligation={o}
          onDone={() => {
            setEnding(false);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

export function ObligationsPage() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { can } = useSession();
  const [notice, setNotice] = useState("");
  const filters = useUrlFilters(FILTERS, { pageSize: 1000 });
  const { districtId, bodyId } = filters.values;
  const running = filters.values.running as "true" | "false" | "";
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const bodies = useAsync(
    () => unwrap(client.api["reporting-bodies"].$get({ query: districtId ? { districtId } : {} })),
    [districtId],
  );
  const list = useAsync(
    () =>
      unwrap(
        client.api["reporting-obligations"].$get({
          query: {
            ...(districtId ? { districtId } : {}),
            ...(bodyId ? { bodyId } : {}),
            ...(running ? { running } : {}),
          },
        }),
      ).then((items) => ({ items, total: items.length })),
    [districtId, bodyId, running],
  );
  const districtOptions = (districts.data?.items ?? [])
    .map((d) => ({ id: d.id, name: d.names[locale] || d.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  // A district officer plans for their own district only (the server checks again); others anywhere.
  const plannable = districtOptions.filter((d) =>
    can("reporting_obligation", "create", { organisationIds: [], districtIds: [d.id] }),
  );
  const mayPlan = plannable.length > 0;

  return (
    <>
      <ListPage
        title={t("reports.obligations.title")}
        actions={
          <Link to="/reports" className="button">
            {t("reports.title")}
          </Link>
        }
        head={
          <>
            {notice ? (
              <p className="alert alert-success" role="status">
                {notice}
              </p>
            ) : null}
            {mayPlan ? (
              <DistrictPlanForm
                districts={plannable}
                onSaved={(count) => {
                  setNotice(t("reports.obligations.savedN", { count }));
                  list.reload();
                }}
              />
            ) : null}
            <search className="filters">
              <FilterSelect
                label={t("reports.obligations.district")}
                value={districtId}
                onChange={(v) => filters.set("districtId", v)}
              >
                {districtOptions.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </FilterSelect>
              <FilterSelect
                label={t("reports.body")}
                value={bodyId}
                onChange={(v) => filters.set("bodyId", v)}
              >
                {bodies.data?.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.organisationName}
                  </option>
                ))}
              </FilterSelect>
              <FilterSelect
                label={t("reports.obligations.runningLabel")}
                value={running}
                onChange={(v) => filters.set("running", v)}
              >
                <option value="true">{t("reports.obligations.runningOnly")}</option>
                <option value="false">{t("reports.obligations.endedOnly")}</option>
              </FilterSelect>
            </search>
          </>
        }
        list={list}
        totalText={(count) => t("reports.obligations.total", { count })}
        emptyText={t("reports.obligations.empty")}
        itemKey={(o) => `${o.id}-${o.version}`}
        renderItem={(o) => <ObligationCard obligation={o} onChanged={list.reload} />}
      />
      <div className="page">
        {bodies.data && districtId ? (
          <BodiesSection bodies={bodies.data} />
        ) : (
          <p className="muted">{t("reports.chooseDistrictForBodies")}</p>
        )}
      </div>
    </>
  );
}
