// Administrators: what the public pages (/public) show — per institution, which sections it publishes; the licence
// line; the register-wide incident statistics. Saved as one record with If-Match (decision 031).
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  PUBLIC_SECTIONS,
  type PublicInstitutionInput,
  type PublicPortalSettings,
  type PublicSection,
} from "../../modules/public/public.schema";
import type { FieldError } from "../../shared/app-errors";
import { ApiError, client, ifMatch, unwrap } from "../api";
import { OrganisationPicker } from "../partnerships/PartnershipBits";
import { errorsByPath, errorText, fieldErrorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

type Row = PublicInstitutionInput & { name: string };

const SECTION_LABEL: Record<PublicSection, string> = {
  agreements: "publicPortal.nav.agreements",
  threeW: "publicPortal.nav.threeW",
  recommendations: "publicPortal.nav.recommendations",
  programmeResults: "publicPortal.nav.programmeResults",
};

const rowsOf = (s: PublicPortalSettings): Row[] => s.institutions.map(({ acronym: _a, ...r }) => r);

export function PublicPortalPage() {
  const { t } = useTranslation();
  const loaded = useAsync(() => unwrap(client.api["public-portal"].$get()), []);
  const [settings, setSettings] = useState<PublicPortalSettings | null>(null);
  const [licence, setLicence] = useState("");
  const [incidentStatistics, setIncidentStatistics] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(fieldErrors);

  const show = (s: PublicPortalSettings) => {
    setSettings(s);
    setLicence(s.licence);
    setIncidentStatistics(s.incidentStatistics);
    setRows(rowsOf(s));
  };
  useEffect(() => {
    const s = loaded.data;
    if (!s) return;
    setSettings(s);
    setLicence(s.licence);
    setIncidentStatistics(s.incidentStatistics);
    setRows(rowsOf(s));
  }, [loaded.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await unwrap(
        client.api["public-portal"].$patch({
          header: ifMatch(settings.version),
          json: {
            licence,
            incidentStatistics,
            institutions: rows.map(({ name: _n, ...r }) => r),
          },
        }),
      );
      show(saved);
      setFieldErrors([]);
      setMessage({ ok: true, text: t("publicPortal.admin.saved") });
    } catch (e) {
      if (e instanceof ApiError) setFieldErrors(e.fieldErrors);
      setMessage({ ok: false, text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const rowError = (i: number) => {
    const error = byPath[`institutions.${i}.organisationId`];
    return error ? fieldErrorText(t, error) : "";
  };
  const toggle = (index: number, section: PublicSection) =>
    setRows((all) => all.map((r, i) => (i === index ? { ...r, [section]: !r[section] } : r)));

  return (
    <div className="page">
      <h1>{t("publicPortal.admin.title")}</h1>
      <p>{t("publicPortal.admin.intro")}</p>
      <p>
        <a href="/public">{t("publicPortal.admin.open")}</a>
      </p>
      {loaded.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, loaded.error)}
        </p>
      ) : null}
      {settings ? (
        <form onSubmit={save} noValidate>
          <Field
            label={t("publicPortal.admin.licence")}
            hint={t("publicPortal.admin.licenceHint")}
            error={byPath.licence ? fieldErrorText(t, byPath.licence) : undefined}
          >
            {(props) => (
              <input
                {...props}
                value={licence}
                maxLength={200}
                onChange={(e) => setLicence(e.target.value)}
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={incidentStatistics}
              onChange={(e) => setIncidentStatistics(e.target.checked)}
            />{" "}
            {t("publicPortal.admin.incidentStatistics")}
          </label>
          <h2>{t("publicPortal.admin.institutions")}</h2>
          {rows.length === 0 ? <p className="muted">{t("publicPortal.admin.none")}</p> : null}
          {rows.length > 0 ? (
            <div className="table-scroll" {...scrollRegion(t("publicPortal.admin.institutions"))}>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t("publicPortal.admin.institution")}</th>
                    {PUBLIC_SECTIONS.map((s) => (
                      <th scope="col" key={s}>
                        {t(SECTION_LABEL[s])}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="visually-hidden">{t("publicPortal.admin.remove")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr key={row.organisationId}>
                      <th scope="row">
                        {row.name}
                        {byPath[`institutions.${i}.organisationId`] ? (
                          <span className="field-error">{rowError(i)}</span>
                        ) : null}
                      </th>
                      {PUBLIC_SECTIONS.map((s) => (
                        <td key={s}>
                          <input
                            type="checkbox"
                            aria-label={`${row.name}: ${t(SECTION_LABEL[s])}`}
                            checked={row[s]}
                            onChange={() => toggle(i, s)}
                          />
                        </td>
                      ))}
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setRows((all) => all.filter((_, n) => n !== i))}
                        >
                          {t("publicPortal.admin.remove")}
                          <span className="visually-hidden"> {row.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <OrganisationPicker
            label={t("publicPortal.admin.addInstitution")}
            onChoose={(o) =>
              setRows((all) =>
                all.some((r) => r.organisationId === o.id)
                  ? all
                  : [
                      ...all,
                      {
                        organisationId: o.id,
                        name: o.name,
                        agreements: true,
                        threeW: true,
                        recommendations: false,
                        programmeResults: false,
                      },
                    ],
              )
            }
          />
          {message ? (
            <p className={message.ok ? "alert alert-success" : "alert alert-error"} role="status">
              {message.text}
            </p>
          ) : null}
          <p>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t("publicPortal.admin.save")}
            </button>
          </p>
        </form>
      ) : null}
    </div>
  );
}
