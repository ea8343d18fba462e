// The monitoring body's roadmap shown as a plan: its three areas side by side (stacked on a phone), each with its
// progress and its items in order; the body's monitors add, change, move and remove items.
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  PLAN_AREAS,
  type PlanArea,
  type PlanItem,
  type PlanSummary,
} from "../../modules/monitoring/monitoring-plan.schema";
import { formatDate } from "../../shared/dates";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { MonitoringTabs } from "./MonitoringTabs";
import { RoadmapItemForm } from "./RoadmapItemForm";
import { roadmapRequests } from "./roadmap-requests";
import "./roadmap.css";

export function RoadmapPage() {
  const { t } = useTranslation();
  const data = useAsync(() => Promise.all([roadmapRequests.plans(), roadmapRequests.items()]), []);
  const [plans, items] = data.data ?? [[], []];
  return (
    <div className="page roadmap-page">
      <MonitoringTabs />
      <div className="page-head">
        <h1>{t("monitoring.roadmap.title")}</h1>
      </div>
      <p className="muted">{t("monitoring.roadmap.intro")}</p>
      {data.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, data.error)}
        </p>
      ) : null}
      {data.data && plans.length === 0 ? <p className="empty">{t("monitoring.roadmap.none")}</p> : null}
      <div aria-busy={data.loading || undefined}>
        {plans.map((plan) => (
          <PlanView
            key={plan.monitoringOrganisationId}
            plan={plan}
            items={items.filter((i) => i.monitoringOrganisationId === plan.monitoringOrganisationId)}
            showName={plans.length > 1}
            onChanged={data.reload}
          />
        ))}
      </div>
    </div>
  );
}

/** A bar with its percentage written beside it: the figure, not the bar's length, is what a reader relies on. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="roadmap-progress">
      <progress max={100} value={value ?? 0} aria-label={label} />
      <span>
        {value === null ? t("monitoring.roadmap.noItems") : t("monitoring.roadmap.percent", { value })}
      </span>
    </div>
  );
}

function PlanView({
  plan,
  items,
  showName,
  onChanged,
}: {
  plan: PlanSummary;
  items: PlanItem[];
  showName: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="roadmap-plan" aria-label={plan.monitoringOrganisationName}>
      {showName ? <h2>{plan.monitoringOrganisationName}</h2> : null}
      <div className="roadmap-overall">
        <strong>{t("monitoring.roadmap.overall")}</strong>
        <ProgressBar value={plan.progress} label={t("monitoring.roadmap.overall")} />
        {plan.overdue > 0 ? (
          <span className="tag tag-warning">
            {t("monitoring.roadmap.overdueCount", { count: plan.overdue })}
          </span>
        ) : null}
      </div>
      <div className="roadmap-areas">
        {PLAN_AREAS.map((area) => {
          const summary = plan.areas.find((a) => a.area === area);
          return (
            <AreaColumn
              key={area}
              area={area}
              progress={summary?.progress ?? null}
              done={summary?.done ?? 0}
              items={items.filter((i) => i.area === area)}
              plan={plan}
              onChanged={onChanged}
            />
          );
        })}
      </div>
    </section>
  );
}

function AreaColumn({
  area,
  progress,
  done,
  items,
  plan,
  onChanged,
}: {
  area: PlanArea;
  progress: number | null;
  done: number;
  items: PlanItem[];
  plan: PlanSummary;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const areaName = t(`monitoring.roadmap.areas.${area}`);
  const act = async (work: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await work();
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const move = (item: PlanItem, to: number) =>
    act(() => roadmapRequests.update(item.id, item.version, { position: to }));
  const remove = (item: PlanItem) => {
    if (!window.confirm(t("monitoring.roadmap.removeConfirm", { title: item.title }))) return;
    void act(() => roadmapRequests.remove(item.id, item.version));
  };
  const headingId = `roadmap-area-${area}`;
  return (
    <section className="roadmap-area card" aria-labelledby={headingId}>
      <h3 id={headingId}>{areaName}</h3>
      <ProgressBar value={progress} label={t("monitoring.roadmap.areaProgress", { area: areaName })} />
      <p className="muted roadmap-count">{t("monitoring.roadmap.doneOf", { done, count: items.length })}</p>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <ol className="roadmap-items">
        {items.map((item, index) => (
          <li key={item.id} className={item.overdue ? "roadmap-item roadmap-item-overdue" : "roadmap-item"}>
            {editing === item.id ? (
              <RoadmapItemForm
                monitoringOrganisationId={plan.monitoringOrganisationId}
                area={area}
                item={item}
                onSaved={() => {
                  setEditing(null);
                  onChanged();
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <ItemView item={item}>
                {plan.canEdit ? (
                  <div className="roadmap-item-actions">
                    <button type="button" className="link-button" onClick={() => setEditing(item.id)}>
                      {t("common.edit")}
                      <span className="visually-hidden">: {item.title}</span>
                    </button>
                    {index > 0 ? (
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        onClick={() => move(item, index - 1)}
                      >
                        {t("monitoring.roadmap.moveUp")}
                        <span className="visually-hidden">: {item.title}</span>
                      </button>
                    ) : null}
                    {index < items.length - 1 ? (
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        onClick={() => move(item, index + 1)}
                      >
                        {t("monitoring.roadmap.moveDown")}
                        <span className="visually-hidden">: {item.title}</span>
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="link-button danger"
                      disabled={busy}
                      onClick={() => remove(item)}
                    >
                      {t("common.remove")}
                      <span className="visually-hidden">: {item.title}</span>
                    </button>
                  </div>
                ) : null}
              </ItemView>
            )}
          </li>
        ))}
      </ol>
      {items.length === 0 ? <p className="empty">{t("monitoring.roadmap.emptyArea")}</p> : null}
      {plan.canEdit ? (
        adding ? (
          <RoadmapItemForm
            monitoringOrganisationId={plan.monitoringOrganisationId}
            area={area}
            onSaved={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("monitoring.roadmap.addTo", { area: areaName })}
          </button>
        )
      ) : null}
    </section>
  );
}

function ItemView({ item, children }: { item: PlanItem; children: ReactNode }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <>
      <p className="roadmap-item-title">{item.title}</p>
      <div className="card-meta">
        <span className={`tag roadmap-status-${item.status}`}>
          {t(`monitoring.roadmap.status.${item.status}`)}
        </span>
        <span>
          {t("monitoring.roadmap.percent", { value: item.status === "done" ? 100 : item.progress })}
        </span>
        {item.overdue ? (
          <span className="tag tag-warning roadmap-overdue">
            <span aria-hidden="true">⚠ </span>
            {t("monitoring.roadmap.overdue")}
          </span>
        ) : null}
      </div>
      <dl className="roadmap-item-facts">
        {item.owner ? (
          <div>
            <dt>{t("monitoring.roadmap.fields.owner")}</dt>
            <dd>{item.owner}</dd>
          </div>
        ) : null}
        {item.dueOn ? (
          <div>
            <dt>{t("monitoring.roadmap.fields.dueOn")}</dt>
            <dd>{formatDate(item.dueOn, locale)}</dd>
          </div>
        ) : null}
      </dl>
      {children}
    </>
  );
}
