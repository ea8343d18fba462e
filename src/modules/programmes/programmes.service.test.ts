// Programme use cases on a real database: logframe rules, indicator values, events feeding people reached, bad input.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFootprint } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import { buildOrganisationInput, buildUserActor, nationalGrant } from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import type { Actor } from "../access/access.schema";
import { createOrganisation } from "../organisations/organisations.service";
import { placeTable } from "../places/places.table";
import { getProgrammeDashboard } from "./dashboard.service";
import { recordEvent, removeEvent } from "./events.service";
import { addIndicator } from "./indicators.service";
import { addLogframeItem, updateLogframeItem } from "./logframe.service";
import type { ProgrammeDetail } from "./programmes.schema";
import { createProgramme, getProgramme, getProgrammeHistory } from "./programmes.service";
import { addResult } from "./results.service";

let handle: DatabaseHandle;
const as = (actor: Actor): ServiceContext => ({ db: handle.db, actor });
const admin = () => as(buildUserActor([nationalGrant("administrator")]));

async function expectAppError(promise: Promise<unknown>, kind: AppError["kind"], path?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind, (error as AppError).message).toBe(kind);
  if (path) expect((error as AppError).errors.map((e) => e.path)).toContain(path);
  return error as AppError;
}

async function placeId(code: string): Promise<string> {
  const [row] = await handle.db
    .select({ id: placeTable.id })
    .from(placeTable)
    .where(eq(placeTable.code, code));
  if (!row) throw new Error(`no place ${code}`);
  return row.id;
}

/** Every table of the database: equal before and after a refused request, so nothing was written. */
const footprint = () => databaseFootprint(handle.db);

let iom: string;
let cso: string;
let donor: string;
let kirehe: string;
let muhanga: string;
let programme: ProgrammeDetail;
let activity: string;
let peopleIndicator: string;
let eventsIndicator: string;
let textIndicator: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const ctx = admin();
  iom = (await createOrganisation(ctx, buildOrganisationInput({ name: "IOM Rwanda", kind: "un_agency" }))).id;
  cso = (await createOrganisation(ctx, buildOrganisationInput({ name: "Never Again Rwanda" }))).id;
  donor = (await createOrganisation(ctx, buildOrganisationInput({ name: "UN.GIFT", kind: "un_agency" }))).id;
  kirehe = await placeId("RW-D55");
  muhanga = await placeId("RW-D27");
  programme = await createProgramme(ctx, {
    title: "Counter human trafficking programme",
    leadOrganisationId: iom,
    partnerIds: [cso],
    donors: [{ organisationId: donor, amount: 250000, currency: "USD" }],
    startDate: "2011-11-01",
    endDate: "2012-10-31",
    status: "completed",
    placeIds: [kirehe, muhanga],
    themes: ["human_rights"],
    objective: "Enhance the national capacity to protect victims",
  });
  const objective = programme.logframe[0]?.id ?? "";
  const outcome = await addLogframeItem(ctx, programme.id, {
    parentId: objective,
    level: "outcome",
    text: "The public is more aware",
  });
  const output = await addLogframeItem(ctx, programme.id, {
    parentId: outcome.id,
    level: "output",
    text: "Sensitisation",
  });
  activity = (
    await addLogframeItem(ctx, programme.id, {
      parentId: output.id,
      level: "activity",
      text: "School presentations",
    })
  ).id;
  peopleIndicator = (
    await addIndicator(ctx, programme.id, {
      logframeItemId: outcome.id,
      title: "People sensitised",
      unit: "people",
      disaggregations: ["sex", "category"],
      targets: [
        { periodStart: "2011-11-01", periodEnd: "2012-04-30", value: 500 },
        { periodStart: "2012-05-01", periodEnd: "2012-10-31", value: 1500 },
      ],
    })
  ).id;
  eventsIndicator = (
    await addIndicator(ctx, programme.id, {
      logframeItemId: output.id,
      title: "Awareness events",
      unit: "events",
    })
  ).id;
  textIndicator = (
    await addIndicator(ctx, programme.id, {
      logframeItemId: outcome.id,
      title: "Referral mechanism in place",
      unit: "text",
    })
  ).id;
});
afterAll(async () => {
  await handle?.close();
});

