// The members' work side by side (by theme or by place, one column per member), where two or more members work on
// the same theme in the same district (from the 3W), and the events they held together.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { OPEN_PERIOD_END } from "../../modules/coordination/period-bounds";
import type { Partnership, PartnershipWork, WorkItem } from "../../modules/partnerships/partnerships.schema";
import { formatDate } from "../../shared/dates";
import type { UiLocale } from "../ui/locale";

type Props = {
  partnership: Partnership;
  work: PartnershipWork;
  themeName(code: string): string;
  locale: UiLocale;
};

type Group = { key: string; label: string; columns: { key: string; label: string; items: WorkItem[] }[] };

const pathOf = (item: Pick<WorkItem, "kind" | "id">) =>
  `/${item.kind === "programme" ? "programmes" : "agreements"}/${item.id}`;

/** Items grouped under each of their themes or places, then by the member(s) working in them. */
function groupItems(
  items: readonly WorkItem[],
  keysOf: (item: WorkItem) => { key: string; label: string }[],
  memberLabel: (organisationId: string) => string,
  partnershipLabel: string,
): Group[] {
  const groups = new Map<
    string,
    { label: string; columns: Map<string, { label: string; items: WorkItem[] }> }
  >();
  for (const item of items) {
    const columns = item.organisationIds.length > 0 ? item.organisationIds : [""];
    for (const { key, label } of keysOf(item)) {
      const group = groups.get(key) ?? { label, columns: new Map() };
      for (const org of columns) {
        const column = group.columns.get(org) ?? {
          label: org ? memberLabel(org) : partnershipLabel,
          items: [],
        };
        column.items.push(item);
        group.columns.set(org, column);
      }
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .map(([key, g]) => ({
      key,
      label: g.label,
      columns: [...g.columns.entries()]
        .map(([k, c]) => ({ key: k, ...c }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function WorkSections({ partnership: p, work, themeName, locale }: Props) {
  const { t } = useTranslation();
  const [by, setBy] = useState<"theme" | "place">("theme");
  const members = new Map(p.members.map((m) => [m.organisationId, m.acronym ?? m.name]));
  const memberLabel = (id: string) => members.get(id) ?? id;
  const groups = groupItems(
    work.items,
    by === "theme"
      ? (item) =>
          item.themes.length > 0
            ? item.themes.map((code) => ({ key: code, label: themeName(code) }))
            : [{ key: "", label: t("partnerships.work.noTheme") }]
      : (item) => {
          const places = [
            ...item.places.map((place) => ({ key: place.id, label: place.names[locale] || place.name })),
            ...item.placeSets.map((set) => ({ key: `set:${set}`, label: t(`agreements.sets.${set}`) })),
          ];
          return places.length > 0 ? places : [{ key: "", label: t("partnerships.work.noPlace") }];
        },
    memberLabel,
    t("partnerships.work.partnershipColumn"),
  );
  return (
    <>
      <section>
        <h2>{t("partnerships.work.title")}</h2>
        <p className="muted">{t("partnerships.work.intro")}</p>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t("partnerships.work.groupBy")}</legend>
          {(["theme", "place"] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className="button"
              aria-pressed={by === choice}
              onClick={() => setBy(choice)}
            >
              {t(`partnerships.work.by.${choice}`)}
            </button>
          ))}
        </fieldset>
        {groups.length === 0 ? <p className="muted">{t("partnerships.work.none")}</p> : null}
        {groups.map((g) => (
          <div key={g.key} className="work-group">
            <h3>{g.label}</h3>
            <div className="side-by-side">
              {g.columns.map((c) => (
                <div key={c.key} className="side-column">
                  <h4>{c.label}</h4>
                  <ul className="plain-list">
                    {c.items.map((item) => (
                      <li key={`${item.kind}:${item.id}`}>
                        <Link to={pathOf(item)}>{item.title}</Link>{" "}
                        <span className="tag">{t(`partnerships.itemKinds.${item.kind}`)}</span>
                        {item.linked ? (
                          <span className="tag">{t("partnerships.work.ofThePartnership")}</span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </div>
        ))}
      </section>
      <section>
        <h2>{t("partnerships.overlaps.title")}</h2>
        <p className="muted">
          {t("partnerships.overlaps.intro", {
            from: formatDate(work.period.from, locale),
            to:
              work.period.to === OPEN_PERIOD_END
                ? t("partnerships.period.open")
                : formatDate(work.period.to, locale),
          })}
        </p>
        {work.overlaps.length === 0 ? (
          <p className="muted">{t("partnerships.overlaps.none")}</p>
        ) : (
          <ul className="plain-list overlap-list">
            {work.overlaps.map((o) => (
              <li key={`${o.theme}|${o.place.id}`} className="card">
                <strong>
                  {themeName(o.theme)} · {o.place.names[locale] || o.place.name}
                </strong>
                <p>{o.organisationIds.map(memberLabel).sort().join(", ")}</p>
                <p className="muted">
                  {o.records.map((r, i) => (
                    <span key={r.id}>
                      {i > 0 ? " · " : ""}
                      {r.source === "agreement" ? <Link to={`/agreements/${r.id}`}>{r.title}</Link> : r.title}
                    </span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t("partnerships.events.title")}</h2>
        {work.jointEvents.length === 0 ? (
          <p className="muted">{t("partnerships.events.none")}</p>
        ) : (
          <ul className="plain-list">
            {work.jointEvents.map((e) => (
              <li key={e.id} className="card">
                <strong>{e.title}</strong>
                <p className="muted">
                  {formatDate(e.startDate, locale)} · {t(`programmes.eventKinds.${e.kind}`)} ·{" "}
                  {e.places.map((place) => place.names[locale] || place.name).join(", ")}
                </p>
                <p>
                  {e.organisationIds.map(memberLabel).join(", ")} ·{" "}
                  {t("partnerships.events.participants", { count: e.participantTotal })}
                </p>
                <p>
                  <Link to={`/programmes/${e.programmeId}`}>{e.programmeTitle}</Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t("partnerships.lessons.title")}</h2>
        {work.lessons.length === 0 ? (
          <p className="muted">{t("partnerships.lessons.none")}</p>
        ) : (
          <ul className="plain-list">
            {work.lessons.map((lesson) => (
              <li key={lesson.id} className="card">
                <Link to={`/library/lessons/${lesson.id}`}>
                  <strong>{lesson.title}</strong>
                </Link>
                <p className="muted">
                  {lesson.organisation.name} · {formatDate(lesson.createdAt.slice(0, 10), locale)} ·{" "}
                  {t(`partnerships.lessons.via.${lesson.via}`)}
                  {lesson.themeCodes.length > 0 ? ` · ${lesson.themeCodes.map(themeName).join(", ")}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/library/lessons/new">{t("partnerships.lessons.write")}</Link>
        </p>
      </section>
    </>
  );
}
