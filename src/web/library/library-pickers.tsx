// The links a lesson or document can have, found by searching: places (districts, sectors, facilities), one
// programme, one agreement. Each is a SearchChips over the register's own list answers.
import { useTranslation } from "react-i18next";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { type Chosen, SearchChips } from "../ui/SearchChips";

type Picker = { chosen: readonly Chosen[]; onChange(chosen: Chosen[]): void; error?: string | undefined };

export function PlacesPicker({ chosen, onChange, error }: Picker) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  return (
    <SearchChips
      legend={t("library.fields.places")}
      searchLabel={t("library.fields.findPlace")}
      chosen={chosen}
      onChange={onChange}
      error={error}
      max={50}
      search={(q) =>
        unwrap(client.api.places.$get({ query: { q, limit: "8" } })).then((r) =>
          r.items.map((p) => ({
            id: p.id,
            name: p.names[locale],
            detail: [t(`agreements.placeKinds.${p.kind}`), p.parentName].filter(Boolean).join(", "),
          })),
        )
      }
    />
  );
}

export function ProgrammePicker({ chosen, onChange, error }: Picker) {
  const { t } = useTranslation();
  return (
    <SearchChips
      legend={t("library.lesson.programme")}
      searchLabel={t("library.lesson.findProgramme")}
      chosen={chosen}
      onChange={onChange}
      error={error}
      max={1}
      search={(q) =>
        unwrap(client.api.programmes.$get({ query: { q, limit: "8" } })).then((r) =>
          r.items.map((p) => ({ id: p.id, name: p.title, detail: p.lead.acronym ?? p.lead.name })),
        )
      }
    />
  );
}

export function AgreementPicker({ chosen, onChange, error }: Picker) {
  const { t } = useTranslation();
  return (
    <SearchChips
      legend={t("library.lesson.agreement")}
      searchLabel={t("library.lesson.findAgreement")}
      chosen={chosen}
      onChange={onChange}
      error={error}
      max={1}
      search={(q) =>
        unwrap(client.api.agreements.$get({ query: { q, limit: "8" } })).then((r) =>
          r.items.map((a) => ({ id: a.id, name: a.title })),
        )
      }
    />
  );
}

export function OrganisationsPicker({ chosen, onChange, error }: Picker) {
  const { t } = useTranslation();
  return (
    <SearchChips
      legend={t("library.fields.organisations")}
      searchLabel={t("library.fields.findOrganisation")}
      chosen={chosen}
      onChange={onChange}
      error={error}
      max={20}
      search={(q) =>
        unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })).then((r) =>
          r.items.map((o) => ({ id: o.id, name: o.name })),
        )
      }
    />
  );
}
