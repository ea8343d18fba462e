// Example data for detention monitoring: the NCHR as National Preventive Mechanism with its roadmap (seed 002), the
// occupancy rates the NCHR published in October 2021, and a year of monitoring at two facilities — an unannounced
// visit to Muhanga, an announced one to Nyarugenge, their findings, recommendations to the RCS, the RCS's answer and
// action plan, and a follow-up visit that finds the first recommendation partly implemented. Written through the
// module's own use cases, dated back from today so that a first start always shows a plausible year.
import { inTransaction, isAllowed, type ServiceContext, todayOf } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { addDays } from "../../shared/today";
import { createOrganisation, findOrganisationByName, type OrganisationKind } from "../organisations";
import { listPlaces } from "../places";
import { addFinding } from "./findings.service";
import { createFollowUpAction } from "./follow-up-actions.service";
import { createPlanItem } from "./monitoring-plan.service";
import { roadmapExampleItems } from "./monitoring-plan-demo";
import { addOccupancyFigure } from "./occupancy.service";
import { changeRecommendationStatus } from "./recommendation-status-changes.service";
import { createRecommendation, getRecommendation, respondToRecommendation } from "./recommendations.service";
import { createVisit, listVisits, publishVisit, updateVisit } from "./visits.service";

const NCHR = "National Commission for Human Rights";
const RCS = "Rwanda Correctional Service";

/** Occupancy rates of the NCHR's report of October 2021, as the press cited them (KT Press, January 2023). */
const NCHR_2021_RATES: readonly [facility: string, rate: number][] = [
  ["Muhanga Correctional Facility", 238.8],
  ["Gicumbi Correctional Facility", 161.8],
  ["Rwamagana Correctional Facility", 151.1],
  ["Rusizi Correctional Facility", 144.8],
  ["Huye Correctional Facility", 138.6],
  ["Musanze Correctional Facility", 138.2],
  ["Bugesera Correctional Facility", 132.1],
  ["Rubavu Correctional Facility", 127.7],
  ["Ngoma Correctional Facility", 103.6],
  ["Nyanza Correctional Facility", 93.5],
  ["Nyagatare Correctional Facility", 84.6],
  ["Nyamagabe Correctional Facility", 83.3],
  ["Mulindi Military Prison", 70.1],
];
const RATES_SOURCE = "NCHR annual report, October 2021 (cited by KT Press, January 2023) — example data";

export type MonitoringDemoResult = {
  organisations: number;
  planItems: number;
  figures: number;
  visits: number;
  findings: number;
  recommendations: number;
};

const mayLoad = (ctx: ServiceContext) =>
  isAllowed(ctx.actor, "organisation", "create") && isAllowed(ctx.actor, "occupancy", "create");

/** Offered while no visit is recorded, to those who may register organisations and occupancy figures. */
export async function isMonitoringDemoAvailable(ctx: ServiceContext): Promise<boolean> {
  if (!mayLoad(ctx)) return false;
  const system = asExampleLoader(ctx);
  return (await listVisits(system, {})).total === 0;
}

/**
 * The monitoring body's use cases need a monitor of it; the example data is loaded by an administrator or coordinator
 * once, so it is written as the system, labelled with who asked (the audit shows both).
 */
function asExampleLoader(ctx: ServiceContext): ServiceContext {
  return { ...ctx, actor: { kind: "system", label: `example data (${ctx.actor.label})` } };
}

async function findOrCreate(
  ctx: ServiceContext,
  name: string,
  kind: OrganisationKind,
  counter: { n: number },
) {
  const found = await findOrganisationByName(ctx, name);
  if (found) return found;
  counter.n++;
  return createOrganisation(ctx, {
    name,
    kind,
    countryCode: "RW",
    description: "Example data for detention monitoring.",
  });
}

