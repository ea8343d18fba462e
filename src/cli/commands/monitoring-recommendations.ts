// `monitoring recommendations`: the recommendations as a terminal table or CSV, filtered by addressee (its name),
// status and overdue. Run as the operator: every recommendation, published or not.
import { parseArgs } from "node:util";
import { listRecommendations, type RecommendationSummary } from "../../modules/monitoring";
import { findOrganisationByName } from "../../modules/organisations";
import { csvText } from "../../shared/spreadsheet-text";
import type { RunCommand } from "../cli-command";
import { UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const PAGE_SIZE = 500; // the largest page the list query accepts
const HEADERS = [
  "REFERENCE",
  "ADDRESSEE",
  "THEME",
  "PRIORITY",
  "ISSUED",
  "DEADLINE",
  "STATUS",
  "OVERDUE",
  "TEXT",
];

const cells = (r: RecommendationSummary) => [
  r.reference,
  r.addressee.name,
  r.theme,
  r.priority,
  r.issuedOn,
  r.deadline ?? "",
  r.status,
  r.overdue ? "overdue" : "",
  r.text,
];

export const runListRecommendations: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      addressee: { type: "string" },
      status: { type: "string" },
      overdue: { type: "boolean" },
      format: { type: "string", default: "table" },
    },
    strict: true,
  });
  if (values.format !== "table" && values.format !== "csv")
    throw new UsageError("--format: use csv or table.");
  const items = await withMigratedDatabase(io, async (_handle, ctx) => {
    let addresseeOrganisationId: string | undefined;
    if (values.addressee !== undefined) {
      const organisation = await findOrganisationByName(ctx, values.addressee);
      if (!organisation) throw new UsageError(`--addressee: no organisation is named ${values.addressee}.`);
      addresseeOrganisationId = organisation.id;
    }
    const all: RecommendationSummary[] = [];
    for (;;) {
      // Same validation as GET /api/recommendations: a bad --status names the field.
      const page = await listRecommendations(ctx, {
        status: values.status,
        addresseeOrganisationId,
        ...(values.overdue ? { overdue: "true" } : {}),
        limit: PAGE_SIZE,
        offset: all.length,
      });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return all;
    }
  });
  if (values.format === "csv") {
    io.out(csvText([HEADERS.map((h) => h.toLowerCase()), ...items.map(cells)]).trimEnd());
    return;
  }
  if (items.length > 0)
    io.out(
      formatTable(
        HEADERS,
        items.map((r) => cells(r).map((c, i) => (i === 8 && c.length > 60 ? `${c.slice(0, 59)}…` : c))),
      ),
    );
  io.out(countOf(items.length, "recommendation"));
};
