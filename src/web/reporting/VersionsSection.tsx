// The submitted versions of a report, and two of them compared section by section.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SectionKey, Submission } from "../../modules/reporting/reporting.schema";
import { client, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useAsync } from "../ui/useAsync";
import { ItemLine } from "./ReportView";
import type { ReportChoices } from "./useReportChoices";
import { compareAttachments, compareVersions } from "./version-diff";

type Props = { submission: Submission; sections: readonly SectionKey[]; choices: ReportChoices };

export function VersionsSection({ submission, sections, choices }: Props) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  const numbers = submission.versions.map((v) => v.number).sort((a, b) => a - b);
  const last = numbers[numbers.length - 1] ?? 0;
  const [from, setFrom] = useState(numbers[numbers.length - 2] ?? 0);
  const [to, setTo] = useState(last);
  const { id } = submission;
  const pair = useAsync(
    () =>
      from && to && from !== to
        ? Promise.all([
            unwrap(
              client.api.submissions[":id"].versions[":number"].$get({ param: { id, number: String(from) } }),
            ),
            unwrap(
              client.api.submissions[":id"].versions[":number"].$get({ param: { id, number: String(to) } }),
            ),
          ])
        : Promise.resolve(null),
    [id, from, to],
  );
  if (numbers.length === 0) return null;
  const changes = pair.data ? compareVersions(pair.data[0].content, pair.data[1].content, sections) : [];
  const files = pair.data
    ? compareAttachments(pair.data[0].attachments, pair.data[1].attachments)
    : { removed: [], added: [] };
  const filesChanged = files.removed.length + files.added.length > 0;
  return (
    <section className="report-versions" aria-labelledby="versions-title">
      <h2 id="versions-title">{t("reports.versions")}</h2>
      <ul className="plain-list">
        {submission.versions.map((v) => (
          <li key={v.number}>
            {t("reports.versionN", { n: v.number })} · {when(v.submittedAt)}
          </li>
        ))}
      </ul>
      {numbers.length > 1 ? (
        <>
          <div className="form-row">
            {(
              [
                [t("reports.compareFrom"), from, setFrom],
                [t("reports.compareTo"), to, setTo],
              ] as const
            ).map(([label, value, set]) => (
              <label key={label} className="filter">
                <span className="filter-label">{label}</span>
                <select value={value} onChange={(e) => set(Number(e.target.value))}>
                  {numbers.map((n) => (
                    <option key={n} value={n}>
                      {t("reports.versionN", { n })}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {pair.error ? <p className="alert alert-error">{errorText(t, pair.error)}</p> : null}
          {pair.data && changes.length === 0 && !filesChanged ? (
            <p className="muted">{t("reports.noChanges")}</p>
          ) : null}
          {filesChanged ? (
            <div className="version-change" data-testid="change-attachments">
              <h3>{t("reports.sections.attachments")}</h3>
              <ul className="plain-list">
                {files.removed.map((name) => (
                  <li key={`r${name}`} className="removed">
                    − {name}
                  </li>
                ))}
                {files.added.map((name) => (
                  <li key={`a${name}`} className="added">
                    + {name}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {pair.data
            ? changes.map((c) => (
                <div key={c.section} className="version-change" data-testid={`change-${c.section}`}>
                  <h3>{t(`reports.sections.${c.section}`)}</h3>
                  {c.kind === "text" ? (
                    <dl className="changes">
                      <dt>{t("reports.before")}</dt>
                      <dd className="removed">{c.before || "—"}</dd>
                      <dt>{t("reports.after")}</dt>
                      <dd className="added">{c.after || "—"}</dd>
                    </dl>
                  ) : (
                    <ul className="plain-list">
                      {c.nothingBefore !== c.nothingAfter ? (
                        <li>{c.nothingAfter ? t("reports.nowNothing") : t("reports.noLongerNothing")}</li>
                      ) : null}
                      {c.removed.map((i) => (
                        <li key={`r${i}`} className="removed">
                          −{" "}
                          <ItemLine
                            section={c.section}
                            item={pair.data?.[0].content[c.section][i]}
                            choices={choices}
                          />
                        </li>
                      ))}
                      {c.added.map((i) => (
                        <li key={`a${i}`} className="added">
                          +{" "}
                          <ItemLine
                            section={c.section}
                            item={pair.data?.[1].content[c.section][i]}
                            choices={choices}
                          />
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))
            : null}
        </>
      ) : null}
    </section>
  );
}
