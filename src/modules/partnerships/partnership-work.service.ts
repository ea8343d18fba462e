// What a partnership's page shows of its members' work: their programmes and agreements with themes and places, the
// overlaps between members from the 3W (the coordination module's matrix), and the events they hold together.
import type { ServiceContext } from "../../kernel";
import { todayInKigali } from "../../shared/today";
import type { AgreementStatus, PlaceSet } from "../agreements";
import { getMatrix, loadPlaceIndex, type PlaceRef, periodOf } from "../coordination";
import { listLessonsLinkedTo } from "../library";
import type { EventKind, ProgrammeStatus } from "../programmes";
import { readPeriod } from "./partnership-period";
import type { JointEvent, MemberOverlap, PartnershipWork, WorkItem } from "./partnerships.schema";
import { loadAuthorisedPartnership } from "./partnerships.service";
import { selectAgreementWork, selectEventsOf, selectLinks, selectProgrammeWork } from "./partnerships.store";

/** Roles of an organisation in a programme or agreement that pay for the work rather than do it. */
const FUNDING_ROLES = new Set(["donor", "funder"]);

export async function getPartnershipWork(ctx: ServiceContext, id: string): Promise<PartnershipWork> {
  const partnership = await loadAuthorisedPartnership(ctx.db, ctx.actor, id, "read");
  const memberIds = new Set(partnership.members.map((m) => m.organisationId));
  const links = await selectLinks(ctx.db, id);
  const linkedProgrammes = new Set(links.programmes.map((p) => p.id));
  const linkedAgreements = new Set(links.agreements.map((a) => a.id));
  const [index, programmes, agreements] = await Promise.all([
    loadPlaceIndex(ctx),
    selectProgrammeWork(ctx.db, [...memberIds], [...linkedProgrammes]),
    selectAgreementWork(ctx.db, [...memberIds], [...linkedAgreements]),
  ]);
  const working = (organisations: readonly { organisationId: string; role: string }[]) => [
    ...new Set(
      organisations
        .filter((o) => memberIds.has(o.organisationId) && !FUNDING_ROLES.has(o.role))
        .map((o) => o.organisationId),
    ),
  ];
  const refs = (ids: readonly (string | null)[]): PlaceRef[] =>
    ids.flatMap((placeId) => {
      const ref = placeId ? index.ref(placeId) : undefined;
      return ref ? [ref] : [];
    });

  const items: WorkItem[] = [
    ...programmes.map((p) => ({
      kind: "programme" as const,
      id: p.id,
      title: p.title,
      status: p.status as ProgrammeStatus,
      linked: linkedProgrammes.has(p.id),
      organisationIds: working(p.organisations),
      themes: p.themes,
      places: refs(p.placeIds),
      placeSets: [],
    })),
    ...agreements.map((a) => ({
      kind: "agreement" as const,
      id: a.id,
      title: a.title,
      status: a.status as AgreementStatus,
      linked: linkedAgreements.has(a.id),
      organisationIds: working(a.organisations),
      themes: a.themes,
      places: refs(a.areas.map((area) => area.placeId)),
      placeSets: a.areas.flatMap((area) => (area.placeSet ? [area.placeSet as PlaceSet] : [])),
    })),
  ].filter((item) => item.linked || item.organisationIds.length > 0);

  const stated = readPeriod(partnership.startsOn, partnership.endsOn);
  const period = periodOf(
    { from: stated.from ?? undefined, to: stated.to ?? undefined },
    ctx.today ?? todayInKigali(),
  );
  return {
    period,
    items,
    overlaps: await memberOverlaps(ctx, [...memberIds], period),
    jointEvents: await jointEvents(
      ctx,
      items.filter((i) => i.kind === "programme"),
      programmes,
      memberIds,
      linkedProgrammes,
      refs,
    ),
    lessons: await listLessonsLinkedTo(ctx, {
      organisationIds: [...memberIds],
      programmeIds: items.filter((i) => i.kind === "programme").map((i) => i.id),
      agreementIds: items.filter((i) => i.kind === "agreement").map((i) => i.id),
    }),
  };
}

/**
 * Where two or more members work on the same theme in the same district, as the 3W sees it over the period: one
 * matrix per member (the coordination module's own query, its rules on who counts as working), then the cells
 * they share. A member only funding there does not count.
 */
async function memberOverlaps(
  ctx: ServiceContext,
  memberIds: readonly string[],
  period: { from: string; to: string },
): Promise<MemberOverlap[]> {
  const matrices = await Promise.all(
    memberIds.map((organisationId) =>
      getMatrix(ctx, { level: "district", organisationId, from: period.from, to: period.to }),
    ),
  );
  const places = new Map<string, PlaceRef>();
  const records = new Map<string, { id: string; title: string; source: string }>();
  const shared = new Map<
    string,
    { theme: string; placeId: string; organisations: Set<string>; records: Set<string> }
  >();
  for (const matrix of matrices) {
    for (const place of matrix.places) places.set(place.id, place);
    for (const record of matrix.records)
      records.set(record.id, { id: record.id, title: record.title, source: record.source });
    for (const cell of matrix.cells) {
      if (cell.roles.every((role) => FUNDING_ROLES.has(role))) continue;
      const key = `${cell.theme}|${cell.placeId}`;
      const entry = shared.get(key) ?? {
        theme: cell.theme,
        placeId: cell.placeId,
        organisations: new Set<string>(),
        records: new Set<string>(),
      };
      entry.organisations.add(cell.organisationId);
      for (const r of cell.recordIds) entry.records.add(r);
      shared.set(key, entry);
    }
  }
  const overlaps: MemberOverlap[] = [];
  for (const entry of shared.values()) {
    const place = places.get(entry.placeId);
    if (entry.organisations.size < 2 || !place) continue;
    overlaps.push({
      theme: entry.theme,
      place,
      organisationIds: [...entry.organisations].sort(),
      records: [...entry.records].flatMap((r) => {
        const record = records.get(r);
        return record ? [record] : [];
      }),
    });
  }
  return overlaps.sort((a, b) => a.theme.localeCompare(b.theme) || a.place.name.localeCompare(b.place.name));
}

/**
 * Events held together: an event of the partnership's own programmes, or one whose organisers (with its
 * programme's lead) are two or more members.
 */
async function jointEvents(
  ctx: ServiceContext,
  programmeItems: readonly WorkItem[],
  programmes: readonly { id: string; organisations: { organisationId: string; role: string }[] }[],
  memberIds: ReadonlySet<string>,
  linked: ReadonlySet<string>,
  refs: (ids: readonly string[]) => PlaceRef[],
): Promise<JointEvent[]> {
  const leads = new Map(
    programmes.map((p) => [p.id, p.organisations.find((o) => o.role === "lead")?.organisationId ?? null]),
  );
  const events = await selectEventsOf(
    ctx.db,
    programmeItems.map((p) => p.id),
  );
  return events.flatMap((e) => {
    const lead = leads.get(e.programmeId) ?? null;
    const members = [...new Set([...(lead ? [lead] : []), ...e.organiserIds])].filter((o) =>
      memberIds.has(o),
    );
    if (members.length < 2 && !linked.has(e.programmeId)) return [];
    return [
      {
        id: e.id,
        kind: e.kind as EventKind,
        title: e.title,
        startDate: e.startDate,
        programmeId: e.programmeId,
        programmeTitle: e.programmeTitle,
        organisationIds: members,
        places: refs(e.placeIds),
        participantTotal: e.participantTotal,
      },
    ];
  });
}
