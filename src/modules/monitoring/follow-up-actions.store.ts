// Queries of follow-up actions and the recommendations each serves; lists filtered by the reader's reach in SQL.
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import {
  followUpActionRecommendationTable,
  followUpActionTable,
  recommendationTable,
} from "./monitoring.table";

export type FollowUpActionRow = typeof followUpActionTable.$inferSelect & {
  organisationName: string;
  recommendations: { id: string; number: number; issuedOn: string; monitoringOrganisationId: string }[];
};

/** Actions of these acting organisations, or serving a recommendation of these monitoring bodies. */
export type ActionReach = { all: true } | { all: false; actingOrgIds: string[]; monitorOrgIds: string[] };

function reachCondition(reach: ActionReach): SQL | undefined {
  if (reach.all) return undefined;
  const parts: SQL[] = [];
  if (reach.actingOrgIds.length > 0)
    parts.push(inArray(followUpActionTable.organisationId, reach.actingOrgIds));
  if (reach.monitorOrgIds.length > 0)
    parts.push(sql`exists (select 1 from ${followUpActionRecommendationTable} far
      join ${recommendationTable} rec on rec.id = far.recommendation_id
      where far.action_id = ${followUpActionTable.id}
      and rec.monitoring_organisation_id in (${sql.join(
        reach.monitorOrgIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`);
  return parts.length === 0 ? sql`false` : or(...parts);
}

export type ActionFilter = {
  reach: ActionReach;
  recommendationId?: string;
  organisationId?: string;
  id?: string;
};

export async function selectFollowUpActions(
  db: Executor,
  filter: ActionFilter,
  options: { forUpdate?: boolean } = {},
): Promise<FollowUpActionRow[]> {
  const query = db
    .select({ action: followUpActionTable, organisationName: organisationTable.name })
    .from(followUpActionTable)
    .innerJoin(organisationTable, eq(organisationTable.id, followUpActionTable.organisationId))
    .where(
      and(
        reachCondition(filter.reach),
        filter.id ? eq(followUpActionTable.id, filter.id) : undefined,
        filter.organisationId ? eq(followUpActionTable.organisationId, filter.organisationId) : undefined,
        filter.recommendationId
          ? sql`exists (select 1 from ${followUpActionRecommendationTable} f
              where f.action_id = ${followUpActionTable.id} and f.recommendation_id = ${filter.recommendationId})`
          : undefined,
      ),
    )
    .orderBy(asc(followUpActionTable.dueOn), asc(followUpActionTable.title));
  const rows = options.forUpdate ? await query.for("update", { of: followUpActionTable }) : await query;
  if (rows.length === 0) return [];
  const links = await db
    .select({
      actionId: followUpActionRecommendationTable.actionId,
      id: recommendationTable.id,
      number: recommendationTable.number,
      issuedOn: recommendationTable.issuedOn,
      monitoringOrganisationId: recommendationTable.monitoringOrganisationId,
    })
    .from(followUpActionRecommendationTable)
    .innerJoin(
      recommendationTable,
      eq(recommendationTable.id, followUpActionRecommendationTable.recommendationId),
    )
    .where(
      inArray(
        followUpActionRecommendationTable.actionId,
        rows.map((r) => r.action.id),
      ),
    )
    .orderBy(asc(recommendationTable.number));
  return rows.map((r) => ({
    ...r.action,
    organisationName: r.organisationName,
    recommendations: links.filter((l) => l.actionId === r.action.id),
  }));
}

export type RecommendationAddressee = { id: string; addresseeOrganisationId: string };

export async function selectRecommendationAddressees(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, RecommendationAddressee>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: recommendationTable.id,
      addresseeOrganisationId: recommendationTable.addresseeOrganisationId,
    })
    .from(recommendationTable)
    .where(inArray(recommendationTable.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

export type ActionValues = {
  organisationId: string;
  title: string;
  description: string | null;
  dueOn: string | null;
  status: string;
  progress: number;
  progressNote: string | null;
};

async function writeLinks(
  db: Executor,
  actionId: string,
  recommendationIds: readonly string[],
): Promise<void> {
  await db
    .delete(followUpActionRecommendationTable)
    .where(eq(followUpActionRecommendationTable.actionId, actionId));
  if (recommendationIds.length > 0)
    await db
      .insert(followUpActionRecommendationTable)
      .values(recommendationIds.map((recommendationId) => ({ actionId, recommendationId })));
}

export async function insertFollowUpAction(
  db: Executor,
  values: ActionValues,
  recommendationIds: readonly string[],
): Promise<string> {
  const [row] = await db.insert(followUpActionTable).values(values).returning({ id: followUpActionTable.id });
  if (!row) throw new Error("insert into follow_up_action returned no row");
  await writeLinks(db, row.id, recommendationIds);
  return row.id;
}

export async function updateFollowUpActionRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  values: ActionValues,
  recommendationIds: readonly string[],
): Promise<boolean> {
  const rows = await db
    .update(followUpActionTable)
    .set({ ...values, ...nextVersion(followUpActionTable) })
    .where(atVersion(followUpActionTable, id, expectedVersion))
    .returning({ id: followUpActionTable.id });
  if (rows.length === 0) return false;
  await writeLinks(db, id, recommendationIds);
  return true;
}

export async function deleteFollowUpActionRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(followUpActionTable)
    .where(atVersion(followUpActionTable, id, expectedVersion))
    .returning({ id: followUpActionTable.id });
  return rows.length > 0;
}
