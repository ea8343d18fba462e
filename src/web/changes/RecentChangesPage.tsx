// Recent changes (issue 22): what changed in the register, who changed it and when, newest first — only records the
// reader may read, never the changed values. Filters by module and organisation live in the address.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { CHANGE_MODULES, type ChangeEntry, type ChangeModule } from "../../modules/changes/changes.schema";
import { formatDateTime } from "../../shared/dates";
import { client, unwrap } from "../api";
import { OrganisationChooser } from "../incidents/OrganisationChooser";
import { errorText } from "../ui/errors";
import { Field } from "../ui/Field";
import { useUiLocale } from "../ui/locale";
import { ShowOlder } from "../ui/ShowOlder";
import { useAsync } from "../ui/useAsync";

type Filters = { module?: ChangeModule; organisationId?: string };

const isModule = (value: string | null): value is ChangeModule =>
  (CHANGE_MODULES as readonly (string | null)[]).includes(value);

export function RecentChangesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const moduleParam = params.get("module");
  const filters: Filters = {
    ...(isModule(moduleParam) ? { module: moduleParam } : {}),
    ...(params.get("organisation") ? { organisationId: params.get("organisation") ?? "" } : {}),
  };
  const organisationName = params.get("organisationName") ?? "";

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  return (
    <div className="page">
      <h1>{t("changes.title")}</h1>
      <p className="muted">{t("changes.intro")}</p>
      <div className="filters change-filters">
        <Field label={t("changes.module")}>
          {(control) => (
            <select
              {...control}
              value={filters.module ?? ""}
              onChange={(e) => set({ module: e.target.value })}
            >
              <option value="">{t("common.all")}</option>
              {CHANGE_MODULES.map((m) => (
                <option key={m} value={m}>
                  {t(`changes.modules.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <OrganisationChooser
          label={t("changes.organisation")}
          single
          chosen={filters.organisationId ? [{ id: filters.organisationId, name: organisationName }] : []}
          onChange={(chosen) =>
            set({ organisation: chosen[0]?.id ?? "", organisationName: chosen[0]?.name ?? "" })
          }
        />
      </div>
      <ChangeFeed key={`${filters.module ?? ""}|${filters.organisationId ?? ""}`} filters={filters} />
    </div>
  );
}

/** One filter's feed: its first page, then older pages on demand. */
function ChangeFeed({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const first = useAsync(() => unwrap(client.api.changes.$get({ query: filters })), []);
  const [older, setOlder] = useState<ChangeEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => setCursor(first.data?.nextCursor ?? null), [first.data]);

  const showOlder = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await unwrap(client.api.changes.$get({ query: { ...filters, cursor } }));
      setOlder((rows) => [...rows, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  if (first.error)
    return (
      <p className="alert alert-error" role="alert">
        {errorText(t, first.error)}
      </p>
    );
  if (!first.data) return <p className="muted">{t("common.loading")}</p>;
  const entries = [...first.data.items, ...older];
  return (
    <section aria-label={t("changes.title")}>
      {entries.length === 0 ? (
        <p className="muted">{t("changes.empty")}</p>
      ) : (
        <ol className="plain-list change-feed" data-testid="change-feed">
          {entries.map((entry) => (
            <ChangeItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      <ShowOlder
        more={Boolean(cursor)}
        loading={loadingMore}
        error={moreError}
        label={t("changes.more")}
        onMore={showOlder}
      />
    </section>
  );
}

function ChangeItem({ entry }: { entry: ChangeEntry }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const what = t(`changes.action.${entry.action}`, { type: t(`changes.type.${entry.entityType}`) });
  // A confidential record has no label: its link says "Open" to those who may read it.
  const name = entry.label ?? (entry.link ? t("changes.open") : null);
  // An organisation's own entry need not name it twice.
  const organisations = entry.organisations.filter((o) => o.id !== entry.entityId);
  return (
    <li className="change-entry">
      <p className="change-what">
        <strong>{what}</strong>
        {name ? (
          <>
            {" · "}
            {entry.link ? <Link to={entry.link}>{name}</Link> : name}
          </>
        ) : null}
      </p>
      <p className="change-meta muted">
        {t("changes.byOn", { who: entry.actorName, when: formatDateTime(entry.occurredAt, locale) })}
        {" · "}
        {t(`changes.modules.${entry.module}`)}
      </p>
      {organisations.length > 0 ? (
        <p className="change-organisations">
          {organisations.map((o, i) => (
            <span key={o.id}>
              {i > 0 ? ", " : ""}
              <Link to={`/organisations/${o.id}`}>{o.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}
