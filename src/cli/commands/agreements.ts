// `agreements list` and `agreements show`: the register as an aligned table, one agreement in full, or JSON.
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  type AgreementDetail,
  type AgreementList,
  AgreementListQuerySchema,
  type AgreementSummary,
  getAgreement,
  listAgreements,
} from "../../modules/agreements";
import { notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const PAGE_SIZE = 200; // the largest page the list query accepts

/** "12/05/2020", or the year/month read from it; "—" when nothing was written. */
const signedOn = (a: AgreementSummary) => a.signedOn.text ?? "—";

/** The status a reader sees, with the recorded one when they differ ("expired (recorded active)"). */
const statusOf = (a: AgreementSummary) =>
  a.effectiveStatus === a.status ? a.status : `${a.effectiveStatus} (recorded ${a.status})`;

const partyNames = (a: AgreementSummary) => a.parties.map((p) => p.acronym ?? p.organisationName);

export const runListAgreements: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { q: { type: "string" }, status: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  // Same validation as GET /api/agreements: a bad --status names the field and lists the statuses.
  const query = parseInput(
    AgreementListQuerySchema,
    { q: values.q, status: values.status, limit: PAGE_SIZE, offset: 0 },
    "query",
  );
  const { items, total } = await withMigratedDatabase(io, async (_handle, ctx): Promise<AgreementList> => {
    const all: AgreementSummary[] = [];
    for (;;) {
      const page = await listAgreements(ctx, { ...query, offset: all.length });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return { items: all, total: page.total };
    }
  });
  if (values.json) {
    io.out(JSON.stringify({ items, total }, null, 2));
    return;
  }
  if (items.length > 0) {
    io.out(
      formatTable(
        ["TITLE", "KIND", "STATUS", "SIGNED", "PARTIES", "ID"],
        items.map((a) => [
          a.title,
          a.kind,
          statusOf(a),
          signedOn(a),
          [...new Set(partyNames(a))].join(", "),
          a.id,
        ]),
      ),
    );
  }
  io.out(`Total: ${countOf(total, "agreement")}`);
};

function formatAgreement(detail: AgreementDetail): string[] {
  const lines: string[] = [];
  const field = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`${`${label}:`.padEnd(15)}${value}`);
  };
  const section = (title: string, entries: readonly string[]) => {
    if (entries.length === 0) return;
    lines.push("", `${title}:`, ...entries.map((e) => `  - ${e}`));
  };
  field("Title", detail.title);
  field("Id", detail.id);
  field("Reference", detail.reference);
  field("Kind", detail.kind);
  field("Status", statusOf(detail));
  field("Signed on", detail.signedOn.text);
  if (detail.validFrom || detail.validUntil) {
    const days = detail.daysUntilExpiry;
    const left =
      days === null
        ? ""
        : days >= 0
          ? ` (${countOf(days, "day")} left)`
          : ` (ended ${countOf(-days, "day")} ago)`;
    field("Valid", `${detail.validFrom ?? "…"} to ${detail.validUntil ?? "…"}${left}`);
  }
  field("Renewal", detail.renewalTerms);
  field("Follow-up body", detail.followUpBody);
  field("Purpose", detail.purpose);
  field("Amends", detail.amends ? `${detail.amends.title} (${detail.amends.status})` : null);
  field("Themes", detail.themes.join(", "));
  field("Areas", detail.areas.map((a) => a.label).join(", "));
  section(
    "Parties",
    detail.parties.map((p) => `${p.organisationName}${p.acronym ? ` (${p.acronym})` : ""}: ${p.role}`),
  );
  section(
    "Amendments",
    detail.amendments.map((a) => `${a.title} (${a.status})`),
  );
  section(
    "Commitments",
    detail.commitments.map(
      (c) =>
        `${c.text} [${c.status}]${c.responsibleOrganisationName ? ` by ${c.responsibleOrganisationName}` : ""}${c.dueOn ? `, due ${c.dueOn}` : ""}`,
    ),
  );
  section(
    "Progress",
    detail.progress.map((p) => {
      const due = p.dueOn ? `, due ${p.dueOn}` : "";
      const state = p.overdue ? " OVERDUE" : p.done ? " done" : "";
      return `${p.entryDate} ${p.kind}: ${p.text}${due}${state}`;
    }),
  );
  section(
    "Status history",
    detail.statusHistory.map(
      (s) =>
        `${s.changedOn} ${s.fromStatus ?? "—"} → ${s.toStatus} by ${s.changedBy}${s.reason ? `: ${s.reason}` : ""}`,
    ),
  );
  return lines;
}

export const runShowAgreement: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const [id, ...extra] = positionals;
  if (id === undefined || id === "") throw new UsageError("ID is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  // A malformed id names no agreement: say so, as the API does, rather than fail in the database.
  if (!z.uuid().safeParse(id).success) throw notFound("The agreement");
  const detail = await withMigratedDatabase(io, (_handle, ctx) => getAgreement(ctx, id));
  io.out(values.json ? JSON.stringify(detail, null, 2) : formatAgreement(detail).join("\n"));
};
