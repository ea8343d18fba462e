// Where an incident happened: a district, a sector of it, a place of detention in it, abroad (a country), or not known.
import { useTranslation } from "react-i18next";
import { PLACE_KINDS } from "../../modules/incidents/incidents.schema";
import { client, unwrap } from "../api";
import { Field } from "../ui/Field";
import { useAsync } from "../ui/useAsync";
import { CountrySelect, useDistricts } from "./IncidentBits";
import type { IncidentDraft } from "./incident-draft";

type Props = {
  draft: IncidentDraft;
  setDraft(update: (d: IncidentDraft) => IncidentDraft): void;
  err(path: string): string | undefined;
};

export function IncidentPlaceFields({ draft, setDraft, err }: Props) {
  const { t } = useTranslation();
  const districts = useDistricts();
  const { placeKind, districtId } = draft;
  const within = placeKind === "sector" || placeKind === "detention";
  // Sectors of the district, or its places of detention: asked for only once the district is known.
  const places = useAsync(
    () =>
      within && districtId
        ? unwrap(
            client.api.places.$get({
              query: {
                kind: placeKind === "sector" ? "sector" : "place_of_detention",
                parentId: districtId,
                limit: "200",
              },
            }),
          )
        : Promise.resolve({ items: [], total: 0 }),
    [within, placeKind, districtId],
  );
  const placeError = err("placeId");
  return (
    <fieldset>
      <legend>{t("incidents.fields.place")}</legend>
      <Field label={t("incidents.fields.placeKind")} required error={err("placeKind")}>
        {(p) => (
          <select
            {...p}
            value={placeKind}
            onChange={(e) => {
              const next = PLACE_KINDS.find((k) => k === e.target.value) ?? "unknown";
              setDraft((d) => ({ ...d, placeKind: next, placeId: "" }));
            }}
          >
            {PLACE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`incidents.placeKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {placeKind === "district" || within ? (
        <Field
          label={t("incidents.fields.district")}
          required
          error={placeKind === "district" || !districtId ? placeError : undefined}
        >
          {(p) => (
            <select
              {...p}
              value={districtId}
              onChange={(e) => setDraft((d) => ({ ...d, districtId: e.target.value, placeId: "" }))}
            >
              <option value="">{t("common.choose")}</option>
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {within && districtId ? (
        <Field
          label={placeKind === "sector" ? t("incidents.fields.sector") : t("incidents.fields.detentionPlace")}
          required
          error={placeError}
          hint={
            places.data && places.data.items.length === 0 && !places.loading
              ? t("incidents.form.noPlaceInDistrict")
              : undefined
          }
        >
          {(p) => (
            <select
              {...p}
              value={draft.placeId}
              onChange={(e) => setDraft((d) => ({ ...d, placeId: e.target.value }))}
            >
              <option value="">{t("common.choose")}</option>
              {places.data?.items.map((place) => (
                <option key={place.id} value={place.id}>
                  {place.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {placeKind === "abroad" ? (
        <Field label={t("incidents.fields.country")} required error={err("countryCode")}>
          {(p) => (
            <CountrySelect
              control={p}
              value={draft.countryCode}
              onChange={(countryCode) => setDraft((d) => ({ ...d, countryCode }))}
            />
          )}
        </Field>
      ) : null}
    </fieldset>
  );
}
