// The bodies that receive reports, with their reminders / digest / active switches for those allowed to change them.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReportingBody } from "../../modules/reporting/reporting.schema";
import { client, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { FormFailure } from "../ui/EditConflict";

type Switch = "remindersEnabled" | "digestEnabled" | "active";
const SWITCHES: readonly Switch[] = ["remindersEnabled", "digestEnabled", "active"];

function BodyRow({ body }: { body: ReportingBody }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [current, setCurrent] = useState(body);
  const [failure, setFailure] = useState<unknown>(null);
  const [working, setWorking] = useState(false);
  const mayChange = can("reporting_body", "update", {
    organisationIds: [body.organisationId],
    districtIds: body.districtId ? [body.districtId] : [],
  });
  const toggle = async (key: Switch, value: boolean) => {
    const before = current;
    // Shown switched at once; put back if the server refuses.
    setCurrent({ ...current, [key]: value });
    setWorking(true);
    setFailure(null);
    try {
      const saved = await unwrap(
        client.api["reporting-bodies"][":id"].$patch({
          param: { id: before.id },
          header: ifMatch(before.version),
          json: { [key]: value },
        }),
      );
      setCurrent(saved);
    } catch (e) {
      setCurrent(before);
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };
  return (
    <li className="card">
      <div className="card-top">
        <strong>{current.organisationName}</strong>
        <span className="tag tag-quiet">{t(`reports.bodyKinds.${current.kind}`)}</span>
      </div>
      <div className="body-switches">
        {SWITCHES.map((key) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={current[key]}
              disabled={!mayChange || working}
              onChange={(e) => void toggle(key, e.target.checked)}
            />
            <span>{t(`reports.bodySwitches.${key}`)}</span>
          </label>
        ))}
      </div>
      <FormFailure failure={failure} />
    </li>
  );
}

export function BodiesSection({ bodies }: { bodies: readonly ReportingBody[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="bodies-title">
      <h2 id="bodies-title">{t("reports.bodies")}</h2>
      <ul className="cards">
        {bodies.map((b) => (
          <BodyRow key={`${b.id}-${b.version}`} body={b} />
        ))}
      </ul>
    </section>
  );
}
