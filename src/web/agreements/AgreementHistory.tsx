// An agreement's history, with stored values (parties, themes, commitments, documents…) in the reader's language.
import { useTranslation } from "react-i18next";
import type { AgreementDetail, Theme } from "../../modules/agreements/agreements.schema";
import type { AuditEntry } from "../../modules/audit/audit.schema";
import { formatDate } from "../../shared/dates";
import { formatFileSize } from "../ui/file-upload";
import { History } from "../ui/History";
import { useUiLocale } from "../ui/locale";
import { themeName } from "./AgreementBits";
import { organisationLabel } from "./AgreementFacts";

export function AgreementHistory({
  agreement: a,
  entries,
  themes,
}: {
  agreement: AgreementDetail;
  entries: AuditEntry[] | undefined;
  themes: Theme[] | undefined;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const fieldLabel = (field: string) => t(`agreements.fields.${field}`, { defaultValue: field });
  /** A commitment, progress entry or document as the history keeps it, in the reader's language. */
  const historyLine = (field: string, v: Record<string, unknown>): string | undefined => {
    const text = typeof v.text === "string" ? v.text : "";
    if (field === "commitment" && typeof v.status === "string") {
      return `${text} (${t(`agreements.commitmentStatuses.${v.status}`, { defaultValue: v.status })})`;
    }
    if (field === "progress" && typeof v.kind === "string") {
      const kind = t(`agreements.progressKinds.${v.kind}`, { defaultValue: v.kind });
      const parts = [t("agreements.historyProgress", { kind, text })];
      if (typeof v.dueOn === "string")
        parts.push(t("agreements.dueOn", { date: formatDate(v.dueOn, locale) }));
      if (v.done === true) parts.push(t("agreements.done"));
      return parts.join(" · ");
    }
    if (field === "amendment" && typeof v.title === "string" && typeof v.status === "string") {
      return `${v.title} (${t(`agreements.statuses.${v.status}`, { defaultValue: v.status })})`;
    }
    if (field === "document" && typeof v.kind === "string" && typeof v.fileName === "string") {
      const kind = t(`agreements.documents.kinds.${v.kind}`, { defaultValue: v.kind });
      const size = typeof v.sizeBytes === "number" ? ` (${formatFileSize(v.sizeBytes, locale)})` : "";
      return `${kind}: ${v.fileName}${size}`;
    }
    return undefined;
  };
  const formatValue = (field: string, value: unknown): string | undefined => {
    if (Array.isArray(value) && field === "areas") {
      return value.map((v) => t(`agreements.sets.${String(v)}`, { defaultValue: String(v) })).join(", ");
    }
    if (Array.isArray(value) && field === "parties") {
      return value
        .map((v) => {
          if (typeof v !== "object" || v === null) return String(v); // written before roles were kept apart
          const { name, role } = v as { name?: unknown; role?: unknown };
          return `${String(name)} (${t(`agreements.roles.${String(role)}`, { defaultValue: String(role) })})`;
        })
        .join(", ");
    }
    if (Array.isArray(value) && field === "themes") {
      return value.map((v) => themeName(themes, String(v), locale)).join(", ");
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const line = historyLine(field, value as Record<string, unknown>);
      if (line !== undefined) return line;
    }
    if (typeof value !== "string") return undefined;
    if (field === "keeperOrganisationId") {
      // The history keeps the id: name it when it is still a party.
      const party = a.parties.find((p) => p.organisationId === value);
      return party ? organisationLabel(party) : undefined;
    }
    if (field === "status" || field === "toStatus")
      return t(`agreements.statuses.${value}`, { defaultValue: value });
    if (field === "kind") return t(`agreements.kinds.${value}`, { defaultValue: value });
    if (field === "document") {
      // "report: name.pdf (1234 bytes)" as the service writes it, shown with a translated kind.
      const match = /^(\w+): (.*) \((\d+) bytes\)$/.exec(value);
      if (match?.[1] && match[2] !== undefined && match[3]) {
        const kind = t(`agreements.documents.kinds.${match[1]}`, { defaultValue: match[1] });
        return `${kind}: ${match[2]} (${formatFileSize(Number(match[3]), locale)})`;
      }
    }
    return undefined;
  };
  return (
    <section>
      <h2>{t("history.title")}</h2>
      {entries ? (
        <History entries={entries} fieldLabel={fieldLabel} formatValue={formatValue} />
      ) : (
        <p>{t("common.loading")}</p>
      )}
    </section>
  );
}
