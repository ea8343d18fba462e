// The agreements register's filters: kind, status, party kind, theme, place, year, expiry, overdue, order.
import { useTranslation } from "react-i18next";
import { AGREEMENT_KINDS, AGREEMENT_STATUSES, type Theme } from "../../modules/agreements/agreements.schema";
import { ORGANISATION_KINDS } from "../../modules/organisations/organisations.schema";
import { client, unwrap } from "../api";
import { FilterSelect } from "../ui/ListPage";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import type { UrlFilters } from "../ui/useUrlFilters";

/** Query parameters the page keeps in the address, so a filtered view can be bookmarked and shared. */
export const AGREEMENT_FILTERS = [
  "q",
  "kind",
  "status",
  "partyKind",
  "theme",
  "placeId",
  "signedYear",
  "expiringWithinDays",
  "hasOverduePlanned",
  "sort",
] as const;
export type AgreementFilter = (typeof AGREEMENT_FILTERS)[number];

export function AgreementFilters({
  filters,
  themes,
}: {
  filters: UrlFilters<AgreementFilter>;
  themes: Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const { values, set } = filters;
  const facilities = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "100" } })),
    [],
  );
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const years = Array.from(
    { length: new Date().getFullYear() - 1999 },
    (_, i) => new Date().getFullYear() - i,
  );
  return (
    <details className="filter-panel" open={filters.filtered}>
      <summary>{t("agreements.filters")}</summary>
      <div className="filters">
        <FilterSelect label={t("agreements.kind")} value={values.kind} onChange={(v) => set("kind", v)}>
          {AGREEMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`agreements.kinds.${k}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label={t("agreements.status")} value={values.status} onChange={(v) => set("status", v)}>
          {AGREEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`agreements.statuses.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("agreements.partyKind")}
          value={values.partyKind}
          onChange={(v) => set("partyKind", v)}
        >
          {ORGANISATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`organisation.kinds.${k}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label={t("agreements.theme")} value={values.theme} onChange={(v) => set("theme", v)}>
          {themes?.map((th) => (
            <option key={th.code} value={th.code}>
              {th.names[locale]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("agreements.place")}
          value={values.placeId}
          onChange={(v) => set("placeId", v)}
        >
          <optgroup label={t("agreements.facilities")}>
            {facilities.data?.items
              .filter((p) => p.isOpen)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.names[locale]}
                </option>
              ))}
          </optgroup>
          <optgroup label={t("agreements.districts")}>
            {districts.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </optgroup>
        </FilterSelect>
        <FilterSelect
          label={t("agreements.signedYear")}
          value={values.signedYear}
          onChange={(v) => set("signedYear", v)}
        >
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {y}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t("agreements.expiring")}
          value={values.expiringWithinDays}
          onChange={(v) => set("expiringWithinDays", v)}
        >
          {[30, 90, 180, 365].map((d) => (
            <option key={d} value={String(d)}>
              {t("agreements.withinDays", { count: d })}
            </option>
          ))}
        </FilterSelect>
        <label className="check">
          <input
            type="checkbox"
            checked={values.hasOverduePlanned === "true"}
            onChange={(e) => set("hasOverduePlanned", e.target.checked ? "true" : "")}
          />
          {t("agreements.hasOverdue")}
        </label>
        <FilterSelect
          label={t("agreements.sort")}
          value={values.sort}
          onChange={(v) => set("sort", v)}
          all={false}
        >
          {(["signed_desc", "signed_asc", "title", "updated_desc", "expiry"] as const).map((s) => (
            <option key={s} value={s === "signed_desc" ? "" : s}>
              {t(`agreements.sorts.${s}`)}
            </option>
          ))}
        </FilterSelect>
      </div>
    </details>
  );
}
