// Demo data for a first start: the RCS cooperation status report (seeds/), loaded through the services in one transaction.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ServiceContext } from "../../kernel";
import { inTransaction, isAllowed } from "../../kernel";
import { projectFile } from "../../kernel/runtime-files";
import { AppError } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import {
  AgreementKindSchema,
  AgreementStatusSchema,
  type AreaInput,
  addProgressEntry,
  createAgreement,
  listAgreements,
  PartyRoleSchema,
  PlaceSetSchema,
} from "../agreements";
import {
  addContactPerson,
  addMembership,
  ContactPersonInputSchema,
  createOrganisation,
  findOrganisationByName,
  MembershipRoleSchema,
  OrganisationKindSchema,
} from "../organisations";
import { findOrCreateCountryPlace, findPlaceIdsByCodes } from "../places";

export const STATUS_REPORT_SEED_FILE = projectFile("seeds/status-report-rcs-000.json");

const SeedOrganisationSchema = z.object({
  key: z.string(),
  name: z.string(),
  acronym: z.string().nullable().optional(),
  aliases: z.array(z.string()).default([]),
  kind: OrganisationKindSchema,
  countryCode: z.string().nullable(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  /** Example contact persons (the report names none): obviously invented values, never a real person's. */
  contactPersons: z.array(ContactPersonInputSchema).default([]),
});

const SeedAreaSchema = z.union([
  z.object({ placeCode: z.string() }),
  z.object({ placeSet: PlaceSetSchema }),
  z.object({ countryCode: z.string().length(2) }),
]);

export const StatusReportSeedSchema = z.object({
  source: z.string(),
  institution: SeedOrganisationSchema,
  organisations: z.array(SeedOrganisationSchema),
  agreements: z.array(
    z.object({
      section: z.number().int(),
      row: z.number().int(),
      title: z.string(),
      kind: AgreementKindSchema,
      status: AgreementStatusSchema,
      signedOnText: z.string().nullable(),
      parties: z.array(z.object({ org: z.string(), role: PartyRoleSchema })),
      themes: z.array(z.string()),
      areas: z.array(SeedAreaSchema),
      commitments: z.array(z.string()),
      achievements: z.array(z.string()),
      ongoing: z.array(z.string()),
      planned: z.array(z.string()),
      amendment: z.object({ title: z.string(), status: AgreementStatusSchema, note: z.string() }).nullable(),
    }),
  ),
  memberships: z.array(
    z.object({
      org: z.string(),
      network: z.string(),
      role: MembershipRoleSchema,
      roleNote: z.string().nullable(),
      startYear: z.number().int().nullable(),
      endYear: z.number().int().nullable(),
      /** The report's "main roles/areas of cooperation" cell: kept as the association's description. */
      text: z.string().nullable().optional(),
    }),
  ),
});
export type StatusReportSeed = z.infer<typeof StatusReportSeedSchema>;

export type DemoLoadResult = {
  organisations: number;
  contactPersons: number;
  agreements: number;
  memberships: number;
  progressEntries: number;
};

/** Demo data is offered only on an empty register, to those who may register agreements nationally. */
export async function isStatusReportDemoAvailable(ctx: ServiceContext): Promise<boolean> {
  if (!isAllowed(ctx.actor, "agreement", "create") || !isAllowed(ctx.actor, "organisation", "create"))
    return false;
  return (await listAgreements(ctx, { sort: "signed_desc", limit: 1, offset: 0 })).total === 0;
}

/** How many agreements loading the seed creates: one per row, and the amendment a row carries (what the offer says). */
export function countSeedAgreements(seed: StatusReportSeed): number {
  return seed.agreements.reduce((n, row) => n + 1 + (row.amendment ? 1 : 0), 0);
}

export async function readStatusReportSeed(): Promise<StatusReportSeed> {
  return parseInput(StatusReportSeedSchema, JSON.parse(await readFile(STATUS_REPORT_SEED_FILE, "utf8")));
}

/** Loads the seed; all or nothing. Organisations that exist already (same name) are reused, not duplicated. */
export async function loadStatusReportDemo(
  ctx: ServiceContext,
  seed: StatusReportSeed,
): Promise<DemoLoadResult> {
  if (!isAllowed(ctx.actor, "agreement", "create") || !isAllowed(ctx.actor, "organisation", "create")) {
    throw new AppError(
      "forbidden",
      "Loading the example data needs a national coordinator or administrator role.",
    );
  }
  return inTransaction(ctx, async (inner) => {
    // Services called with `inner` join this transaction: one failure undoes everything.
    if ((await listAgreements(inner, { sort: "signed_desc", limit: 1, offset: 0 })).total > 0) {
      throw new AppError(
        "conflict",
        "The register already holds agreements: the example data is for an empty register.",
      );
    }
    const result: DemoLoadResult = {
      organisations: 0,
      contactPersons: 0,
      agreements: 0,
      memberships: 0,
      progressEntries: 0,
    };
    const ids = new Map<string, string>();
    for (const org of [seed.institution, ...seed.organisations]) {
      const existing = await findOrganisationByName(inner, org.name);
      if (existing) {
        ids.set(org.key, existing.id);
        continue;
      }
      const description = seed.memberships.find((m) => m.network === org.key)?.text ?? null;
      const created = await createOrganisation(inner, {
        name: org.name,
        description,
        acronym: org.acronym ?? null,
        aliases: org.aliases,
        kind: org.kind,
        countryCode: org.countryCode,
        email: org.email ?? null,
        phone: org.phone ?? null,
        website: org.website ?? null,
      });
      ids.set(org.key, created.id);
      result.organisations++;
      for (const contact of org.contactPersons) {
        await addContactPerson(inner, created.id, contact);
        result.contactPersons++;
      }
    }
    const idOf = (key: string) => {
      const id = ids.get(key);
      if (!id) throw new Error(`The seed names an unknown organisation key "${key}"`);
      return id;
    };

    const placeCodes = seed.agreements.flatMap((a) =>
      a.areas.flatMap((area) => ("placeCode" in area ? [area.placeCode] : [])),
    );
    const placeIds = await findPlaceIdsByCodes(inner.db, placeCodes);
    const areasOf = async (areas: StatusReportSeed["agreements"][number]["areas"]): Promise<AreaInput[]> => {
      const out: AreaInput[] = [];
      for (const area of areas) {
        if ("placeSet" in area) out.push({ placeSet: area.placeSet });
        else if ("placeCode" in area) {
          const id = placeIds.get(area.placeCode);
          if (!id) throw new Error(`The seed names an unknown place code "${area.placeCode}"`);
          out.push({ placeId: id });
        } else out.push({ placeId: await findOrCreateCountryPlace(inner.db, area.countryCode) });
      }
      return out;
    };

    for (const row of seed.agreements) {
      const areas = await areasOf(row.areas);
      const parties = row.parties.map((p) => ({ organisationId: idOf(p.org), role: p.role }));
      const agreement = await createAgreement(inner, {
        title: row.title,
        reference: `Status report ${row.section}.${row.row}`,
        kind: row.kind,
        status: row.status,
        signedOnText: row.signedOnText,
        keeperOrganisationId: idOf(seed.institution.key),
        parties,
        themes: row.themes,
        areas,
        commitments: row.commitments.map((text) => ({ text, status: "ongoing" as const })),
      });
      result.agreements++;
      const entries = [
        ...row.achievements.map((text) => ({ kind: "achievement" as const, text })),
        ...row.ongoing.map((text) => ({ kind: "ongoing" as const, text })),
        ...row.planned.map((text) => ({ kind: "planned" as const, text })),
      ];
      for (const entry of entries) {
        await addProgressEntry(inner, agreement.id, entry);
        result.progressEntries++;
      }
      if (row.amendment) {
        await createAgreement(inner, {
          title: row.amendment.title,
          kind: "amendment",
          status: row.amendment.status,
          purpose: row.amendment.note,
          amendsId: agreement.id,
          keeperOrganisationId: idOf(seed.institution.key),
          parties,
          themes: row.themes,
          areas,
        });
        result.agreements++;
      }
    }
    for (const m of seed.memberships) {
      await addMembership(inner, idOf(m.org), {
        networkId: idOf(m.network),
        role: m.role,
        roleNote: m.roleNote,
        startYear: m.startYear,
        endYear: m.endYear,
      });
      result.memberships++;
    }
    return result;
  });
}