describe("programmes", () => {
  it("keeps lead, partners, donors with funding, places and themes", async () => {
    const detail = await getProgramme(admin(), programme.id);
    expect(detail.lead.name).toBe("IOM Rwanda");
    expect(detail.partners.map((p) => p.name)).toEqual(["Never Again Rwanda"]);
    expect(detail.donors).toEqual([
      { id: donor, name: "UN.GIFT", acronym: null, amount: 250000, currency: "USD" },
    ]);
    expect(detail.places.map((p) => p.name)).toEqual(["Kirehe", "Muhanga"]);
    expect(detail.themes).toEqual(["human_rights"]);
    expect(detail.logframe.map((i) => i.level)).toEqual(["objective", "outcome", "output", "activity"]);
  });

  it("refuses a programme ending before it starts, an unknown theme and a donor amount without currency", async () => {
    const before = await footprint();
    const error = await expectAppError(
      createProgramme(admin(), {
        title: "Broken",
        leadOrganisationId: iom,
        startDate: "2012-01-01",
        endDate: "2011-01-01",
        themes: ["no_such_theme"],
        donors: [{ organisationId: donor, amount: 10 }],
      }),
      "validation",
    );
    expect(error.errors.map((e) => e.path).sort()).toEqual(["donors.0.currency", "endDate", "themes.0"]);
    expect(await footprint()).toEqual(before);
  });

  it("keeps the logframe in order: an activity goes under an output, and text is edited in place", async () => {
    const outcome = programme.logframe[0]?.id ?? "";
    await expectAppError(
      addLogframeItem(admin(), programme.id, { parentId: outcome, level: "activity", text: "Misplaced" }),
      "validation",
      "level",
    );
    await expectAppError(
      addLogframeItem(admin(), programme.id, { level: "objective", text: "A second objective" }),
      "validation",
      "level",
    );
    const edited = await updateLogframeItem(admin(), programme.id, activity, 1, {
      text: "School talks in Rusumo",
    });
    expect(edited.text).toBe("School talks in Rusumo");
    const history = await getProgrammeHistory(admin(), programme.id);
    expect(history[0]?.changes["logframe activity"]).toEqual({
      before: "School presentations",
      after: "School talks in Rusumo",
    });
  });
});

describe("indicators and results", () => {
  it("refuses a target on a text indicator, naming the field, and saves nothing", async () => {
    const before = await footprint();
    await expectAppError(
      addIndicator(admin(), programme.id, {
        logframeItemId: activity,
        title: "Guidelines adopted",
        unit: "text",
        targets: [{ periodStart: "2012-01-01", periodEnd: "2012-06-30", value: 1 }],
      }),
      "validation",
      "targets",
    );
    expect(await footprint()).toEqual(before);
  });

  it("refuses a result outside the programme period, a negative count, and a breakdown that does not add up", async () => {
    const before = await footprint();
    await expectAppError(
      addResult(admin(), programme.id, {
        indicatorId: peopleIndicator,
        periodStart: "2013-01-01",
        periodEnd: "2013-03-31",
        valueKind: "exact",
        value: 10,
      }),
      "validation",
      "periodStart",
    );
    await expectAppError(
      addResult(admin(), programme.id, {
        indicatorId: peopleIndicator,
        periodStart: "2012-01-01",
        periodEnd: "2012-03-31",
        valueKind: "exact",
        value: -5,
      }),
      "validation",
      "value",
    );
    const error = await expectAppError(
      addResult(admin(), programme.id, {
        indicatorId: peopleIndicator,
        periodStart: "2012-01-01",
        periodEnd: "2012-03-31",
        valueKind: "exact",
        value: 100,
        breakdown: [
          { sex: "female", value: 40 },
          { sex: "male", value: 50 },
        ],
      }),
      "validation",
      "breakdown",
    );
    expect(error.errors[0]?.message).toContain("adds up to 90, 10 less than the total 100");
    await expectAppError(
      addResult(admin(), programme.id, {
        indicatorId: textIndicator,
        periodStart: "2012-01-01",
        periodEnd: "2012-03-31",
        valueKind: "exact",
        value: 1,
      }),
      "validation",
      "valueKind",
    );
    expect(await footprint()).toEqual(before);
  });

  it("keeps a lower bound a lower bound, words as words, and never shows not reported as zero", async () => {
    const ctx = admin();
    const fresh = await addIndicator(ctx, programme.id, {
      logframeItemId: activity,
      title: "Listeners reached",
      unit: "people",
      targets: [{ periodStart: "2012-01-01", periodEnd: "2012-10-31", value: 100000 }],
    });
    await addResult(ctx, programme.id, {
      indicatorId: fresh.id,
      periodStart: "2012-01-01",
      periodEnd: "2012-03-31",
      valueKind: "not_reported",
    });
    let detail = await getProgramme(ctx, programme.id);
    let ind = detail.indicators.find((i) => i.id === fresh.id);
    expect(ind?.actual).toMatchObject({ kind: "not_reported", value: null, notReportedCount: 1 });
    expect(ind?.progressPercent).toBeNull();

    await addResult(ctx, programme.id, {
      indicatorId: fresh.id,
      periodStart: "2012-04-01",
      periodEnd: "2012-06-30",
      valueKind: "lower_bound",
      value: 50000,
    });
    await addResult(ctx, programme.id, {
      indicatorId: fresh.id,
      periodStart: "2012-07-01",
      periodEnd: "2012-09-30",
      valueKind: "exact",
      value: 1200,
    });
    await addResult(ctx, programme.id, {
      indicatorId: fresh.id,
      periodStart: "2012-07-01",
      periodEnd: "2012-09-30",
      valueKind: "qualitative",
      text: "Nationwide",
    });
    detail = await getProgramme(ctx, programme.id);
    ind = detail.indicators.find((i) => i.id === fresh.id);
    expect(ind?.actual).toEqual({
      kind: "lower_bound",
      value: 51200,
      notes: ["Nationwide"],
      notReportedCount: 1,
    });
    expect(ind?.target).toBe(100000);
    expect(ind?.progressPercent).toBe(51.2);
  });
});

