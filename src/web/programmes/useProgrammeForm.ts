// The programme form's draft: read from a programme, sent as a create or a patch with If-Match.
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { ProgrammeDetail, ProgrammeStatus } from "../../modules/programmes/programmes.schema";
import { client, ifMatch, unwrap } from "../api";
import { type ConflictField, type EditForm, useEditForm } from "../ui/useEditForm";

export type DonorDraft = { key: number; organisationId: string; amount: string; currency: string };
type Ref = { id: string; name: string };
export type ProgrammeDraft = {
  title: string;
  leadOrganisationId: string;
  startDate: string;
  endDate: string;
  status: ProgrammeStatus;
  objective: string;
  description: string;
  partnerIds: string[];
  donors: DonorDraft[];
  districtIds: string[];
  /** Places that are not districts (sectors, facilities, from an import): kept unless removed. */
  otherPlaces: Ref[];
  themes: string[];
  agreements: Ref[];
};

let nextKey = 0;
export const newDonor = (): DonorDraft => ({
  key: nextKey++,
  organisationId: "",
  amount: "",
  currency: "USD",
});

function draftFrom(p: ProgrammeDetail): ProgrammeDraft {
  return {
    title: p.title,
    leadOrganisationId: p.lead.id,
    startDate: p.startDate,
    endDate: p.endDate,
    status: p.status,
    objective: "",
    description: p.description ?? "",
    partnerIds: p.partners.map((o) => o.id),
    donors: p.donors.map((d) => ({
      key: nextKey++,
      organisationId: d.id,
      amount: d.amount === null ? "" : String(d.amount),
      currency: d.currency ?? "USD",
    })),
    districtIds: p.places.filter((x) => x.kind === "district").map((x) => x.id),
    otherPlaces: p.places.filter((x) => x.kind !== "district"),
    themes: p.themes,
    agreements: p.agreements.map((a) => ({ id: a.id, name: a.title })),
  };
}

function bodyFrom(draft: ProgrammeDraft) {
  return {
    title: draft.title,
    leadOrganisationId: draft.leadOrganisationId,
    startDate: draft.startDate,
    endDate: draft.endDate,
    status: draft.status,
    description: draft.description || null,
    partnerIds: draft.partnerIds,
    placeIds: [...draft.districtIds, ...draft.otherPlaces.map((x) => x.id)],
    themes: draft.themes,
    agreementIds: draft.agreements.map((a) => a.id),
    // A row without an organisation is no donor; a typed amount (even a wrong one) goes to the server to be checked.
    donors: draft.donors
      .filter((d) => d.organisationId)
      .map((d) => ({
        organisationId: d.organisationId,
        amount: d.amount.trim() === "" ? null : Number(d.amount),
        currency: d.amount.trim() === "" ? null : d.currency.trim().toUpperCase(),
      })),
  };
}

/** Names for the ids a draft holds, so a conflict reads in words. */
export type ProgrammeNames = {
  organisation(id: string): string;
  district(id: string): string;
  theme(code: string): string;
};

export function useProgrammeForm(id: string | undefined, names: ProgrammeNames): EditForm<ProgrammeDraft> {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const text = (key: "title" | "startDate" | "endDate" | "description") => (d: ProgrammeDraft) => d[key];
  const list = (ids: string[], name: (id: string) => string) => ids.map(name).join(", ");
  const fields: ConflictField<ProgrammeDraft>[] = [
    { key: "title", label: t("programmes.fields.title"), show: text("title") },
    {
      key: "leadOrganisationId",
      label: t("programmes.fields.lead"),
      show: (d) => names.organisation(d.leadOrganisationId),
    },
    { key: "startDate", label: t("programmes.fields.startDate"), show: text("startDate") },
    { key: "endDate", label: t("programmes.fields.endDate"), show: text("endDate") },
    {
      key: "status",
      label: t("programmes.fields.status"),
      show: (d) => t(`programmes.statuses.${d.status}`),
    },
    {
      key: "partnerIds",
      label: t("programmes.fields.partners"),
      show: (d) => list(d.partnerIds, names.organisation),
    },
    {
      key: "donors",
      label: t("programmes.fields.donors"),
      show: (d) =>
        d.donors
          .filter((x) => x.organisationId)
          .map(
            (x) => `${names.organisation(x.organisationId)}${x.amount ? ` ${x.amount} ${x.currency}` : ""}`,
          )
          .join(", "),
    },
    {
      key: "districtIds",
      label: t("programmes.fields.districts"),
      show: (d) => list(d.districtIds, names.district),
    },
    {
      key: "otherPlaces",
      label: t("programmes.editing.otherPlaces"),
      show: (d) => d.otherPlaces.map((x) => x.name).join(", "),
    },
    {
      key: "themes",
      label: t("programmes.fields.themes"),
      show: (d) => d.themes.map(names.theme).join(", "),
    },
    {
      key: "agreements",
      label: t("programmes.editing.agreements"),
      show: (d) => d.agreements.map((x) => x.name).join(", "),
    },
    { key: "description", label: t("programmes.fields.description"), show: text("description") },
  ];
  return useEditForm({
    load: id ? () => unwrap(client.api.programmes[":id"].$get({ param: { id } })) : undefined,
    loadKey: id,
    empty: (): ProgrammeDraft => ({
      title: "",
      leadOrganisationId: "",
      startDate: "",
      endDate: "",
      status: "planned",
      objective: "",
      description: "",
      partnerIds: [],
      donors: [newDonor()],
      districtIds: [],
      otherPlaces: [],
      themes: [],
      agreements: [],
    }),
    toDraft: draftFrom,
    versionOf: (p) => p.version,
    fields,
    save: (draft, version) =>
      id && version !== undefined
        ? unwrap(
            client.api.programmes[":id"].$patch({
              param: { id },
              header: ifMatch(version),
              json: bodyFrom(draft),
            }),
          )
        : unwrap(
            client.api.programmes.$post({
              json: { ...bodyFrom(draft), objective: draft.objective || undefined },
            }),
          ),
    onSaved: (saved) => void navigate(`/programmes/${saved.id}`),
    history: id
      ? () => unwrap(client.api.programmes[":id"].history.$get({ param: { id } })).then((h) => h.items)
      : undefined,
  });
}
