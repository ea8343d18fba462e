// `organisations list`: the register as an aligned table or JSON, with the API's search and filters.
import { parseArgs } from "node:util";
import {
  listOrganisations,
  type Organisation,
  type OrganisationList,
  OrganisationListQuerySchema,
} from "../../modules/organisations";
import { parseInput } from "../../shared/validation";
import type { RunCommand } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const PAGE_SIZE = 200; // the largest page the list query accepts

export const runListOrganisations: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      q: { type: "string" },
      kind: { type: "string" },
      country: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  // Same validation as GET /api/organisations: a bad --kind names the field and lists the kinds.
  const query = parseInput(
    OrganisationListQuerySchema,
    { q: values.q, kind: values.kind, countryCode: values.country, limit: PAGE_SIZE, offset: 0 },
    "query",
  );
  const { items, total } = await withMigratedDatabase(io, async (_handle, ctx): Promise<OrganisationList> => {
    const all: Organisation[] = [];
    for (;;) {
      const page = await listOrganisations(ctx, { ...query, offset: all.length });
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
        ["NAME", "ACRONYM", "KIND", "COUNTRY"],
        items.map((o) => [o.name, o.acronym ?? "", o.kind, o.countryCode ?? "international"]),
      ),
    );
  }
  io.out(`Total: ${countOf(total, "organisation")}`);
};
