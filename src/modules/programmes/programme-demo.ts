// Demo data: IOM's counter-trafficking programme (seed 001), loaded through the services in one transaction.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ServiceContext } from "../../kernel";
import { inTransaction, isAllowed } from "../../kernel";
import { projectFile } from "../../kernel/runtime-files";
import { AppError } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { createOrganisation, findOrganisationByName, OrganisationKindSchema } from "../organisations";
import { findPlaceIdsByCodes } from "../places";
import { recordEvent } from "./events.service";
import { addIndicator } from "./indicators.service";
import { addLogframeItem } from "./logframe.service";
import {
  DisaggregationSchema,
  EventKindSchema,
  IndicatorUnitSchema,
  ParticipantCategorySchema,
  ProgrammeStatusSchema,
  ValueKindSchema,
} from "./programmes.schema";
import { createProgramme, listProgrammes } from "./programmes.service";
import { addResult } from "./results.service";

export const PROGRAMME_SEED_FILE = projectFile("seeds/programme-iom-001.json");

export const ProgrammeSeedSchema = z.object({
  source: z.string(),
  organisations: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      acronym: z.string().nullable(),
      kind: OrganisationKindSchema,
      countryCode: z.string().nullable(),
      email: z.string().optional(),
      phone: z.string().optional(),
    }),
  ),
  programme: z.object({
    title: z.string(),
    description: z.string(),
    lead: z.string(),
    partners: z.array(z.string()),
    donors: z.array(
      z.object({ org: z.string(), amount: z.number().nullable(), currency: z.string().nullable() }),
    ),
    status: ProgrammeStatusSchema,
    startDate: z.string(),
    endDate: z.string(),
    placeCodes: z.array(z.string()),
    themes: z.array(z.string()),
    objective: z.string(),
  }),
  outcomes: z.array(z.object({ text: z.string(), output: z.object({ key: z.string(), text: z.string() }) })),
  activities: z.array(z.object({ key: z.string(), output: z.string(), text: z.string() })),
  indicators: z.array(
    z.object({
      key: z.string(),
      on: z.string(),
      title: z.string(),
      libraryCode: z.string(),
      unit: IndicatorUnitSchema,
      disaggregations: z.array(DisaggregationSchema),
    }),
  ),
  results: z.array(
    z.object({
      indicator: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      valueKind: ValueKindSchema,
      text: z.string(),
    }),
  ),
  events: z.array(
    z.object({
      activity: z.string(),
      kind: EventKindSchema,
      title: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      /** The date as the report gives it ("June 2012"); null when it gives none (the event is then "date not reported"). */
      dateAsWritten: z.string().nullable(),
      placeCodes: z.array(z.string()),
      indicators: z.array(z.string()),
      participants: z.array(z.object({ category: ParticipantCategorySchema, count: z.number().int() })),
      reachNote: z.string().nullable(),
    }),
  ),
});
export type ProgrammeSeed = z.infer<typeof ProgrammeSeedSchema>;

export async function readProgrammeSeed(): Promise<ProgrammeSeed> {
  return parseInput(ProgrammeSeedSchema, JSON.parse(await readFile(PROGRAMME_SEED_FILE, "utf8")));
}

const mayLoad = (ctx: ServiceContext) =>
  isAllowed(ctx.actor, "programme", "create") && isAllowed(ctx.actor, "organisation", "create");

/** Offered while no programme has the seed's title, to those who may register programmes nationally. */
export async function isProgrammeDemoAvailable(ctx: ServiceContext, seed: ProgrammeSeed): Promise<boolean> {
  if (!mayLoad(ctx)) return false;
  const found = await listProgrammes(ctx, { q: seed.programme.title, limit: 1, offset: 0 });
  return found.total === 0;
}

