// The agreements and programmes that belong to the partnership; those who keep it link one of the members' records
// or unlink one (each list saved whole, with If-Match).
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Partnership, WorkItem } from "../../modules/partnerships/partnerships.schema";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { partnershipRequests } from "./partnership-requests";

const pathOf = (kind: WorkItem["kind"], id: string) =>
  `/${kind === "programme" ? "programmes" : "agreements"}/${id}`;

export function LinkedRecords({
  partnership: p,
  items,
  onChanged,
}: {
  partnership: Partnership;
  items: readonly WorkItem[];
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const [choice, setChoice] = useState("");
  const ids = { programme: p.programmes.map((x) => x.id), agreement: p.agreements.map((x) => x.id) };
  const save = async (kind: WorkItem["kind"], next: string[]) => {
    setFailure(null);
    try {
      await partnershipRequests.update(
        p.id,
        p.version,
        kind === "programme" ? { programmeIds: next } : { agreementIds: next },
      );
      setChoice("");
      onChanged();
    } catch (e) {
      setFailure(e);
    }
  };
  const linked = [
    ...p.programmes.map((x) => ({ ...x, kind: "programme" as const })),
    ...p.agreements.map((x) => ({ ...x, kind: "agreement" as const })),
  ];
  const offered = items.filter((i) => !i.linked);
  const link = (e: FormEvent) => {
    e.preventDefault();
    const item = offered.find((i) => `${i.kind}:${i.id}` === choice);
    if (item) void save(item.kind, [...ids[item.kind], item.id]);
  };
  return (
    <section>
      <h2>{t("partnerships.linked.title")}</h2>
      {linked.length === 0 ? <p className="muted">{t("partnerships.linked.none")}</p> : null}
      <ul className="plain-list">
        {linked.map((x) => (
          <li key={`${x.kind}:${x.id}`} className="member-row">
            <Link to={pathOf(x.kind, x.id)}>{x.title}</Link>
            <span className="tag">{t(`partnerships.itemKinds.${x.kind}`)}</span>
            {p.canEdit ? (
              <button
                type="button"
                className="button"
                onClick={() =>
                  save(
                    x.kind,
                    ids[x.kind].filter((i) => i !== x.id),
                  )
                }
              >
                {t("partnerships.linked.unlink", { title: x.title })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      {p.canEdit && offered.length > 0 ? (
        <form className="link-form" onSubmit={link}>
          <Field label={t("partnerships.linked.choose")}>
            {(props) => (
              <select {...props} value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value="" />
                {offered.map((i) => (
                  <option key={`${i.kind}:${i.id}`} value={`${i.kind}:${i.id}`}>
                    {t(`partnerships.itemKinds.${i.kind}`)}: {i.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button" disabled={!choice}>
            {t("partnerships.linked.link")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