describe("events feed indicators and people reached", () => {
  it("a school talk with 903 students in Kirehe raises people reached and the indicators it is linked to", async () => {
    const ctx = admin();
    const before = await getProgrammeDashboard(ctx, programme.id);
    const event = await recordEvent(ctx, programme.id, {
      kind: "school_talk",
      title: "School talk in Rusumo",
      startDate: "2012-09-12",
      placeIds: [kirehe],
      organiserIds: [iom],
      activityId: activity,
      indicatorIds: [peopleIndicator, eventsIndicator],
      participants: [
        { category: "students", sex: "female", count: 451 },
        { category: "students", sex: "male", count: 452 },
      ],
    });
    expect(event.participantTotal).toBe(903);
    const after = await getProgrammeDashboard(ctx, programme.id);
    expect(after.peopleReached - before.peopleReached).toBe(903);
    expect(after.reach.filter((r) => r.districtName === "Kirehe" && r.category === "students")).toEqual([
      { category: "students", sex: "male", districtId: kirehe, districtName: "Kirehe", people: 452 },
      { category: "students", sex: "female", districtId: kirehe, districtName: "Kirehe", people: 451 },
    ]);
    const people = after.indicators.find((i) => i.id === peopleIndicator);
    expect(people?.actual).toMatchObject({ kind: "exact", value: 903 });
    expect(people?.target).toBe(2000);
    expect(people?.progressPercent).toBe(45.2);
    expect(after.indicators.find((i) => i.id === eventsIndicator)?.actual.value).toBe(1);
    expect(after.timeline).toContainEqual({ month: "2012-09", events: 1, people: 903 });
  });

  it("does not add a follow-up session with the same participants again, and shows 'Nationwide' beside the number", async () => {
    const ctx = admin();
    const before = await getProgrammeDashboard(ctx, programme.id);
    const followUp = await recordEvent(ctx, programme.id, {
      kind: "school_talk",
      title: "Second session, same students",
      startDate: "2012-09-19",
      placeIds: [kirehe],
      indicatorIds: [peopleIndicator, eventsIndicator],
      participants: [{ category: "students", sex: "unknown", count: 903 }],
      repeatAudience: true,
    });
    await recordEvent(ctx, programme.id, {
      kind: "radio_show",
      title: "Radio Dix talk show",
      startDate: "2012-08-01",
      reachNote: "Nationwide",
      indicatorIds: [peopleIndicator],
    });
    const after = await getProgrammeDashboard(ctx, programme.id);
    expect(after.peopleReached).toBe(before.peopleReached);
    expect(after.qualitativeReach).toContainEqual({ title: "Radio Dix talk show", note: "Nationwide" });
    const people = after.indicators.find((i) => i.id === peopleIndicator);
    expect(people?.actual).toMatchObject({ kind: "exact", value: 903, notes: ["Nationwide"] });
    expect(after.indicators.find((i) => i.id === eventsIndicator)?.actual.value).toBe(2);

    await removeEvent(ctx, programme.id, followUp.id, followUp.version);
    const removed = await getProgrammeDashboard(ctx, programme.id);
    expect(removed.indicators.find((i) => i.id === eventsIndicator)?.actual.value).toBe(1);
  });

  it("refuses a negative count, a date outside the programme and a text indicator, and saves nothing", async () => {
    const before = await footprint();
    const error = await expectAppError(
      recordEvent(admin(), programme.id, {
        kind: "workshop",
        title: "Bad workshop",
        startDate: "2010-01-01",
        indicatorIds: [textIndicator],
        participants: [{ category: "media_professionals", sex: "female", count: -3 }],
      }),
      "validation",
    );
    expect(error.errors.map((e) => e.path)).toContain("participants.0.count");
    const second = await expectAppError(
      recordEvent(admin(), programme.id, {
        kind: "workshop",
        title: "Bad workshop",
        startDate: "2010-01-01",
        indicatorIds: [textIndicator],
      }),
      "validation",
    );
    expect(second.errors.map((e) => e.path).sort()).toEqual(["indicatorIds.0", "startDate"]);
    expect(await footprint()).toEqual(before);
  });

  it("lets a partner editor of an implementing partner record events, and no one else outside scope", async () => {
    const partner = as(
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: cso }], [cso]),
    );
    const event = await recordEvent(partner, programme.id, {
      kind: "community_meeting",
      title: "Umuganda in Muhanga",
      startDate: "2012-06-30",
      placeIds: [muhanga],
      participants: [{ category: "villagers", sex: "unknown", count: 400 }],
    });
    expect(event.participantTotal).toBe(400);
    // Donors read what they fund but do not keep its results.
    const donorStaff = as(
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: donor }], [donor]),
    );
    const outsider = (await createOrganisation(admin(), buildOrganisationInput())).id;
    const unrelated = as(
      buildUserActor([{ role: "partner_editor", scopeType: "organisation", scopeId: outsider }], [outsider]),
    );
    await expectAppError(
      recordEvent(unrelated, programme.id, { kind: "meeting", title: "Not mine", startDate: "2012-06-30" }),
      "forbidden",
    );
    expect((await getProgramme(donorStaff, programme.id)).canEdit).toBe(false);
    expect((await getProgramme(partner, programme.id)).canEdit).toBe(true);
    expect((await getProgramme(unrelated, programme.id)).canEdit).toBe(false);
  });
});

