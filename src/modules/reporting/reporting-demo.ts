// Example data for the reporting dashboards: six CSOs of Musanze report quarterly to the district's JADF and JRLOS
// secretariat over the last four quarters — on time, late, returned and resubmitted, missing — written through the
// module's own use cases, each step on the day it would have happened (the context's fixed day).
import { inTransaction, isAllowed, type ServiceContext, todayOf } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createOrganisation, findOrganisationByName } from "../organisations";
import { listBodies, loadReportingBodies } from "./bodies.service";
import { createObligationsInBulk, listObligations } from "./obligations.service";
import { addDays, dueDate, lastEndedPeriods, nextPeriod, periodStart } from "./periods";
import type { SubmissionContent } from "./reporting.schema";
import { createSubmission, reviewSubmission, submitSubmission } from "./submissions.service";

export const DEMO_DISTRICT = "Musanze";
const DUE_DAYS = 15;

/**
 * What each organisation does in the four quarters, oldest first: days after the due date it first submits
 * (negative: before it; null: never), and "returned" when the JADF sends it back once before accepting.
 */
type Step = { day: number | null; returned?: boolean };
const PLAN: { name: string; acronym: string; steps: [Step, Step, Step, Step] }[] = [
  {
    name: "Musanze Legal Aid Clinic",
    acronym: "MLAC",
    steps: [{ day: -6 }, { day: -3 }, { day: -8 }, { day: -2 }],
  },
  {
    name: "Umucyo Women's Rights Association",
    acronym: "UWRA",
    steps: [{ day: -4 }, { day: -1, returned: true }, { day: -5 }, { day: 0, returned: true }],
  },
  {
    name: "Musanze Paralegals Network",
    acronym: "MPN",
    steps: [{ day: 9 }, { day: 20 }, { day: -2 }, { day: 4 }],
  },
  {
    name: "Imbaraga Youth Justice Initiative",
    acronym: "IYJI",
    steps: [{ day: null }, { day: -7 }, { day: 12, returned: true }, { day: null }],
  },
  {
    name: "Kinigi Community Mediators",
    acronym: "KCM",
    steps: [{ day: -3 }, { day: -9 }, { day: null }, { day: 30 }],
  },
  {
    name: "Busogo Prison Fellowship",
    acronym: "BPF",
    steps: [{ day: -10 }, { day: 2 }, { day: -4 }, { day: null }],
  },
];

export type ReportingDemoResult = { organisations: number; obligations: number; submissions: number };

const mayLoad = (ctx: ServiceContext) =>
  isAllowed(ctx.actor, "reporting_obligation", "create") && isAllowed(ctx.actor, "organisation", "create");

/** Offered while no obligation exists yet, to those who may set obligations anywhere and register organisations. */
export async function isReportingDemoAvailable(ctx: ServiceContext): Promise<boolean> {
  if (!mayLoad(ctx)) return false;
  return (await listObligations(ctx, {})).length === 0;
}

function contentFor(
  period: string,
  placeId: string,
  acronym: string,
  withHindrance: boolean,
): SubmissionContent {
  return {
    narrative: `${acronym}: legal aid days, community mediation and awareness sessions in Musanze during ${period}.`,
    activities: [
      {
        placeId,
        date: addDays(periodStart(period), 20),
        description: "Legal aid day at the sector office",
        peopleReached: 40 + acronym.length * 7,
        women: 22 + acronym.length * 3,
        men: 18 + acronym.length * 4,
      },
    ],
    indicators: [],
    hindrances: withHindrance
      ? [
          {
            kind: "hindrance_to_justice",
            placeId,
            date: addDays(periodStart(period), 35),
            description:
              "Detainees at a police station waited beyond the legal time before seeing a prosecutor.",
            reportedTo: ["maj", "nchr"],
            status: "open",
          },
        ]
      : [],
    challenges: "Transport to remote sectors in the rainy season.",
    plans: "Two more legal aid days and a radio programme next quarter.",
    nothingToReport: withHindrance ? [] : ["hindrances"],
  };
}

