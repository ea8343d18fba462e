// `agreements list` and `agreements show`: the register as an aligned table, one agreement in full, or JSON.
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ServiceContext } from "../../kernel";
import {
  type AgreementDetail,
  type AgreementList,
  AgreementListQuerySchema,
  type AgreementSummary,
  getAgreement,
  listAgreements,
} from "../../modules/agreements";
import { findOrganisationByName, listOrganisations } from "../../modules/organisations";
import { findPlaceIdsByCodes, listPlaces, PLACE_KINDS } from "../../modules/places";
import { notFound } from "../../shared/app-errors";
import { normaliseForSearch } from "../../shared/search-text";
import { parseInput } from "../../shared/validation";
import { CliError, type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const PAGE_SIZE = 200; // the largest page the list query accepts

/** "12/05/2020", or the year/month read from it; "—" when nothing was written. */
const signedOn = (a: AgreementSummary) => a.signedOn.text ?? "—";

/** The status a reader sees, with the recorded one when they differ ("expired (recorded active)"). */
const statusOf = (a: AgreementSummary) =>
  a.effectiveStatus === a.status ? a.status : `${a.effectiveStatus} (recorded ${a.status})`;

const partyNames = (a: AgreementSummary) => a.parties.map((p) => p.acronym ?? p.organisationName);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sameText = (a: string, b: string) => normaliseForSearch(a) === normaliseForSearch(b);

/** --place takes a code ("RW.11") or a name ("Musanze", "Nyarugenge Correctional Facility"). */
async function resolvePlace(ctx: ServiceContext, given: string): Promise<string> {
  if (UUID.test(given)) return given;
  const byCode = (await findPlaceIdsByCodes(ctx.db, [given])).get(given);
  if (byCode) return byCode;
  const { items } = await listPlaces(ctx, { q: given, limit: 50 });
  const named = items.filter((p) =>
    [p.name, ...Object.values(p.names), ...p.aliases].some((n) => sameText(n, given)),
  );
  // "Musanze" is a district and a sector in it, "Nyarugenge" a district and two sectors: the larger unit is
  // what a person means. Several places of the same level ("Remera", four sectors) need the code.
  const level = (p: (typeof named)[number]) => PLACE_KINDS.indexOf(p.kind);
  const top = Math.min(...named.map(level));
  const outermost = named.filter((p) => level(p) === top);
  if (outermost.length === 1 && outermost[0]) return outermost[0].id;
  if (named.length > 1) {
    throw new CliError(
      `--place "${given}" names ${named.length} places; give the code of one:\n${named
        .map((p) => `  ${p.code}  ${p.name} (${p.kind}${p.parentName ? `, in ${p.parentName}` : ""})`)
        .join("\n")}`,
    );
  }
  throw new CliError(`--place "${given}": no place has this code or name.`);
}

/** --organisation takes an id, a name (any case or accents) or an acronym. */
async function resolveOrganisation(ctx: ServiceContext, given: string): Promise<string> {
  if (UUID.test(given)) return given;
  const byName = await findOrganisationByName(ctx, given);
  if (byName) return byName.id;
  const { items } = await listOrganisations(ctx, { q: given, limit: 50, offset: 0 });
  const named = items.filter(
    (o) => (o.acronym && sameText(o.acronym, given)) || o.aliases.some((a) => sameText(a, given)),
  );
  if (named.length === 1 && named[0]) return named[0].id;
  if (named.length > 1) {
    throw new CliError(
      `--organisation "${given}" names ${named.length} organisations; give the id of one:\n${named
        .map((o) => `  ${o.id}  ${o.name}`)
        .join("\n")}`,
    );
  }
  throw new CliError(`--organisation "${given}": no organisation has this name, acronym or alias.`);
}

export const runListAgreements: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      q: { type: "string" },
      kind: { type: "string" },
      status: { type: "string" },
      "party-kind": { type: "string" },
      organisation: { type: "string" },
      theme: { type: "string" },
      place: { type: "string" },
      "signed-year": { type: "string" },
      "expiring-within": { type: "string" },
      overdue: { type: "boolean" },
      sort: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  const { items, total } = await withMigratedDatabase(io, async (_handle, ctx): Promise<AgreementList> => {
    // Same validation as GET /api/agreements: a bad value names the field and, for a list, its choices.
    const query = parseInput(
      AgreementListQuerySchema,
      {
        q: values.q,
        kind: values.kind,
        status: values.status,
        partyKind: values["party-kind"],
        organisationId: values.organisation ? await resolveOrganisation(ctx, values.organisation) : undefined,
        theme: values.theme,
        placeId: values.place ? await resolvePlace(ctx, values.place) : undefined,
        signedYear: values["signed-year"],
        expiringWithinDays: values["expiring-within"],
        hasOverduePlanned: values.overdue ? "true" : undefined,
        sort: values.sort,
        limit: PAGE_SIZE,
        offset: 0,
      },
      "query",
    );
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
        `${s.changedOn} ${s.fromStatus ?? "—"} → ${s.toStatus} by ${s.changedBy}${s.reason ? `: ${s.reason}` : s.fromStatus ? "" : ": Registered"}`,
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
