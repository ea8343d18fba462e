// Small pieces the partnership pages share: the period as written in the reader's language, and an organisation
// picker searching the register.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PartnershipPeriod } from "../../modules/partnerships/partnerships.schema";
import { formatPartialDate, parsePartialDate } from "../../shared/partial-date";
import { client, unwrap } from "../api";
import { Combobox } from "../ui/Combobox";
import type { UiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

/** "2022 – open", "early 2022 (…) – 2026", or that no period is known. */
export function PeriodText({ period, locale }: { period: PartnershipPeriod; locale: UiLocale }) {
  const { t } = useTranslation();
  const show = (text: string | null) =>
    text ? (formatPartialDate(parsePartialDate(text), locale) ?? text) : null;
  const from = show(period.startsOn);
  const to = show(period.endsOn);
  if (!from && !to) return <>{t("partnerships.period.unknown")}</>;
  return (
    <>
      {t("partnerships.period.span", {
        from: from ?? t("partnerships.period.unknownStart"),
        to: to ?? t("partnerships.period.open"),
      })}
    </>
  );
}

export type OrganisationChoice = { id: string; name: string };

/** Searches the register's organisations by name or acronym; choosing one hands it back and clears the field. */
export function OrganisationPicker({
  label,
  onChoose,
  error,
}: {
  label: string;
  onChoose(organisation: OrganisationChoice): void;
  error?: string;
}) {
  const [q, setQ] = useState("");
  const found = useAsync(
    () =>
      q.trim().length < 2
        ? Promise.resolve({ items: [] as OrganisationChoice[], total: 0 })
        : unwrap(client.api.organisations.$get({ query: { q, limit: "8" } })),
    [q],
  );
  return (
    <Combobox
      label={label}
      value={q}
      onValueChange={setQ}
      error={error}
      options={found.data?.items.map((o) => ({
        key: o.id,
        content: o.name,
        choose: () => {
          onChoose({ id: o.id, name: o.name });
          setQ("");
        },
      }))}
    />
  );
}
