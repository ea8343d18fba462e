// The breach report (issue 17): what one user read or changed between two times, from the audit log, for administrators.
import type { ServiceContext } from "../../kernel";
// The policy table itself, not the kernel's index: the kernel imports this module, and policy.ts imports nothing.
import { isAllowed } from "../../kernel/policy";
import { forbidden, invalid } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { activityCursor, activityWindow, parseActivityCursor } from "./activity-window";
import {
  type UserActivityEntry,
  type UserActivityPage,
  type UserActivityQuery,
  UserActivityQuerySchema,
} from "./audit.schema";
import { recordRead } from "./audit.service";
import { selectUserActivity } from "./audit.store";

type ActivityInput = ReturnType<typeof UserActivityQuerySchema.parse>;

/** Checks who asks and what, before any row is read. */
function authorisedActivityQuery(ctx: ServiceContext, query: UserActivityQuery): ActivityInput {
  if (!isAllowed(ctx.actor, "audit_activity", "read"))
    throw forbidden("Only administrators may see what a user read or changed.");
  const input = parseInput(UserActivityQuerySchema, query, "query");
  const window = activityWindow(input.from, input.to);
  if (window.toExclusive <= window.from)
    throw invalid([{ path: "to", message: "The end must not be before the start.", in: "query" }]);
  return input;
}

async function activityPage(ctx: ServiceContext, input: ActivityInput): Promise<UserActivityPage> {
  const window = activityWindow(input.from, input.to);
  const rows = await selectUserActivity(ctx.db, {
    userId: input.userId,
    from: window.from,
    toExclusive: window.toExclusive,
    after: input.cursor ? parseActivityCursor(input.cursor) : undefined,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? activityCursor(last) : null };
}

/** Looking is itself audited: who asked what a user did, in which request. */
const recordActivityLookup = (ctx: ServiceContext, userId: string) =>
  recordRead(ctx, { entityType: "user", entityId: userId, reason: "activity report" });

/**
 * The breach report (issue 17): every record user `userId` read or changed between `from` and `to`, newest first, a
 * page at a time (`nextCursor`). Administrators only (policy resource audit_activity). Rows carry no changed values.
 * Each page asked for writes one read of the user's record, so an administrator's curiosity shows too.
 */
export async function listUserActivity(
  ctx: ServiceContext,
  query: UserActivityQuery,
): Promise<UserActivityPage> {
  const input = authorisedActivityQuery(ctx, query);
  const page = await activityPage(ctx, input);
  await recordActivityLookup(ctx, input.userId);
  return page;
}

/**
 * Every row of the report, a page at a time (a CSV download, the CLI): memory stays one page whatever the window.
 * Checked and audited once, before the first page.
 */
export async function* eachUserActivityPage(
  ctx: ServiceContext,
  query: Omit<UserActivityQuery, "cursor" | "limit">,
  pageSize = 500,
): AsyncGenerator<UserActivityEntry[]> {
  const input = authorisedActivityQuery(ctx, { ...query, limit: pageSize });
  await recordActivityLookup(ctx, input.userId);
  let cursor: string | undefined;
  do {
    const page = await activityPage(ctx, { ...input, cursor });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
