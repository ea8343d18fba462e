// How an agenda item reads, in the reader's language: the page (i18next) and the Word file (the server's
// catalogs) word the same facts with the same keys. Pure and browser-safe.
import type { AgendaItem, AgendaSection, AgendaSource } from "./meetings.schema";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function sourceText(source: AgendaSource, t: Translate): string {
  switch (source.kind) {
    case "report":
      return t(`meetings.item.${source.state}`, {
        organisation: source.organisationName,
        body: source.bodyName,
        period: source.period,
        due: source.dueDate,
        days: source.daysLate,
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
            due: source.dueDate,
          })
        : t("meetings.item.actionItem", { owner: source.ownerName, text: source.text });
    case "agreement":
      return t("meetings.item.agreement", { title: source.title, date: source.validUntil });
    case "gap":
      return t("meetings.item.gap", { place: source.placeName });
  }
}

/** The item as written by someone, else its generated wording. */
export const agendaItemText = (item: AgendaItem, t: Translate): string =>
  item.text ?? (item.source ? sourceText(item.source, t) : "");

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
