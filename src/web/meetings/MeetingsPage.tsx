// A district's meetings (JRLOS coordination committee, JADF), newest quarter first, and the form to plan one: its
// agenda is generated from the quarter's records when it is saved.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { MEETING_BODY_KINDS, type MeetingBodyKind } from "../../modules/meetings/meetings.schema";
import { client, unwrap } from "../api";
import { DateInput } from "../ui/DateInput";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";

/** The quarter that ended last: the one a meeting usually reviews. */
function lastQuarter(today = new Date()): string {
  const q = Math.floor(today.getMonth() / 3);
  return q === 0 ? `${today.getFullYear() - 1}-Q4` : `${today.getFullYear()}-Q${q}`;
}

export function MeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const districtId = params.get("districtId") ?? "";
  const districts = useAsync(
    () => unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    [],
  );
  const meetings = useAsync(
    () => unwrap(client.api.meetings.$get({ query: districtId ? { districtId } : {} })),
    [districtId],
  );
  const [bodyKind, setBodyKind] = useState<MeetingBodyKind>("jrlos_secretariat");
  const [quarter, setQuarter] = useState(lastQuarter());
  const [meetingDate, setMeetingDate] = useState("");
  const [planDistrict, setPlanDistrict] = useState(districtId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const districtName = districts.data?.items.find((d) => d.id === districtId)?.name;

  const plan = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await unwrap(
        client.api.meetings.$post({
          json: { districtId: planDistrict, bodyKind, quarter, meetingDate: meetingDate || null },
        }),
      );
      navigate(`/meetings/${created.id}`);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="page meetings">
      <div className="page-head">
        <h1>{districtName ? t("meetings.titleFor", { district: districtName }) : t("meetings.title")}</h1>
      </div>
      <Field label={t("meetings.list.district")}>
        {(props) => (
          <select
            {...props}
            value={districtId}
            onChange={(e) => {
              setParams(e.target.value ? { districtId: e.target.value } : {});
              setPlanDistrict(e.target.value);
            }}
          >
            <option value="">{t("meetings.list.allDistricts")}</option>
            {districts.data?.items.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {meetings.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, meetings.error)}
        </p>
      ) : !meetings.data ? null : meetings.data.length === 0 ? (
        <p className="muted">{t("meetings.list.none")}</p>
      ) : (
        // Seven columns do not fit a phone: the table scrolls sideways in its own region, not the page.
        <div className="table-scroll" {...scrollRegion(t("meetings.title"))}>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t("meetings.list.quarter")}</th>
                <th>{t("meetings.list.district")}</th>
                <th>{t("meetings.list.body")}</th>
                <th>{t("meetings.list.date")}</th>
                <th>{t("meetings.list.status")}</th>
                <th>{t("meetings.list.agendaItems")}</th>
                <th>{t("meetings.list.openActions")}</th>
              </tr>
            </thead>
            <tbody>
              {meetings.data?.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/meetings/${m.id}`}>{m.quarter}</Link>
                  </td>
                  <td>{m.districtName}</td>
                  <td>{t(`meetings.bodyKind.${m.bodyKind}`)}</td>
                  <td>{m.meetingDate ?? "—"}</td>
                  <td>{t(`meetings.status.${m.status}`)}</td>
                  <td>{m.agendaItems}</td>
                  <td>{m.openActionItems}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={plan}>
        <h2>{t("meetings.list.plan")}</h2>
        <Field label={t("meetings.list.district")} required>
          {(props) => (
            <select
              {...props}
              required
              value={planDistrict}
              onChange={(e) => setPlanDistrict(e.target.value)}
            >
              <option value="" />
              {districts.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("meetings.list.body")} required>
          {(props) => (
            <select
              {...props}
              value={bodyKind}
              onChange={(e) => setBodyKind(e.target.value as MeetingBodyKind)}
            >
              {MEETING_BODY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`meetings.bodyKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("meetings.list.quarter")} required hint="2026-Q1">
          {(props) => (
            <input
              {...props}
              required
              pattern="20\d\d-Q[1-4]"
              value={quarter}
              onChange={(e) => setQuarter(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("meetings.list.dateOptional")}>
          {(props) => <DateInput control={props} value={meetingDate} onChange={setMeetingDate} />}
        </Field>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy || !planDistrict}>
          {t("meetings.list.planButton")}
        </button>
      </form>
    </div>
  );
}
