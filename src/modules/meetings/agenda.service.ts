// Gathers what a district meeting's agenda is generated from: the previous meeting's open action items, the
// quarter's late and missing reports to the body (reporting), hindrances raised in reports to the district's
// bodies, and from the 3W the agreements expiring within 90 days and places of detention without legal aid.
import { randomUUID } from "node:crypto";
import type { ServiceContext } from "../../kernel";
import { todayOf } from "../../kernel";
import { getDistrictSummary } from "../coordination";
import { outcomeOf, selectExpectedReports } from "../reporting";
import { type AgendaFacts, generateAgenda, periodsEndingIn } from "./agenda-rules";
import type { AgendaItem, MeetingBodyKind } from "./meetings.schema";
import {
  selectActionItems,
  selectOrganisationNames,
  selectPreviousMeeting,
  selectSubmittedHindrances,
} from "./meetings.store";

/** How far ahead an agreement's end puts it on the agenda. */
export const EXPIRING_WITHIN_DAYS = 90;
const LEGAL_AID = "legal_aid";

export type AgendaTarget = {
  districtId: string;
  districtCode: string;
  bodyKind: MeetingBodyKind;
  bodyId: string | null;
  bodyName: string | null;
  quarter: string;
  meetingDate: string | null;
};

export async function gatherAgendaFacts(ctx: ServiceContext, target: AgendaTarget): Promise<AgendaFacts> {
  const today = todayOf(ctx);
  const periods = periodsEndingIn(target.quarter);

  const previous = await selectPreviousMeeting(ctx.db, target);
  const openActionItems = previous
    ? (await selectActionItems(ctx.db, { meetingId: previous.id, status: "open" })).map((a) => ({
        kind: "action_item" as const,
        actionItemId: a.id,
        meetingId: a.meetingId,
        ownerOrganisationId: a.ownerOrganisationId,
        ownerName: a.ownerName,
        text: a.text,
        dueDate: a.dueDate,
      }))
    : [];

  // Late and missing as of today: a report due after today is not late yet, whatever the meeting's date.
  const expected = target.bodyId
    ? await selectExpectedReports(ctx.db, periods, { bodyIds: [target.bodyId] })
    : [];
  const chased = expected
    .map((report) => ({ report, outcome: outcomeOf(report, today) }))
    .filter(({ outcome }) => outcome.state === "late" || outcome.state === "missing");
  const names = await selectOrganisationNames(ctx.db, [
    ...new Set(chased.map((c) => c.report.organisationId)),
  ]);
  const reports = chased.map(({ report, outcome }) => ({
    kind: "report" as const,
    state: outcome.state as "late" | "missing",
    organisationId: report.organisationId,
    organisationName: names.get(report.organisationId) ?? "",
    bodyName: target.bodyName ?? "",
    period: report.period,
    dueDate: outcome.dueDate,
    daysLate: outcome.daysLate,
  }));

  const hindrances = (await selectSubmittedHindrances(ctx.db, target.districtId, periods)).map((h) => ({
    kind: "hindrance" as const,
    hindranceKind: h.kind as "hindrance_to_justice" | "human_rights_concern",
    placeName: h.placeName,
    period: h.period,
    description: h.description,
  }));

  // The 3W as of the meeting's day (today while it has none): what expires before the committee meets again.
  const summary = await getDistrictSummary(
    { ...ctx, today: target.meetingDate ?? today },
    target.districtCode,
    {
      expiringWithinDays: EXPIRING_WITHIN_DAYS,
    },
  );
  const expiringAgreements = summary.expiring
    .filter((r) => r.source === "agreement" && r.validUntil !== null)
    .map((r) => ({
      kind: "agreement" as const,
      agreementId: r.id,
      title: r.title,
      validUntil: r.validUntil ?? "",
    }));
  const gaps = summary.facilities
    .filter((f) => f.isOpen && !f.themes.some((t) => t.theme === LEGAL_AID && t.organisationIds.length > 0))
    .map((f) => ({ kind: "gap" as const, placeId: f.place.id, placeName: f.place.name, theme: LEGAL_AID }));

  return { openActionItems, reports, hindrances, expiringAgreements, gaps };
}

export async function buildAgenda(ctx: ServiceContext, target: AgendaTarget): Promise<AgendaItem[]> {
  return generateAgenda(await gatherAgendaFacts(ctx, target), randomUUID);
}
