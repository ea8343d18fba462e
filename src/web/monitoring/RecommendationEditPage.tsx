// Editing a recommendation (monitors of its body): text, theme, vulnerable groups, addressee, priority, deadline and
// the places it concerns or all facilities. Saved with If-Match; a 412 shows, field by field, what someone else changed.
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { Recommendation } from "../../modules/monitoring/recommendations.schema";
import { EditFormEnd } from "../ui/EditFormEnd";
import { errorText, fieldErrorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { type ConflictField, useEditForm } from "../ui/useEditForm";
import { MonitoringTabs } from "./MonitoringTabs";
import { EMPTY_RECOMMENDATION, type RecommendationDraft, RecommendationFields } from "./RecommendationFields";
import { recommendationRequests } from "./recommendation-requests";

type Draft = RecommendationDraft & { reference: string };

const EMPTY: Draft = { ...EMPTY_RECOMMENDATION, reference: "" };

const draftOf = (r: Recommendation): Draft => ({
  reference: r.reference,
  text: r.text,
  theme: r.theme,
  vulnerableGroups: [...r.vulnerableGroups],
  addressee: [{ id: r.addressee.id, name: r.addressee.name }],
  priority: r.priority,
  deadline: r.deadline ?? "",
  placeIds: r.places.map((p) => p.id).sort(),
  allFacilities: r.allFacilities,
});

export function RecommendationEditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const places = useAsync(() => recommendationRequests.detentionPlaces(), []);
  const placeName = new Map((places.data?.items ?? []).map((p) => [p.id, p.name]));
  const r = (key: string) => t(`monitoring.recommendations.${key}`);
  const fields: ConflictField<Draft>[] = [
    { key: "text", label: r("text"), show: (d) => d.text },
    { key: "theme", label: r("theme"), show: (d) => t(`monitoring.themes.${d.theme}`) },
    {
      key: "vulnerableGroups",
      label: r("vulnerableGroups"),
      show: (d) => d.vulnerableGroups.map((g) => t(`monitoring.vulnerableGroups.${g}`)).join(", "),
    },
    { key: "addressee", label: r("addressee"), show: (d) => d.addressee.map((o) => o.name).join(", ") },
    {
      key: "priority",
      label: r("priority"),
      show: (d) => t(`monitoring.recommendations.priorities.${d.priority}`),
    },
    { key: "deadline", label: r("deadline"), show: (d) => d.deadline },
    { key: "allFacilities", label: r("allFacilities"), show: (d) => (d.allFacilities ? "✓" : "–") },
    {
      key: "placeIds",
      label: r("places"),
      show: (d) => d.placeIds.map((p) => placeName.get(p) ?? p).join(", "),
    },
  ];
  const form = useEditForm({
    load: () => recommendationRequests.get(id),
    loadKey: id,
    empty: () => EMPTY,
    toDraft: draftOf,
    versionOf: (rec) => rec.version,
    fields,
    save: (d, version) =>
      recommendationRequests.update(id, version ?? 0, {
        text: d.text,
        theme: d.theme,
        vulnerableGroups: d.vulnerableGroups,
        addresseeOrganisationId: d.addressee[0]?.id ?? "",
        priority: d.priority,
        deadline: d.deadline || null,
        placeIds: d.allFacilities ? [] : d.placeIds,
        allFacilities: d.allFacilities,
      }),
    onSaved: (saved) => void navigate(`/monitoring/recommendations/${saved.id}`),
  });
  const { draft } = form;
  const err = (path: string) => {
    const e = form.fieldError(path, true);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const back = `/monitoring/recommendations/${id}`;
  return (
    <div className="page">
      <MonitoringTabs />
      <p>
        <Link to={back}>← {t("common.back")}</Link>
      </p>
      <h1>{t("monitoring.recommendations.editTitle", { reference: draft.reference })}</h1>
      {form.loadError ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, form.loadError)}
        </p>
      ) : null}
      {!form.loaded && !form.loadError ? <div aria-busy="true" /> : null}
      {form.loaded ? (
        <form className="form" onSubmit={form.submit} noValidate>
          <RecommendationFields
            draft={draft}
            change={(patch) => form.setDraft((d) => ({ ...d, ...patch }))}
            errorAt={err}
            places={places.data?.items ?? []}
          />
          <EditFormEnd
            form={form}
            fieldLabel={(field) => t(`monitoring.recommendations.${field}`, { defaultValue: field })}
            cancelTo={back}
          />
        </form>
      ) : null}
    </div>
  );
}