/** Loads the example; all or nothing. Organisations already registered under the same name are reused. */
export async function loadMonitoringDemo(ctx: ServiceContext): Promise<MonitoringDemoResult> {
  if (!mayLoad(ctx))
    throw new AppError(
      "forbidden",
      "Loading the example data needs a national coordinator or administrator role.",
    );
  return inTransaction(asExampleLoader(ctx), async (tx) => {
    if ((await listVisits(tx, {})).total > 0)
      throw new AppError(
        "conflict",
        "Monitoring visits are already recorded: the example data is for a first start.",
      );
    const created = { n: 0 };
    const nchr = await findOrCreate(tx, NCHR, "government", created);
    const rcs = await findOrCreate(tx, RCS, "government", created);
    const result: MonitoringDemoResult = {
      organisations: 0,
      planItems: 0,
      figures: 0,
      visits: 0,
      findings: 0,
      recommendations: 0,
    };

    for (const item of roadmapExampleItems()) {
      await createPlanItem(tx, { monitoringOrganisationId: nchr.id, ...item });
      result.planItems++;
    }

    const places = new Map(
      (await listPlaces(tx, { kind: "place_of_detention", limit: 1000 })).items.map((p) => [p.name, p.id]),
    );
    const placeId = (name: string) => {
      const id = places.get(name);
      if (!id) throw new Error(`${name} is not among the reference places of detention`);
      return id;
    };
    for (const [facility, rate] of NCHR_2021_RATES) {
      await addOccupancyFigure(tx, placeId(facility), {
        asOf: "2021-10-31",
        publishedRate: rate,
        source: RATES_SOURCE,
      });
      result.figures++;
    }

    const today = todayOf(tx);
    const day = (daysAgo: number) => addDays(today, -daysAgo);
    const monitors = [
      { name: "Example monitor A (NCHR)", role: "monitor" as const },
      { name: "Example monitor B (NCHR)", role: "monitor" as const },
    ];

    // An unannounced visit to the most crowded facility.
    const muhanga = placeId("Muhanga Correctional Facility");
    let first = await createVisit(tx, {
      monitoringOrganisationId: nchr.id,
      placeId: muhanga,
      announced: false,
      visitType: "regular",
      startsOn: day(270),
      endsOn: day(269),
      objectives: "Conditions of detention and procedural safeguards in the most crowded facility.",
      team: [...monitors, { name: "Example medical doctor", role: "doctor" }],
      interviews: [
        { category: "detainees", count: 24 },
        { category: "staff", count: 6 },
        { category: "management", count: 2 },
        { category: "health_staff", count: 2 },
      ],
      summary: "Severe overcrowding; many pre-trial detainees without a lawyer; health care stretched.",
    });
    first = await updateVisit(tx, first.id, first.version, { status: "conducted" });
    const crowding = await addFinding(tx, first.id, {
      theme: "overcrowding",
      severity: "critical",
      text: "Dormitories held about twice their capacity; detainees slept in turns and on the floor.",
    });
    const lawyer = await addFinding(tx, first.id, {
      theme: "access_to_a_lawyer",
      severity: "high",
      text: "Most pre-trial detainees interviewed had not met a lawyer since their arrest; there is no private room for it.",
    });
    await addFinding(tx, first.id, {
      theme: "health_care_services",
      severity: "medium",
      vulnerableGroups: ["persons_living_with_hiv"],
      text: "One nurse for the whole facility; antiretroviral treatment interrupted on transfer.",
    });

    // An announced visit to the Kigali facility, not yet published.
    const nyarugenge = placeId("Nyarugenge Correctional Facility");
    let second = await createVisit(tx, {
      monitoringOrganisationId: nchr.id,
      placeId: nyarugenge,
      announced: true,
      visitType: "regular",
      startsOn: day(200),
      objectives: "Women's wing and contact with families.",
      team: monitors,
      interviews: [
        { category: "detainees", count: 18 },
        { category: "families", count: 5 },
        { category: "staff", count: 4 },
      ],
    });
    second = await updateVisit(tx, second.id, second.version, { status: "conducted" });
    const visits = await addFinding(tx, second.id, {
      theme: "contact_with_the_outside_world",
      severity: "medium",
      vulnerableGroups: ["women", "children"],
      text: "Visiting days too few for families travelling from other provinces; children wait outside with no shelter.",
    });
    await addFinding(tx, second.id, {
      theme: "hygiene_and_sanitation",
      severity: "medium",
      vulnerableGroups: ["women"],
      text: "Sanitary pads are not supplied regularly in the women's wing.",
    });
    result.findings += 5;

    const decongest = await createRecommendation(tx, {
      monitoringOrganisationId: nchr.id,
      text: "Bring Muhanga Correctional Facility's population down to its capacity within a year: transfer detainees to facilities below capacity and review pre-trial detention files with the prosecution.",
      theme: "overcrowding",
      addresseeOrganisationId: rcs.id,
      priority: "high",
      issuedOn: day(269),
      deadline: day(269 - 365),
      findingIds: [crowding.id],
      placeIds: [muhanga],
    });
    const legalAid = await createRecommendation(tx, {
      monitoringOrganisationId: nchr.id,
      text: "Give every detainee a private room to meet a lawyer and a list of legal-aid providers, in every facility.",
      theme: "access_to_a_lawyer",
      addresseeOrganisationId: rcs.id,
      priority: "high",
      issuedOn: day(269),
      deadline: day(269 - 180),
      findingIds: [lawyer.id],
      allFacilities: true,
    });
    await createRecommendation(tx, {
      monitoringOrganisationId: nchr.id,
      text: "Add a weekend visiting day at Nyarugenge and a sheltered waiting area for families with children.",
      theme: "contact_with_the_outside_world",
      vulnerableGroups: ["women", "children"],
      addresseeOrganisationId: rcs.id,
      priority: "medium",
      issuedOn: day(200),
      deadline: day(200 - 300),
      findingIds: [visits.id],
      placeIds: [nyarugenge],
    });
    result.recommendations += 3;

    // The first visit's report is published after the RCS's factual corrections; its recommendations with it.
    first = await publishVisit(tx, first.id, first.version, { publishedOn: day(220) });

    // Publishing moved the recommendations' versions: answer what is there now.
    const published = await getRecommendation(tx, decongest.id);
    const answered = await respondToRecommendation(tx, decongest.id, published.version, {
      response:
        "The RCS accepts the recommendation. Six hundred detainees will be transferred to Nyamagabe and Nyanza, and pre-trial files are being reviewed with the National Public Prosecution Authority.",
      respondedOn: day(240),
    });
    await changeRecommendationStatus(tx, answered.id, { status: "accepted", changedOn: day(240) });
    await changeRecommendationStatus(tx, legalAid.id, {
      status: "in_progress",
      changedOn: day(230),
      note: "Legal-aid desks opened in three facilities so far.",
    });
    await createFollowUpAction(tx, {
      organisationId: rcs.id,
      title: "Transfer 600 detainees from Muhanga to facilities below capacity",
      dueOn: day(90),
      status: "in_progress",
      progress: 60,
      progressNote: "About 360 transferred so far.",
      recommendationIds: [decongest.id],
    });
    await createFollowUpAction(tx, {
      organisationId: rcs.id,
      title: "Lawyers' meeting rooms and legal-aid desks in every facility",
      dueOn: day(30),
      status: "in_progress",
      progress: 25,
      recommendationIds: [legalAid.id],
    });

    // The follow-up visit checks what was done.
    let followUp = await createVisit(tx, {
      monitoringOrganisationId: nchr.id,
      placeId: muhanga,
      announced: false,
      visitType: "follow_up",
      followUpOfVisitId: first.id,
      startsOn: day(60),
      objectives: "Check the implementation of the recommendations of the first visit.",
      team: monitors,
      interviews: [
        { category: "detainees", count: 15 },
        { category: "management", count: 1 },
      ],
    });
    followUp = await updateVisit(tx, followUp.id, followUp.version, { status: "conducted" });
    await changeRecommendationStatus(tx, decongest.id, {
      status: "partly_implemented",
      changedOn: day(60),
      visitId: followUp.id,
      note: "Population down from about 240 % to about 170 % of capacity; transfers continue.",
    });

    result.visits = 3;
    result.organisations = created.n;
    return result;
  });
}