describe("the dashboard across programmes", () => {
  it("is read again after every commit that changes it, never after a rollback, and per reader's scope", async () => {
    const ctx = admin();
    const stamp = async () =>
      (
        await queryRows<{ is_called: boolean; n: string }>(
          handle.db,
          sql`select is_called, last_value::text as n from programme_dashboard_change_seq`,
        )
      )[0];
    const before = await getProgrammeDashboard(ctx, null);
    // Nothing changed: the same answer, from the cache.
    expect(await getProgrammeDashboard(ctx, null)).toBe(before);

    const counted = await recordEvent(ctx, programme.id, {
      kind: "training",
      title: "Training of judicial police officers",
      startDate: "2012-05-02",
      placeIds: [kirehe],
      indicatorIds: [peopleIndicator],
      participants: [{ category: "officers", sex: "female", count: 21 }],
    });
    const after = await getProgrammeDashboard(ctx, null);
    expect(after).not.toBe(before);
    expect(after.peopleReached).toBe(before.peopleReached + 21);

    // A transaction rolled back moves nothing: the cached answer stays.
    const moved = await stamp();
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`update indicator set title = title || ' (draft)' where id = ${peopleIndicator}`);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await stamp()).toEqual(moved);
    expect(await getProgrammeDashboard(ctx, null)).toBe(after);

    // An indicator renamed (one statement) moves the counter once, at commit; the next reader sees the new title.
    await handle.db.execute(
      sql`update indicator set title = 'People trained (renamed)' where id = ${peopleIndicator}`,
    );
    const renamed = await getProgrammeDashboard(ctx, null);
    expect(renamed.indicators.find((i) => i.id === peopleIndicator)?.title).toBe("People trained (renamed)");

    // Every role reads every programme; a reader of no programme (a person without a grant) has an answer of their
    // own, not the cached one.
    const nobody = as(buildUserActor([]));
    const theirs = await getProgrammeDashboard(nobody, null);
    expect(theirs.indicators).toEqual([]);
    expect(theirs.peopleReached).toBe(0);
    expect(await getProgrammeDashboard(ctx, null)).toBe(renamed);
    await removeEvent(ctx, programme.id, counted.id, counted.version);
    expect((await getProgrammeDashboard(ctx, null)).peopleReached).toBe(before.peopleReached);
  });
});
