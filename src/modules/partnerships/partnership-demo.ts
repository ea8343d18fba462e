// Example data: the Rwanda Peace Partnership of seed 004 (Aegis Trust, Interpeace, Never Again Rwanda, funded by
// Sida), with one programme and one Sida grant per member, loaded through the modules' own use cases in one
// transaction. The seed names the members, the donor, the roles and the objectives; the programmes' districts,
// dates and events are illustrative (the seed gives none) and their titles say "example".
import { inTransaction, isAllowed, type ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createAgreement } from "../agreements";
import { createOrganisation, findOrganisationByName, type OrganisationKind } from "../organisations";
import { findPlaceIdsByCodes } from "../places";
import { createProgramme, recordEvent } from "../programmes";
import { createPartnership } from "./partnerships.service";
import { selectPartnershipByName } from "./partnerships.store";

export const DEMO_PARTNERSHIP_NAME = "Rwanda Peace Partnership";

const ORGANISATIONS: {
  key: string;
  name: string;
  acronym: string | null;
  kind: OrganisationKind;
  country: string;
}[] = [
  { key: "aegis", name: "Aegis Trust", acronym: null, kind: "international_ngo", country: "GB" },
  { key: "interpeace", name: "Interpeace", acronym: null, kind: "international_ngo", country: "CH" },
  { key: "nar", name: "Never Again Rwanda", acronym: "NAR", kind: "local_cso", country: "RW" },
  { key: "sida", name: "Embassy of Sweden (Sida)", acronym: "Sida", kind: "embassy_donor", country: "SE" },
];

/** One programme per member, as seed 004 describes each member's work; places and dates are illustrative. */
const PROGRAMMES = [
  {
    lead: "aegis",
    title: "Peace education, research and advocacy (example)",
    description:
      "Prevention of genocide and mass atrocities through peace education, research and advocacy: communities move from mistrust and prejudice to shared responsibility for peace.",
    themes: ["peacebuilding_reconciliation", "education"],
    districts: ["RW-D11", "RW-D24", "RW-D43"],
  },
  {
    lead: "interpeace",
    title: "Societal trauma healing (example)",
    description:
      "Healing spaces that address mental health, foster social cohesion and promote collaborative livelihoods, against the intergenerational transmission of genocide legacies.",
    themes: ["psychosocial_support", "peacebuilding_reconciliation"],
    districts: ["RW-D24", "RW-D43", "RW-D36"],
  },
  {
    lead: "nar",
    title: "Dialogue spaces and youth for sustainable peace (example)",
    description:
      "Safe spaces for dialogue, non-violent means of resolving conflict, trauma healing and genocide prevention, with youth as agents of sustainable peace.",
    themes: ["psychosocial_support", "peacebuilding_reconciliation"],
    districts: ["RW-D24", "RW-D43", "RW-D57"],
  },
] as const;

const mayLoad = (ctx: ServiceContext) =>
  isAllowed(ctx.actor, "partnership", "create") &&
  isAllowed(ctx.actor, "organisation", "create") &&
  isAllowed(ctx.actor, "programme", "create") &&
  isAllowed(ctx.actor, "agreement", "create");

/** Offered while no partnership has the seed's name, to those who may register all it holds nationally. */
export async function isPartnershipDemoAvailable(ctx: ServiceContext): Promise<boolean> {
  if (!mayLoad(ctx)) return false;
  return (await selectPartnershipByName(ctx.db, DEMO_PARTNERSHIP_NAME)) === null;
}

/** Loads the Rwanda Peace Partnership; all or nothing. Organisations that exist (same name) are reused. */
export async function loadPartnershipDemo(
  ctx: ServiceContext,
): Promise<{ partnershipId: string; programmes: number; agreements: number }> {
  if (!mayLoad(ctx))
    throw new AppError(
      "forbidden",
      "Loading the example partnership needs a coordinator or administrator role.",
    );
  return inTransaction(ctx, async (tx) => {
    if (!(await isPartnershipDemoAvailable(tx)))
      throw new AppError("conflict", "The example partnership is already loaded.");
    const orgs = new Map<string, string>();
    for (const o of ORGANISATIONS) {
      const existing = await findOrganisationByName(tx, o.name);
      orgs.set(
        o.key,
        existing?.id ??
          (
            await createOrganisation(tx, {
              name: o.name,
              acronym: o.acronym,
              kind: o.kind,
              countryCode: o.country,
            })
          ).id,
      );
    }
    const org = (key: string) => {
      const id = orgs.get(key);
      if (!id) throw new Error(`unknown organisation ${key}`);
      return id;
    };
    const places = await findPlaceIdsByCodes(tx.db, [...new Set(PROGRAMMES.flatMap((p) => p.districts))]);
    const place = (code: string) => {
      const id = places.get(code);
      if (!id) throw new Error(`unknown place ${code}`);
      return id;
    };
    const programmeIds: string[] = [];
    const agreementIds: string[] = [];
    for (const p of PROGRAMMES) {
      const agreement = await createAgreement(tx, {
        title: `Sida grant to ${ORGANISATIONS.find((o) => o.key === p.lead)?.name} (example)`,
        kind: "grant",
        status: "active",
        validFrom: "2022-01-01",
        validUntil: "2026-12-31",
        keeperOrganisationId: null,
        parties: [
          { organisationId: org("sida"), role: "funder" },
          { organisationId: org(p.lead), role: "implementer" },
        ],
        themes: [...p.themes],
        areas: p.districts.map((code) => ({ placeId: place(code) })),
        commitments: [],
      });
      agreementIds.push(agreement.id);
      const programme = await createProgramme(tx, {
        title: p.title,
        description: p.description,
        leadOrganisationId: org(p.lead),
        donors: [{ organisationId: org("sida"), amount: null, currency: null }],
        status: "ongoing",
        startDate: "2022-01-01",
        endDate: "2026-12-31",
        placeIds: p.districts.map(place),
        themes: [...p.themes],
        agreementIds: [agreement.id],
      });
      programmeIds.push(programme.id);
    }
    // A healing-space dialogue Interpeace and NAR held together in Huye: the partnership's joint event.
    await recordEvent(tx, programmeIds[1] ?? "", {
      kind: "community_meeting",
      title: "Joint healing and dialogue session, Huye (example)",
      startDate: "2023-05-17",
      placeIds: [place("RW-D24")],
      organiserIds: [org("interpeace"), org("nar")],
      participants: [
        { category: "villagers", sex: "female", count: 34 },
        { category: "villagers", sex: "male", count: 21 },
      ],
    });
    const partnership = await createPartnership(tx, {
      name: DEMO_PARTNERSHIP_NAME,
      acronym: "RPP",
      kind: "coalition",
      description:
        "The Aegis Trust, Interpeace and Never Again Rwanda came together, with the financial support of the Swedish embassy (Sida), to deliver complementary programmes for a peaceful, cohesive and inclusive Rwandan society: harmonised frameworks, mutual learning, continuous experience sharing, and coordination of their different but related strategies in peacebuilding, avoiding duplication.",
      objectives: [
        "Share knowledge and lessons learned on societal healing",
        "Strengthen collaboration and coordination among healing actors",
      ],
      startsOn: "2022",
      endsOn: null,
      members: [
        { organisationId: org("aegis"), role: "member" },
        { organisationId: org("interpeace"), role: "member" },
        { organisationId: org("nar"), role: "member" },
        { organisationId: org("sida"), role: "donor" },
      ],
      agreementIds,
      programmeIds,
    });
    return {
      partnershipId: partnership.id,
      programmes: programmeIds.length,
      agreements: agreementIds.length,
    };
  });
}