/** Loads the example; all or nothing. Organisations already registered under the same name are reused. */
export async function loadReportingDemo(ctx: ServiceContext): Promise<ReportingDemoResult> {
  if (!mayLoad(ctx))
    throw new AppError(
      "forbidden",
      "Loading the example data needs a national coordinator or administrator role.",
    );
  await loadReportingBodies(ctx.db);
  const today = todayOf(ctx);
  const quarters = lastEndedPeriods("quarter", today, 4);
  const first = quarters[0] as string;
  return inTransaction(ctx, async (tx) => {
    if ((await listObligations(tx, {})).length > 0)
      throw new AppError(
        "conflict",
        "Reporting obligations exist already: the example data is for an empty register.",
      );
    const bodies = (await listBodies(tx, {})).filter((b) => b.districtName === DEMO_DISTRICT);
    const jadf = bodies.find((b) => b.kind === "jadf");
    const jrlos = bodies.find((b) => b.kind === "jrlos_secretariat");
    if (!jadf || !jrlos || !jadf.districtId)
      throw new Error(`${DEMO_DISTRICT}'s reporting bodies are missing`);
    const musanzeId = jadf.districtId;
    const result: ReportingDemoResult = { organisations: 0, obligations: 0, submissions: 0 };
    const ids: string[] = [];
    for (const o of PLAN) {
      const existing = await findOrganisationByName(tx, o.name);
      if (existing) {
        ids.push(existing.id);
        continue;
      }
      const created = await createOrganisation(tx, {
        name: o.name,
        acronym: o.acronym,
        aliases: [],
        kind: "local_cso",
        countryCode: "RW",
        description: `A civil-society organisation working in ${DEMO_DISTRICT} District (example data).`,
      });
      ids.push(created.id);
      result.organisations++;
    }
    const obligations = await createObligationsInBulk(
      { ...tx, today: periodStart(first) },
      ids.flatMap((organisationId) =>
        [jadf, jrlos].map((body) => ({
          organisationId,
          bodyId: body.id,
          periodType: "quarter" as const,
          dueDays: DUE_DAYS,
          startPeriod: first,
        })),
      ),
    );
    result.obligations = obligations.length;

    const on = (day: string) => ({ ...tx, today: day });
    for (const [q, period] of quarters.entries()) {
      const due = dueDate(period, DUE_DAYS);
      for (const [i, o] of PLAN.entries()) {
        const step = o.steps[q] as Step;
        const organisationId = ids[i] as string;
        if (step.day === null) continue; // missing
        const day = addDays(due, step.day);
        if (day > today) continue; // not yet: stays not due (or missing) as of today
        const draft = await createSubmission(on(addDays(day, -2)), {
          organisationId,
          period,
          content: contentFor(period, musanzeId, o.acronym, (q + i) % 3 === 0),
        });
        let current = await submitSubmission(on(day), draft.id, draft.version);
        result.submissions++;
        let reviewDay = addDays(day, 3);
        if (step.returned && reviewDay <= today) {
          current = await reviewSubmission(on(reviewDay), draft.id, "return", {
            bodyId: jadf.id,
            comments: { activities: "Give the number of women and men reached in each sector." },
          });
          reviewDay = addDays(reviewDay, 4);
          if (reviewDay > today) continue;
          current = await submitSubmission(on(reviewDay), draft.id, current.version);
          reviewDay = addDays(reviewDay, 2);
        }
        // The older quarters are reviewed by both bodies; the latest waits in part for the JRLOS secretariat.
        for (const body of q === quarters.length - 1 ? [jadf] : [jadf, jrlos]) {
          if (reviewDay > today) break;
          current = await reviewSubmission(on(reviewDay), draft.id, "accept", { bodyId: body.id });
        }
      }
    }
    // This quarter's report, started but not yet due.
    const now = nextPeriod(quarters[quarters.length - 1] as string);
    await createSubmission(tx, {
      organisationId: ids[0] as string,
      period: now,
      content: contentFor(now, musanzeId, PLAN[0]?.acronym ?? "", false),
    });
    return result;
  });
}
