// The frame of a list page: heading and actions, filters, a count, the error, loading and empty states, and paging.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "./errors";
import type { AsyncState } from "./useAsync";

type ListPageProps<T> = {
  title: string;
  /** Buttons beside the heading. */
  actions?: ReactNode;
  /** Shown under the heading: an introduction, the filters, offers… */
  head?: ReactNode;
  list: AsyncState<{ items: T[]; total: number }>;
  /** The count line ("12 agreements"); none to show no count. */
  totalText?(total: number): string;
  /** What an empty list says: usually "none match" when filtered, else "none yet". */
  emptyText: string;
  renderItem(item: T): ReactNode;
  itemKey(item: T): string;
  paging?: { page: number; pageSize: number; setPage(page: number): void };
};

export function ListPage<T>(props: ListPageProps<T>) {
  const { t } = useTranslation();
  const { list, paging } = props;
  const total = list.data?.total ?? 0;
  const pages = paging ? Math.max(1, Math.ceil(total / paging.pageSize)) : 1;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{props.title}</h1>
        {props.actions ? <div className="actions">{props.actions}</div> : null}
      </div>
      {props.head}
      {list.error ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, list.error)}
        </p>
      ) : null}
      {props.totalText ? (
        <p className="muted" aria-live="polite">
          {list.loading && !list.data ? t("common.loading") : props.totalText(total)}
        </p>
      ) : list.loading && !list.data ? (
        <p className="muted">{t("common.loading")}</p>
      ) : null}
      {list.data && list.data.items.length === 0 ? <p className="empty">{props.emptyText}</p> : null}
      <ul className="cards" aria-busy={list.loading || undefined}>
        {list.data?.items.map((item) => (
          <li key={props.itemKey(item)} className="card">
            {props.renderItem(item)}
          </li>
        ))}
      </ul>
      {paging && pages > 1 ? <Pager page={paging.page} pages={pages} setPage={paging.setPage} /> : null}
    </div>
  );
}

export function Pager({
  page,
  pages,
  setPage,
}: {
  page: number;
  pages: number;
  setPage(page: number): void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t("common.pages")}>
      <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
        {t("common.previous")}
      </button>
      <span>{t("common.pageOf", { page, pages })}</span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
        {t("common.next")}
      </button>
    </nav>
  );
}

/** A select among filter values, with "all" first unless told otherwise. */
export function FilterSelect({
  label,
  value,
  onChange,
  children,
  all = true,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  children: ReactNode;
  all?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all ? <option value="">{t("common.all")}</option> : null}
        {children}
      </select>
    </label>
  );
}

/** The search box of a list page. */
export function SearchBox({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange(value: string): void;
  placeholder: string;
}) {
  const { t } = useTranslation();
  return (
    <label className="filter-search">
      <span className="visually-hidden">{t("common.search")}</span>
      <input
        type="search"
        value={value}
        placeholder={placeholder}
        aria-label={t("common.search")}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
