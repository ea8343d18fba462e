// The agreement form's draft: read from an agreement (or the one a new amendment amends), sent as a create or a patch.
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  type AgreementDetail,
  AgreementInputSchema,
  type AgreementKind,
  type AgreementStatus,
  type PartyRole,
  type PlaceSet,
} from "../../modules/agreements/agreements.schema";
import { fieldErrorsFromZod } from "../../shared/validation";
import { client, ifMatch, unwrap } from "../api";
import { type ConflictField, type EditForm, useEditForm } from "../ui/useEditForm";
import { impossibleDateStop } from "./impossible-date-stop";

export type PartyDraft = { organisationId: string; name: string; role: PartyRole };
export type AreaDraft = { placeId: string | null; placeSet: PlaceSet | null; label: string };
export type AgreementDraft = {
  title: string;
  reference: string;
  kind: AgreementKind;
  status: AgreementStatus;
  purpose: string;
  signedOnText: string;
  validFrom: string;
  validUntil: string;
  renewalTerms: string;
  followUpBody: string;
  amendsId: string;
  amendsTitle: string;
  parties: PartyDraft[];
  /**
   * The party keeping the register: an organisation id, "" for none, or null while nobody chose — then a new
   * agreement shows the preselected one (the user's organisation, or the party keeping most agreements).
   */
  keeperOrganisationId: string | null;
  themes: string[];
  areas: AreaDraft[];
  commitments: string;
};

const EMPTY: AgreementDraft = {
  title: "",
  reference: "",
  kind: "mou",
  status: "active",
  purpose: "",
  signedOnText: "",
  validFrom: "",
  validUntil: "",
  renewalTerms: "",
  followUpBody: "",
  amendsId: "",
  amendsTitle: "",
  parties: [],
  keeperOrganisationId: null,
  themes: [],
  areas: [],
  commitments: "",
};

function draftFrom(a: AgreementDetail): AgreementDraft {
  return {
    title: a.title,
    reference: a.reference ?? "",
    kind: a.kind,
    status: a.status,
    purpose: a.purpose ?? "",
    signedOnText: a.signedOn.text ?? "",
    validFrom: a.validFrom ?? "",
    validUntil: a.validUntil ?? "",
    renewalTerms: a.renewalTerms ?? "",
    followUpBody: a.followUpBody ?? "",
    amendsId: a.amends?.id ?? "",
    amendsTitle: a.amends?.title ?? "",
    parties: a.parties.map((p) => ({
      organisationId: p.organisationId,
      name: p.organisationName,
      role: p.role,
    })),
    keeperOrganisationId: a.keeperOrganisationId ?? "",
    themes: a.themes,
    areas: a.areas.map((ar) => ({ placeId: ar.placeId, placeSet: ar.placeSet, label: ar.label })),
    commitments: "",
  };
}

/** The patch body: what an edit may change (status and commitments have their own actions). */
function patchBody(draft: AgreementDraft, keeperId: string) {
  return {
    title: draft.title,
    reference: draft.reference,
    kind: draft.kind,
    purpose: draft.purpose,
    signedOnText: draft.signedOnText,
    validFrom: draft.validFrom || null,
    validUntil: draft.validUntil || null,
    renewalTerms: draft.renewalTerms,
    followUpBody: draft.followUpBody,
    amendsId: draft.kind === "amendment" ? draft.amendsId || null : null,
    keeperOrganisationId: keeperId || null,
    parties: draft.parties.map((p) => ({ organisationId: p.organisationId, role: p.role })),
    themes: draft.themes,
    areas: draft.areas.map((a) => (a.placeSet ? { placeSet: a.placeSet } : { placeId: a.placeId })),
  };
}

function createBody(draft: AgreementDraft, keeperId: string) {
  return {
    ...patchBody(draft, keeperId),
    status: draft.status,
    commitments: draft.commitments
      .split("\n")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((text) => ({ text })),
  };
}

/**
 * The agreement form's state. `id` edits that agreement; `amends` starts a new amendment from the agreement it
 * amends; `keeperFor` says which keeper a new agreement sends while the user has not chosen one.
 */
