// A visit's findings grouped by theme category, each with its severity, groups, evidence files and, for an individual
// case, the confidential incident it was opened as; monitors add, change and remove them here.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DETENTION_THEMES, THEME_CATEGORIES } from "../../modules/monitoring/detention-themes";
import type { Finding, Visit } from "../../modules/monitoring/visits.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { useSession } from "../session";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { postFile, UPLOAD_ACCEPT, uploadErrorText } from "../ui/file-upload";
import { type FindingDraft, FindingForm } from "./FindingForm";

const findingsApi = client.api["monitoring-visits"][":id"].findings;
const filesUrl = (visitId: string, findingId: string) =>
  `/api/monitoring-visits/${visitId}/findings/${findingId}/files`;

const body = (d: FindingDraft) => ({
  theme: d.theme as Finding["theme"],
  vulnerableGroups: d.vulnerableGroups,
  severity: d.severity,
  text: d.text,
});

type Props = { visit: Visit; onChanged(): void };

export function FindingList({ visit, onChanged }: Props) {
  const { t } = useTranslation();
  const k = (key: string, values?: Record<string, unknown>) => t(`monitoring.visits.${key}`, values);
  const editable = visit.can.update && visit.status === "conducted";
  const groups = THEME_CATEGORIES.map((category) => ({
    category,
    findings: visit.findings.filter((f) => DETENTION_THEMES[f.theme] === category),
  })).filter((g) => g.findings.length > 0);

  const add = async (draft: FindingDraft) => {
    await unwrap(findingsApi.$post({ param: { id: visit.id }, json: body(draft) }));
    onChanged();
  };

  return (
    <section className="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">{k("findings.title")}</h2>
      {visit.findings.length === 0 ? <p className="muted">{k("findings.empty")}</p> : null}
      {groups.map(({ category, findings }) => (
        <div key={category} className="finding-group">
          <h3>{t(`monitoring.themeCategories.${category}`)}</h3>
          {findings.map((finding) => (
            <FindingCard
              key={finding.id}
              visit={visit}
              finding={finding}
              editable={editable}
              onChanged={onChanged}
            />
          ))}
        </div>
      ))}
      {editable ? (
        <>
          <h3>{k("findings.add")}</h3>
          <FindingForm submitLabel={k("findings.save")} onSubmit={add} />
        </>
      ) : visit.can.update && visit.status === "planned" ? (
        <p className="muted">{k("findings.needsConducted")}</p>
      ) : null}
    </section>
  );
}

function FindingCard({
  visit,
  finding,
  editable,
  onChanged,
}: {
  visit: Visit;
  finding: Finding;
  editable: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const k = (key: string) => t(`monitoring.visits.${key}`);
  const [editing, setEditing] = useState(false);
  const [opening, setOpening] = useState(false);
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const param = { id: visit.id, findingId: finding.id };
  // The incident belongs to the monitoring body in the place's district: offered only to who may record it there.
  const mayOpenIncident = useSession().can("incident", "create", {
    organisationIds: [visit.monitoringOrganisationId],
    districtIds: visit.districtId ? [visit.districtId] : [],
  });

  const run = async (action: () => Promise<unknown>, describe = errorText) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(describe(t, err));
    }
  };
  const save = async (draft: FindingDraft) => {
    await unwrap(
      findingsApi[":findingId"].$patch({ param, header: ifMatch(finding.version), json: body(draft) }),
    );
    setEditing(false);
    onChanged();
  };
  const upload = (file: File) =>
    run(async () => {
      const form = new FormData();
      form.set("file", file);
      await expectOk(postFile(filesUrl(visit.id, finding.id), form));
    }, uploadErrorText);
  const openIncident = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await unwrap(findingsApi[":findingId"].incident.$post({ param, json: { description } }));
      setOpening(false);
    });
  };

  if (editing)
    return (
      <FindingForm
        finding={finding}
        submitLabel={k("page.save")}
        onSubmit={save}
        onCancel={() => setEditing(false)}
      />
    );
  return (
    <article className="card finding">
      <div className="card-top">
        <strong>{t(`monitoring.themes.${finding.theme}`)}</strong>
        <span className={`tag severity-${finding.severity}`}>{k(`severity.${finding.severity}`)}</span>
      </div>
      {finding.vulnerableGroups.length > 0 ? (
        <div className="chips">
          {finding.vulnerableGroups.map((g) => (
            <span key={g} className="tag tag-quiet">
              {t(`monitoring.vulnerableGroups.${g}`)}
            </span>
          ))}
        </div>
      ) : null}
      <p className="prose">{finding.text}</p>
      {finding.files.length > 0 || editable ? (
        <div className="finding-files">
          <h4>{k("findings.evidence")}</h4>
          <ul className="link-list">
            {finding.files.map((file) => (
              <li key={file.id}>
                <a href={`${filesUrl(visit.id, finding.id)}/${file.id}`} download={file.fileName}>
                  {file.fileName}
                </a>
                {editable ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      run(() =>
                        expectOk(
                          fetch(`${filesUrl(visit.id, finding.id)}/${file.id}`, {
                            method: "DELETE",
                            credentials: "same-origin",
                            headers: ifMatch(file.version),
                          }),
                        ),
                      )
                    }
                  >
                    {k("findings.removeFile")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
          {editable ? (
            <Field label={k("findings.upload")}>
              {(props) => (
                <input
                  {...props}
                  type="file"
                  accept={UPLOAD_ACCEPT}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void upload(file);
                    e.target.value = "";
                  }}
                />
              )}
            </Field>
          ) : null}
        </div>
      ) : null}
      {finding.incidentId ? (
        <p>
          {k("findings.incidentOpened")}:{" "}
          <Link to={`/incidents/${finding.incidentId}`}>{k("findings.viewIncident")}</Link>
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {editable ? (
        <div className="row-actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {k("findings.edit")}
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() =>
              run(() =>
                expectOk(
                  fetch(`/api/monitoring-visits/${visit.id}/findings/${finding.id}`, {
                    method: "DELETE",
                    credentials: "same-origin",
                    headers: ifMatch(finding.version),
                  }),
                ),
              )
            }
          >
            {k("findings.remove")}
          </button>
          {finding.incidentId || !mayOpenIncident ? null : (
            <button type="button" className="button" onClick={() => setOpening(!opening)}>
              {k("findings.openIncident")}
            </button>
          )}
        </div>
      ) : null}
      {opening ? (
        <form className="form" onSubmit={openIncident}>
          <Field label={k("findings.incidentDescription")} required>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {k("findings.incidentCreate")}
            </button>
          </div>
        </form>
      ) : null}
    </article>
  );
}
