// The event form's draft: read from an event (or a new one's defaults), sent as a create or a patch.
import { useTranslation } from "react-i18next";
import type {
  EventKind,
  ParticipantCategory,
  ProgrammeDetail,
  ProgrammeEvent,
  Sex,
} from "../../modules/programmes/programmes.schema";
import { client, ifMatch, unwrap } from "../api";
import { type ConflictField, type EditForm, useEditForm } from "../ui/useEditForm";

/** A participants row; `key` keeps React's identity stable while rows are added. */
export type ParticipantRow = { key: number; category: ParticipantCategory; sex: Sex; count: string };
type Ref = { id: string; name: string };
export type EventDraft = {
  kind: EventKind;
  title: string;
  startDate: string;
  endDate: string;
  /** An event whose report gave no date keeps saying so until its user enters the real date. */
  dateReported: boolean;
  placeId: string;
  /** Places after the first (from an import or the API): kept unless removed. */
  otherPlaces: Ref[];
  organiserIds: string[];
  activityId: string;
  indicatorIds: string[];
  rows: ParticipantRow[];
  reachNote: string;
  repeatAudience: boolean;
};

let nextRowKey = 0;
export const newRow = (category: ParticipantCategory): ParticipantRow => ({
  key: nextRowKey++,
  category,
  sex: "unknown",
  count: "",
});

/** Indicators an event can feed: those counting people or events. */
export const eligibleIndicators = (programme: ProgrammeDetail) =>
  programme.indicators.filter((i) => i.unit === "people" || i.unit === "events");

function draftFrom(e: ProgrammeEvent): EventDraft {
  return {
    kind: e.kind,
    title: e.title,
    startDate: e.startDate,
    endDate: e.endDate ?? "",
    dateReported: e.dateReported,
    placeId: e.places[0]?.id ?? "",
    otherPlaces: e.places.slice(1),
    organiserIds: e.organisers.map((o) => o.id),
    activityId: e.activityId ?? "",
    indicatorIds: e.indicatorIds,
    rows: e.participants.map((p) => ({ ...newRow(p.category), sex: p.sex, count: String(p.count) })),
    reachNote: e.reachNote ?? "",
    repeatAudience: e.repeatAudience,
  };
}

function bodyFrom(d: EventDraft) {
  return {
    kind: d.kind,
    title: d.title,
    startDate: d.startDate,
    endDate: d.endDate || null,
    dateReported: d.dateReported,
    placeIds: [
      ...(d.placeId ? [d.placeId] : []),
      ...d.otherPlaces.map((x) => x.id).filter((x) => x !== d.placeId),
    ],
    organiserIds: d.organiserIds,
    activityId: d.activityId || null,
    indicatorIds: d.indicatorIds,
    // An empty count is no row; a typed number (even a wrong one) goes to the server to be checked.
    participants: d.rows
      .filter((r) => r.count.trim() !== "")
      .map((r) => ({ category: r.category, sex: r.sex, count: Number(r.count) })),
    reachNote: d.reachNote || null,
    repeatAudience: d.repeatAudience,
  };
}

export function useEventForm(
  programme: ProgrammeDetail,
  event: ProgrammeEvent | undefined,
  onSaved: () => void,
): EditForm<EventDraft> {
  const { t } = useTranslation();
  const yesNo = (b: boolean) => (b ? "✓" : "—");
  const fields: ConflictField<EventDraft>[] = [
    {
      key: "kind",
      label: t("programmes.fields.eventKind"),
      show: (d) => t(`programmes.eventKinds.${d.kind}`),
    },
    { key: "title", label: t("programmes.fields.eventTitle"), show: (d) => d.title },
    { key: "startDate", label: t("programmes.fields.date"), show: (d) => d.startDate },
    { key: "endDate", label: t("programmes.editing.endDate"), show: (d) => d.endDate },
    {
      key: "rows",
      label: t("programmes.participants"),
      show: (d) =>
        d.rows
          .filter((r) => r.count.trim() !== "")
          .map(
            (r) =>
              `${t(`programmes.categories.${r.category}`)}, ${t(`programmes.sexes.${r.sex}`)}: ${r.count}`,
          )
          .join("; "),
    },
    { key: "reachNote", label: t("programmes.fields.reachNote"), show: (d) => d.reachNote },
    { key: "repeatAudience", label: t("programmes.repeatAudience"), show: (d) => yesNo(d.repeatAudience) },
  ];
  return useEditForm({
    record: event,
    // After a 412: the event as the server has it now.
    load: event
      ? async () => {
          const p = await unwrap(client.api.programmes[":id"].$get({ param: { id: programme.id } }));
          const current = p.events.find((e) => e.id === event.id);
          if (!current) throw new Error("event gone");
          return current;
        }
      : undefined,
    empty: () => ({
      kind: "school_talk",
      title: "",
      startDate: "",
      endDate: "",
      dateReported: true,
      placeId: "",
      otherPlaces: [],
      organiserIds: [],
      activityId: "",
      indicatorIds: eligibleIndicators(programme).map((i) => i.id),
      rows: [newRow("students")],
      reachNote: "",
      repeatAudience: false,
    }),
    toDraft: draftFrom,
    versionOf: (record) => record.version,
    fields,
    save: (draft, version) =>
      event
        ? unwrap(
            client.api.programmes[":id"].events[":eventId"].$patch({
              param: { id: programme.id, eventId: event.id },
              json: bodyFrom(draft),
              header: ifMatch(version ?? event.version),
            }),
          )
        : unwrap(
            client.api.programmes[":id"].events.$post({ param: { id: programme.id }, json: bodyFrom(draft) }),
          ),
    onSaved: (_saved, draft) => {
      onSaved();
      // A new event's form stays open for the next one, on the same day and place.
      return event ? undefined : { ...draft, title: "", rows: [newRow("students")], reachNote: "" };
    },
  });
}
