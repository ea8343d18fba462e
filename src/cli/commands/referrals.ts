// `service-providers list` and `referrals list`: the directory and the referrals as terminal tables or JSON. Run as
// the operator (every referral, the read audited as for anyone); persons appear by their code, never by name.
import { parseArgs } from "node:util";
import type { Executor } from "../../db/client";
import type { ReferralSummary } from "../../modules/incidents";
import { listReferrals, listServiceProviders } from "../../modules/incidents";
import { findPlaceIdsByCodes } from "../../modules/places";
import type { RunCommand } from "../cli-command";
import { UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 200; // the largest page the list query accepts

/** A district given by its code (RW-D43) or id. */
async function districtId(db: Executor, value: string | undefined): Promise<string | undefined> {
  if (value === undefined || UUID.test(value)) return value;
  const id = (await findPlaceIdsByCodes(db, [value])).get(value);
  if (!id) throw new UsageError(`--district: no place has the code ${value}.`);
  return id;
}

export const runListServiceProviders: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      service: { type: "string" },
      district: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  // Same validation as GET /api/service-providers: a bad --service names the field and the services.
  const providers = await withMigratedDatabase(io, async (handle, ctx) =>
    listServiceProviders(ctx, {
      service: values.service,
      districtId: await districtId(handle.db, values.district),
    }),
  );
  if (values.json) {
    io.out(JSON.stringify(providers, null, 2));
    return;
  }
  if (providers.length > 0)
    io.out(
      formatTable(
        ["PROVIDER", "SERVICES", "WHERE", "REFERRALS", "EMAIL"],
        providers.map((p) => [
          p.organisationName,
          p.services.join(", "),
          p.nationwide ? "nationwide" : p.districts.map((d) => d.name).join(", "),
          p.acceptingReferrals ? "accepted" : "not now",
          p.contactEmail ?? "",
        ]),
      ),
    );
  io.out(countOf(providers.length, "service provider"));
};

export const runListReferrals: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      status: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  const { items, total } = await withMigratedDatabase(io, async (_handle, ctx) => {
    const all: ReferralSummary[] = [];
    for (;;) {
      const page = await listReferrals(ctx, { status: values.status, limit: PAGE_SIZE, offset: all.length });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return { items: all, total: page.total };
    }
  });
  if (values.json) {
    io.out(JSON.stringify({ items, total }, null, 2));
    return;
  }
  if (items.length > 0)
    io.out(
      formatTable(
        ["REFERRED", "INCIDENT", "PERSON", "SERVICE", "FROM", "TO", "STATUS"],
        items.map((r) => [
          r.referredOn,
          r.incidentReference,
          r.personCode,
          r.service,
          r.fromOrganisationName,
          r.providerName,
          r.status,
        ]),
      ),
    );
  io.out(countOf(total, "referral"));
};
