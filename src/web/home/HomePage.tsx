// The home page: a greeting, what is in the register, where to go next.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatLongDate } from "../../shared/dates";
import { client, unwrap } from "../api";
import { useMe, useSession } from "../session";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";

export function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { canSomewhere } = useSession();
  const counts = useAsync(async () => {
    const [agreements, organisations, facilities, districts] = await Promise.all([
      unwrap(client.api.agreements.$get({ query: { limit: "1" } })),
      unwrap(client.api.organisations.$get({ query: { limit: "1" } })),
      unwrap(client.api.places.$get({ query: { kind: "place_of_detention", limit: "1" } })),
      unwrap(client.api.places.$get({ query: { kind: "district", limit: "1" } })),
    ]);
    return {
      agreements: agreements.total,
      organisations: organisations.total,
      facilities: facilities.total,
      districts: districts.total,
    };
  }, []);
  const locale = i18n.language === "fr" || i18n.language === "rw" ? i18n.language : "en";
  const demo = useAsync(() => unwrap(client.api.demo["status-report"].$get()), []);
  const [loading, setLoading] = useState(false);
  const [demoMessage, setDemoMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const loadDemo = async () => {
    setLoading(true);
    setDemoMessage(null);
    try {
      const loaded = await unwrap(client.api.demo["status-report"].$post());
      // Musanze's reporting over four quarters comes with it, so the timeliness dashboards show something real.
      if ((await unwrap(client.api.demo.reporting.$get())).available)
        await unwrap(client.api.demo.reporting.$post());
      // Seed 001's service providers (Isange One Stop Centre, Strive Foundation, Handicap International).
      if ((await unwrap(client.api.demo.incidents.$get())).available)
        await unwrap(client.api.demo.incidents.$post());
      // Seed 002: the NCHR's roadmap as NPM, occupancy rates, visits, findings and recommendations at two facilities.
      if ((await unwrap(client.api.demo.monitoring.$get())).available)
        await unwrap(client.api.demo.monitoring.$post());
      setDemoMessage({
        ok: true,
        text: t("home.demoLoaded", { agreements: loaded.agreements, organisations: loaded.organisations }),
      });
      counts.reload();
      demo.reload();
    } catch (e) {
      setDemoMessage({ ok: false, text: errorText(t, e) });
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="page">
      <p className="muted">{formatLongDate(new Date(), locale)}</p>
      <h1>{t("home.welcome", { name: me.name })}</h1>
      <p className="lead">{t("home.intro")}</p>
      {demo.data?.available && !demoMessage?.ok ? (
        <section className="form-inline-card demo-offer">
          <h2>{t("home.demoTitle")}</h2>
          {/* The number comes with the offer, counted from the data the button loads. */}
          <p>{t("home.demoText", { agreements: demo.data.agreements })}</p>
          <button
            type="button"
            className="button button-primary"
            disabled={loading}
            onClick={() => void loadDemo()}
          >
            {loading ? t("common.working") : t("home.demoButton")}
          </button>
        </section>
      ) : null}
      {demoMessage ? (
        <p className={demoMessage.ok ? "alert alert-success" : "alert alert-error"} role="status">
          {demoMessage.text}
        </p>
      ) : null}
      <section className="stats" aria-label={t("home.inTheRegister")}>
        <Link to="/agreements/overview" className="stat">
          <span className="stat-number">{counts.data?.agreements ?? "…"}</span>
          <span>{t("home.agreements")}</span>
        </Link>
        <Link to="/organisations" className="stat">
          <span className="stat-number">{counts.data?.organisations ?? "…"}</span>
          <span>{t("home.organisations")}</span>
        </Link>
        <div className="stat">
          <span className="stat-number">{counts.data?.districts ?? "…"}</span>
          <span>{t("home.districts")}</span>
        </div>
        <div className="stat">
          <span className="stat-number">{counts.data?.facilities ?? "…"}</span>
          <span>{t("home.placesOfDetention")}</span>
        </div>
      </section>
      <section>
        <h2>{t("home.next")}</h2>
        <ul className="link-list">
          <li>
            <Link to="/agreements">{t("home.browseAgreements")}</Link>
          </li>
          <li>
            <Link to="/organisations">{t("home.browseOrganisations")}</Link>
          </li>
          <li>
            <Link to="/programmes">{t("home.browseProgrammes")}</Link>
          </li>
          <li>
            <Link to="/coordination">{t("home.whoDoesWhatWhere")}</Link>
          </li>
          <li>
            <Link to="/changes">{t("home.recentChanges")}</Link>
          </li>
          {canSomewhere("agreement", "create") ? (
            <li>
              <Link to="/import">{t("home.importStatusReport")}</Link>
            </li>
          ) : null}
          {canSomewhere("organisation", "create") ? (
            <li>
              <Link to="/organisations/new">{t("home.addOrganisation")}</Link>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
