// Small pieces every incident page shares: status badges, where it happened, countries, the districts list and the
// links between the incident pages.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import type {
  IncidentStatus,
  IncidentSummary,
  ReferralStatus,
} from "../../modules/incidents/incidents.schema";
import { client, unwrap } from "../api";
import { useMe } from "../session";
import { useAsync } from "../ui/useAsync";
import { maySomewhere } from "./incident-access";
import "./incidents.css";

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <span className={`status status-incident-${status}`}>{t(`incidents.status.${status}`)}</span>;
}

export function ReferralStatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <span className={`status status-referral-${status}`}>{t(`referrals.status.${status}`)}</span>;
}

/** Countries offered first: Rwanda, its neighbours and where trafficked Rwandans are most often taken. */
export const COUNTRY_CODES = [
  "RW",
  "UG",
  "CD",
  "BI",
  "TZ",
  "KE",
  "SS",
  "ET",
  "ZA",
  "MZ",
  "AE",
  "SA",
  "OM",
  "QA",
  "KW",
  "LB",
  "JO",
  "IN",
  "CN",
] as const;

/** The country's name in the reader's language; a code outside the list stays a code. */
export function useCountryName(): (code: string | null | undefined) => string {
  const { t } = useTranslation();
  return (code) => (code ? t(`incidents.countries.${code}`, { defaultValue: code }) : "");
}

type Control = { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean };

const isListed = (code: string) => (COUNTRY_CODES as readonly string[]).includes(code.toUpperCase());

/** A country: one of the listed ones, or any other by its two-letter code. */
export function CountrySelect({
  control,
  value,
  onChange,
}: {
  control: Control;
  value: string;
  onChange(code: string): void;
}) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const [other, setOther] = useState(() => value !== "" && !isListed(value));
  return (
    <div className="country-select">
      <select
        {...control}
        value={other ? "other" : value.toUpperCase()}
        onChange={(e) => {
          setOther(e.target.value === "other");
          onChange(e.target.value === "other" ? "" : e.target.value);
        }}
      >
        <option value="">{t("common.choose")}</option>
        {COUNTRY_CODES.map((code) => (
          <option key={code} value={code}>
            {countryName(code)}
          </option>
        ))}
        <option value="other">{t("incidents.countries.other")}</option>
      </select>
      {other ? (
        <input
          aria-label={t("incidents.countries.code")}
          aria-describedby={control["aria-describedby"]}
          aria-invalid={control["aria-invalid"]}
          className="input-short"
          maxLength={2}
          placeholder={t("incidents.countries.codeExample")}
          value={value}
          onChange={(e) => onChange(e.target.value.toUpperCase())}
        />
      ) : null}
    </div>
  );
}

/** Where it happened, in words: the place and its district, the country, or "not known". */
export function usePlaceText(): (
  i: Pick<IncidentSummary, "placeKind" | "placeName" | "districtName" | "countryCode">,
) => string {
  const { t } = useTranslation();
  const countryName = useCountryName();
  return (i) => {
    if (i.placeKind === "abroad") return `${t("incidents.placeKind.abroad")}: ${countryName(i.countryCode)}`;
    if (i.placeKind === "unknown") return t("incidents.placeKind.unknown");
    const place = i.placeName ?? "";
    return i.districtName && i.districtName !== place ? `${place}, ${i.districtName}` : place;
  };
}

/** The thirty districts, for pickers and filters. */
export function useDistricts() {
  return useAsync(() => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })), []);
}

/** Links between the incident pages, each shown to those whose roles open it. */
export function IncidentsNav() {
  const { t } = useTranslation();
  const me = useMe();
  const may = (resource: Parameters<typeof maySomewhere>[1]) => maySomewhere(me.grants, resource, "read");
  return (
    <nav className="incidents-nav" aria-label={t("incidents.nav.label")}>
      {may("incident") ? (
        <NavLink to="/incidents" end>
          {t("incidents.nav.incidents")}
        </NavLink>
      ) : null}
      {may("referral") ? <NavLink to="/referrals">{t("incidents.nav.referrals")}</NavLink> : null}
      <NavLink to="/service-providers">{t("incidents.nav.providers")}</NavLink>
      {may("incident_statistics") ? (
        <NavLink to="/incidents/statistics">{t("incidents.nav.statistics")}</NavLink>
      ) : null}
    </nav>
  );
}

/** A person's profile in words: role (and perpetrator type), sex, age group, nationality, disability. */
export function useProfileText() {
  const { t } = useTranslation();
  const countryName = useCountryName();
  return (p: {
    role: string;
    perpetratorType: string | null;
    sex: string;
    ageGroup: string;
    nationality: string | null;
    disability: string;
  }) =>
    [
      p.role === "perpetrator" && p.perpetratorType
        ? `${t(`incidents.role.${p.role}`)} (${t(`incidents.perpetratorType.${p.perpetratorType}`)})`
        : t(`incidents.role.${p.role}`),
      t(`incidents.sex.${p.sex}`),
      t(`incidents.ageGroup.${p.ageGroup}`),
      p.nationality ? countryName(p.nationality) : null,
      p.disability === "none" || p.disability === "unknown"
        ? null
        : t(`incidents.disability.${p.disability}`),
    ]
      .filter(Boolean)
      .join(" · ");
}