/** Loads the seed programme; all or nothing. Organisations that exist (same name) are reused. Returns its id. */
export async function loadProgrammeDemo(
  ctx: ServiceContext,
  seed: ProgrammeSeed,
): Promise<{ programmeId: string }> {
  if (!mayLoad(ctx))
    throw new AppError(
      "forbidden",
      "Loading the example programme needs a coordinator or administrator role.",
    );
  return inTransaction(ctx, async (inner) => {
    if (!(await isProgrammeDemoAvailable(inner, seed)))
      throw new AppError("conflict", "The example programme is already loaded.");
    const orgs = new Map<string, string>();
    for (const org of seed.organisations) {
      const existing = await findOrganisationByName(inner, org.name);
      orgs.set(
        org.key,
        existing?.id ??
          (
            await createOrganisation(inner, {
              name: org.name,
              acronym: org.acronym,
              kind: org.kind,
              countryCode: org.countryCode,
              email: org.email ?? null,
              phone: org.phone ?? null,
            })
          ).id,
      );
    }
    const org = (key: string) => {
      const id = orgs.get(key);
      if (!id) throw new Error(`The seed names an unknown organisation "${key}"`);
      return id;
    };
    const p = seed.programme;
    const codes = [...p.placeCodes, ...seed.events.flatMap((e) => e.placeCodes)];
    const places = await findPlaceIdsByCodes(inner.db, codes);
    const place = (code: string) => {
      const id = places.get(code);
      if (!id) throw new Error(`The seed names an unknown place "${code}"`);
      return id;
    };
    const programme = await createProgramme(inner, {
      title: p.title,
      description: p.description,
      leadOrganisationId: org(p.lead),
      partnerIds: p.partners.map(org),
      donors: p.donors.map((d) => ({ organisationId: org(d.org), amount: d.amount, currency: d.currency })),
      status: p.status,
      startDate: p.startDate,
      endDate: p.endDate,
      placeIds: p.placeCodes.map(place),
      themes: p.themes,
      objective: p.objective,
    });
    const items = new Map<string, string>([["objective", programme.logframe[0]?.id ?? ""]]);
    for (const outcome of seed.outcomes) {
      const o = await addLogframeItem(inner, programme.id, {
        parentId: items.get("objective"),
        level: "outcome",
        text: outcome.text,
      });
      const out = await addLogframeItem(inner, programme.id, {
        parentId: o.id,
        level: "output",
        text: outcome.output.text,
      });
      items.set(outcome.output.key, out.id);
    }
    // Activities in the order of the report's table, so the people-reached table reads like it.
    for (const a of seed.activities) {
      const item = await addLogframeItem(inner, programme.id, {
        parentId: items.get(a.output),
        level: "activity",
        text: a.text,
      });
      items.set(`activity:${a.key}`, item.id);
    }
    const indicators = new Map<string, string>();
    for (const i of seed.indicators) {
      const created = await addIndicator(inner, programme.id, {
        logframeItemId: items.get(i.on) ?? "",
        libraryCode: i.libraryCode,
        title: i.title,
        unit: i.unit,
        disaggregations: i.disaggregations,
      });
      indicators.set(i.key, created.id);
    }
    for (const r of seed.results) {
      await addResult(inner, programme.id, {
        indicatorId: indicators.get(r.indicator) ?? "",
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        valueKind: r.valueKind,
        text: r.text,
      });
    }
    for (const e of seed.events) {
      await recordEvent(inner, programme.id, {
        kind: e.kind,
        title: e.title,
        startDate: e.startDate,
        endDate: e.endDate,
        // The report gives no date for some: they keep the programme period, flagged, and never pretend to a day.
        dateReported: e.dateAsWritten !== null,
        placeIds: e.placeCodes.map(place),
        organiserIds: [org(p.lead)],
        activityId: items.get(`activity:${e.activity}`) ?? null,
        indicatorIds: e.indicators.map((k) => indicators.get(k) ?? ""),
        participants: e.participants.map((x) => ({ category: x.category, sex: "unknown", count: x.count })),
        reachNote: e.reachNote,
        // No English sentence stored for a reader of any language: the dates above already say the month written.
        notes: null,
      });
    }
    return { programmeId: programme.id };
  });
}
