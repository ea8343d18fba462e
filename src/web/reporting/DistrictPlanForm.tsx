// "Set obligations for a district": the plan from the 3W (every organisation working there → the district's bodies),
// reviewed in a table (those already set are shown, not saved again; rows can be unticked), then saved at once.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { lastEndedPeriods, periodOfDate } from "../../modules/reporting/periods";
import {
  DEFAULT_SECTIONS,
  type ObligationPlan,
  PERIOD_TYPES,
  type PeriodType,
  type SectionKey,
} from "../../modules/reporting/reporting.schema";
import { todayInKigali } from "../../shared/today";
import { ApiError, client, unwrap } from "../api";
import { FormFailure } from "../ui/EditConflict";
import { fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { scrollRegion } from "../ui/scroll-region";
import { SectionChecklist } from "./SectionChecklist";

type Props = { districts: readonly { id: string; name: string }[]; onSaved(count: number): void };

export function DistrictPlanForm({ districts, onSaved }: Props) {
  const { t } = useTranslation();
  const today = todayInKigali();
  const [districtId, setDistrictId] = useState("");
  const [periodType, setPeriodType] = useState<PeriodType>("quarter");
  const [dueDays, setDueDays] = useState("15");
  const [startPeriod, setStartPeriod] = useState(() => periodOfDate("quarter", today));
  const [sections, setSections] = useState<SectionKey[]>([...DEFAULT_SECTIONS]);
  const [plan, setPlan] = useState<ObligationPlan | null>(null);
  const [ticked, setTicked] = useState<boolean[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  // A district officer of one district has it chosen already.
  const district = districtId || (districts.length === 1 ? (districts[0]?.id ?? "") : "");
  const errors = failure instanceof ApiError ? failure.fieldErrors : [];
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return e ? fieldErrorText(t, e) : undefined;
  };
  const changeType = (type: PeriodType) => {
    setPeriodType(type);
    setStartPeriod(
      type === "quarter" || type === "month"
        ? periodOfDate(type, today)
        : (lastEndedPeriods(type, today, 1)[0] ?? ""),
    );
  };

  const review = async () => {
    setWorking(true);
    setFailure(null);
    try {
      const due = Number(dueDays);
      const next = await unwrap(
        client.api["reporting-obligations"].plan.$post({
          json: {
            districtId: district,
            periodType,
            dueDays: Number.isFinite(due) ? due : -1,
            startPeriod,
            sections,
          },
        }),
      );
      setPlan(next);
      setTicked(next.items.map((i) => i.existingObligationId === null));
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  const save = async () => {
    if (!plan) return;
    const items = plan.items
      .filter((i, n) => i.existingObligationId === null && ticked[n])
      .map((i) => i.input);
    if (items.length === 0) return;
    setWorking(true);
    setFailure(null);
    try {
      const saved = await unwrap(client.api["reporting-obligations"].bulk.$post({ json: { items } }));
      setPlan(null);
      onSaved(saved.length);
    } catch (e) {
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  const toSave = plan ? plan.items.filter((i, n) => i.existingObligationId === null && ticked[n]).length : 0;

  return (
    <section className="form-inline-card" aria-labelledby="plan-title">
      <h2 id="plan-title">{t("reports.obligations.setForDistrict")}</h2>
      <p className="muted">{t("reports.obligations.planIntro")}</p>
      <div className="form">
        <Field label={t("reports.obligations.district")} required error={err("districtId")}>
          {(p) => (
            <select {...p} value={district} onChange={(e) => setDistrictId(e.target.value)}>
              <option value="">{t("common.choose")}</option>
              {districts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-row">
          <Field label={t("reports.obligations.periodType")} error={err("periodType")}>
            {(p) => (
              <select {...p} value={periodType} onChange={(e) => changeType(e.target.value as PeriodType)}>
                {PERIOD_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`reports.periodTypes.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t("reports.obligations.dueDays")}
            hint={t("reports.obligations.dueDaysHint")}
            error={err("dueDays")}
          >
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={dueDays}
                onChange={(e) => setDueDays(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t("reports.obligations.firstPeriod")}
            hint={t("reports.obligations.periodFormat")}
            error={err("startPeriod")}
          >
            {(p) => (
              <input {...p} value={startPeriod} onChange={(e) => setStartPeriod(e.target.value.trim())} />
            )}
          </Field>
        </div>
        <SectionChecklist value={sections} onChange={setSections} error={err("sections")} />
        <div className="form-actions">
          <button type="button" className="button" disabled={working} onClick={() => void review()}>
            {t("reports.obligations.reviewPlan")}
          </button>
        </div>
      </div>
      {plan ? (
        <div className="table-scroll" {...scrollRegion(t("reports.obligations.reviewPlan"))}>
          {plan.items.length === 0 ? <p className="empty">{t("reports.obligations.planEmpty")}</p> : null}
          <table className="data-table plan-table" aria-label={t("reports.obligations.planTable")}>
            <thead>
              <tr>
                <th scope="col">{t("reports.obligations.include")}</th>
                <th scope="col">{t("reports.obligations.organisation")}</th>
                <th scope="col">{t("reports.body")}</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((item, n) => (
                <tr key={`${item.input.organisationId}-${item.input.bodyId}`}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${item.organisationName} → ${item.bodyName}`}
                      checked={item.existingObligationId === null && (ticked[n] ?? false)}
                      disabled={item.existingObligationId !== null}
                      onChange={(e) =>
                        setTicked((all) => all.map((v, m) => (m === n ? e.target.checked : v)))
                      }
                    />
                  </td>
                  <td>{item.organisationName}</td>
                  <td>
                    {item.bodyName}
                    {item.existingObligationId ? (
                      <span className="tag tag-quiet">{t("reports.obligations.alreadySet")}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={working || toSave === 0}
              onClick={() => void save()}
            >
              {t("reports.obligations.saveN", { count: toSave })}
            </button>
          </div>
        </div>
      ) : null}
      {errors.length === 0 ? <FormFailure failure={failure} /> : null}
      {errors.some((e) => e.path.startsWith("items.")) ? (
        <p className="alert alert-error" role="alert">
          {errors
            .filter((e) => e.path.startsWith("items."))
            .map((e) => `${e.path}: ${fieldErrorText(t, e)}`)
            .join(" · ")}
        </p>
      ) : null}
    </section>
  );
}
