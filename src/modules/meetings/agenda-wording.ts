// How an agenda item reads, in the reader's language: the page (i18next) and the Word file (the server's
// catalogs) word the same facts with the same keys. Pure and browser-safe.
import { type DateLocale, formatDate } from "../../shared/dates";
import type { AgendaItem, AgendaSection, AgendaSource } from "./meetings.schema";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The facts in words: days late by count (one day, 8 days), dates as the app writes them in `locale`. */
export function sourceText(source: AgendaSource, t: Translate, locale: DateLocale): string {
  // A whole day reads as the app writes dates; anything less precise stays as stored.
  const date = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso, locale) : iso);
  switch (source.kind) {
    case "report":
      return t(`meetings.item.${source.state}`, {
        organisation: source.organisationName,
        body: source.bodyName,
        period: source.period,
        due: date(source.dueDate),
        count: source.daysLate,
      });
    case "hindrance":
      return t(`meetings.item.${source.hindranceKind}`, {
        place: source.placeName,
        period: source.period,
        description: source.description,
      });
    case "action_item":
      return source.dueDate
        ? t("meetings.item.actionItemDue", {
            owner: source.ownerName,
            text: source.text,
            due: date(source.dueDate),
          })
        : t("meetings.item.actionItem", { owner: source.ownerName, text: source.text });
    case "agreement":
      return t("meetings.item.agreement", { title: source.title, date: date(source.validUntil) });
    case "gap":
      return t("meetings.item.gap", { place: source.placeName });
  }
}

/** The item as written by someone, else its generated wording. */
export const agendaItemText = (item: AgendaItem, t: Translate, locale: DateLocale): string =>
  item.text ?? (item.source ? sourceText(item.source, t, locale) : "");

/** The agenda under its headings: each heading where its first item stands, items in agenda order. */
export function agendaBySection(
  agenda: readonly AgendaItem[],
): { section: AgendaSection; items: AgendaItem[] }[] {
  const groups = new Map<AgendaSection, AgendaItem[]>();
  for (const item of agenda) {
    const list = groups.get(item.section) ?? [];
    list.push(item);
    groups.set(item.section, list);
  }
  return [...groups.entries()].map(([section, items]) => ({ section, items }));
}