export function useAgreementForm(
  id: string | undefined,
  amends: string | null,
  keeperFor: (draft: AgreementDraft) => string,
  /** A theme's name in the reader's language, for the conflict view. */
  themeLabel: (code: string) => string,
): EditForm<AgreementDraft> {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const source = id ?? amends;
  // Impossible signature dates the user was told of at a save, or that the agreement already had.
  const toldDates = useRef(new Set<string>());
  const text = (key: keyof AgreementDraft) => (d: AgreementDraft) => String(d[key] ?? "");
  const fields: ConflictField<AgreementDraft>[] = [
    { key: "title", label: t("agreements.fields.title"), show: text("title") },
    { key: "reference", label: t("agreements.fields.reference"), show: text("reference") },
    { key: "kind", label: t("agreements.fields.kind"), show: (d) => t(`agreements.kinds.${d.kind}`) },
    { key: "amendsId", label: t("agreements.fields.amends"), show: (d) => d.amendsTitle },
    {
      key: "parties",
      label: t("agreements.fields.parties"),
      show: (d) => d.parties.map((p) => `${p.name} (${t(`agreements.roles.${p.role}`)})`).join(", "),
    },
    {
      key: "keeperOrganisationId",
      label: t("agreements.fields.keeperOrganisationId"),
      show: (d) => d.parties.find((p) => p.organisationId === d.keeperOrganisationId)?.name ?? "",
    },
    { key: "signedOnText", label: t("agreements.fields.signedOnText"), show: text("signedOnText") },
    { key: "validFrom", label: t("agreements.fields.validFrom"), show: text("validFrom") },
    { key: "validUntil", label: t("agreements.fields.validUntil"), show: text("validUntil") },
    { key: "renewalTerms", label: t("agreements.fields.renewalTerms"), show: text("renewalTerms") },
    { key: "purpose", label: t("agreements.fields.purpose"), show: text("purpose") },
    { key: "themes", label: t("agreements.fields.themes"), show: (d) => d.themes.map(themeLabel).join(", ") },
    {
      key: "areas",
      label: t("agreements.fields.areas"),
      show: (d) => d.areas.map((a) => (a.placeSet ? t(`agreements.sets.${a.placeSet}`) : a.label)).join(", "),
    },
    { key: "followUpBody", label: t("agreements.fields.followUpBody"), show: text("followUpBody") },
  ];
  const form = useEditForm({
    load: source ? () => unwrap(client.api.agreements[":id"].$get({ param: { id: source } })) : undefined,
    loadKey: source ?? undefined,
    empty: () => EMPTY,
    toDraft: (a: AgreementDetail): AgreementDraft => {
      if (id) toldDates.current.add((a.signedOn.text ?? "").trim());
      return id
        ? draftFrom(a)
        : {
            // A new amendment starts from the agreement it amends, kept where that one is kept.
            ...EMPTY,
            kind: "amendment",
            status: "draft",
            title: t("agreements.amendmentOf", { title: a.title }),
            amendsId: a.id,
            amendsTitle: a.title,
            parties: draftFrom(a).parties,
            keeperOrganisationId: a.keeperOrganisationId,
            themes: a.themes,
            areas: draftFrom(a).areas,
          };
    },
    versionOf: (a) => (id ? a.version : undefined),
    fields,
    validate: (draft) => {
      const parsed = AgreementInputSchema.safeParse(createBody(draft, keeperFor(draft)));
      const errors = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
      const stop = errors.some((e) => e.path === "signedOnText")
        ? null
        : impossibleDateStop(draft.signedOnText, toldDates.current);
      if (!stop) return errors;
      toldDates.current.add(draft.signedOnText.trim());
      return [...errors, stop];
    },
    save: (draft, version) =>
      id && version !== undefined
        ? unwrap(
            client.api.agreements[":id"].$patch({
              param: { id },
              header: ifMatch(version),
              json: patchBody(draft, keeperFor(draft)),
            }),
          )
        : unwrap(client.api.agreements.$post({ json: createBody(draft, keeperFor(draft)) })),
    onSaved: (saved) => void navigate(`/agreements/${saved.id}`, { state: { saved: true } }),
    history: id
      ? () => unwrap(client.api.agreements[":id"].history.$get({ param: { id } })).then((h) => h.items)
      : undefined,
  });
  return form;
}
