// The indicator form's draft: read from an indicator (or a new one's defaults), sent as a create or a patch.
import { useTranslation } from "react-i18next";
import type {
  Calculation,
  Disaggregation,
  Indicator,
  IndicatorUnit,
  ProgrammeDetail,
} from "../../modules/programmes/programmes.schema";
import { client, ifMatch, unwrap } from "../api";
import { type ConflictField, type EditForm, useEditForm } from "../ui/useEditForm";

export type TargetRow = { key: number; periodStart: string; periodEnd: string; value: string };
export type IndicatorDraft = {
  libraryCode: string;
  title: string;
  logframeItemId: string;
  unit: IndicatorUnit;
  calculation: Calculation;
  baselineValue: string;
  baselineText: string;
  baselineDate: string;
  disaggregations: Disaggregation[];
  targets: TargetRow[];
};

let nextKey = 0;
export const newTarget = (periodStart = "", periodEnd = "", value = ""): TargetRow => ({
  key: nextKey++,
  periodStart,
  periodEnd,
  value,
});
const toNumber = (s: string) => (s.trim() === "" ? null : Number(s.replace(/[\s,]/g, "")));

function draftFrom(i: Indicator): IndicatorDraft {
  return {
    libraryCode: i.libraryCode ?? "",
    title: i.title,
    logframeItemId: i.logframeItemId,
    unit: i.unit,
    calculation: i.calculation,
    baselineValue: i.baselineValue == null ? "" : String(i.baselineValue),
    baselineText: i.baselineText ?? "",
    baselineDate: i.baselineDate ?? "",
    disaggregations: i.disaggregations,
    targets: i.targets.map((x) => newTarget(x.periodStart, x.periodEnd, String(x.value))),
  };
}

/** The rows sent, in order: the server's targets.N errors name the Nth of these, not the Nth row shown. */
export const sentTargets = (draft: IndicatorDraft) => draft.targets.filter((r) => r.value.trim() !== "");

function bodyFrom(d: IndicatorDraft) {
  const text = d.unit === "text";
  return {
    logframeItemId: d.logframeItemId,
    title: d.title,
    unit: d.unit,
    calculation: d.calculation,
    baselineValue: text ? null : toNumber(d.baselineValue),
    baselineText: text ? d.baselineText || null : null,
    baselineDate: d.baselineDate || null,
    disaggregations: d.disaggregations,
    // A row with no value is no target; a typed value goes to the server, which names what is wrong.
    targets: sentTargets(d).map((r) => ({
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      value: toNumber(r.value) ?? 0,
    })),
  };
}

export function useIndicatorForm(
  programme: ProgrammeDetail,
  indicator: Indicator | undefined,
  onSaved: () => void,
): EditForm<IndicatorDraft> {
  const { t } = useTranslation();
  const level = (id: string) => {
    const item = programme.logframe.find((i) => i.id === id);
    return item ? `${t(`programmes.levels.${item.level}`)}: ${item.text}` : "";
  };
  const fields: ConflictField<IndicatorDraft>[] = [
    { key: "title", label: t("programmes.indicator"), show: (d) => d.title },
    { key: "logframeItemId", label: t("programmes.fields.level"), show: (d) => level(d.logframeItemId) },
    { key: "unit", label: t("programmes.fields.unit"), show: (d) => t(`programmes.units.${d.unit}`) },
    {
      key: "calculation",
      label: t("programmes.editing.calculation"),
      show: (d) => t(`programmes.editing.calculations.${d.calculation}`),
    },
    { key: "baselineValue", label: t("programmes.baseline"), show: (d) => d.baselineValue },
    { key: "baselineText", label: t("programmes.editing.baselineText"), show: (d) => d.baselineText },
    { key: "baselineDate", label: t("programmes.editing.baselineDate"), show: (d) => d.baselineDate },
    {
      key: "disaggregations",
      label: t("programmes.editing.disaggregations"),
      show: (d) => d.disaggregations.map((x) => t(`programmes.editing.dimensions.${x}`)).join(", "),
    },
    {
      key: "targets",
      label: t("programmes.editing.targets"),
      show: (d) =>
        sentTargets(d)
          .map((r) => `${r.periodStart} – ${r.periodEnd}: ${r.value}`)
          .join("; "),
    },
  ];
  return useEditForm({
    record: indicator,
    // After a 412: the indicator as the server has it now.
    load: indicator
      ? async () => {
          const p = await unwrap(client.api.programmes[":id"].$get({ param: { id: programme.id } }));
          const current = p.indicators.find((i) => i.id === indicator.id);
          if (!current) throw new Error("indicator gone");
          return current;
        }
      : undefined,
    empty: () => ({
      libraryCode: "",
      title: "",
      logframeItemId: programme.logframe[0]?.id ?? "",
      unit: "people",
      calculation: "sum",
      baselineValue: "",
      baselineText: "",
      baselineDate: "",
      disaggregations: ["sex", "category"],
      targets: [newTarget(programme.startDate, programme.endDate)],
    }),
    toDraft: draftFrom,
    versionOf: (record) => record.version,
    fields,
    save: (draft, version) =>
      indicator
        ? unwrap(
            client.api.programmes[":id"].indicators[":indicatorId"].$patch({
              param: { id: programme.id, indicatorId: indicator.id },
              json: bodyFrom(draft),
              header: ifMatch(version ?? indicator.version),
            }),
          )
        : unwrap(
            client.api.programmes[":id"].indicators.$post({
              param: { id: programme.id },
              json: { ...bodyFrom(draft), libraryCode: draft.libraryCode || null },
            }),
          ),
    onSaved: () => {
      onSaved();
      return undefined;
    },
  });
}
