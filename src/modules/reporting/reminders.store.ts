// Who reminders and digests go to, and the notices already sent.
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { roleGrantTable, userTable } from "../access/access.table";
import { organisationTable } from "../organisations/organisations.table";
import { reportingNoticeTable } from "./reporting.table";

export type Recipient = { email: string; locale: string; scopeId: string };

/**
 * The organisations' reporting staff: active users holding a partner-editor grant on the organisation. An
 * organisation with none gets the reminder at its own registered email, in English.
 */
export async function selectReportingStaff(
  db: Executor,
  organisationIds: readonly string[],
): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>();
  if (organisationIds.length === 0) return out;
  const users = await db
    .select({ email: userTable.email, locale: userTable.locale, scopeId: roleGrantTable.scopeId })
    .from(roleGrantTable)
    .innerJoin(userTable, eq(userTable.id, roleGrantTable.userId))
    .where(
      and(
        eq(roleGrantTable.role, "partner_editor"),
        eq(roleGrantTable.scopeType, "organisation"),
        inArray(roleGrantTable.scopeId, [...organisationIds]),
        eq(userTable.disabled, false),
      ),
    );
  for (const u of users) {
    if (!u.scopeId) continue;
    const list = out.get(u.scopeId) ?? [];
    if (!list.some((r) => r.email === u.email))
      list.push({ email: u.email, locale: u.locale, scopeId: u.scopeId });
    out.set(u.scopeId, list);
  }
  const without = organisationIds.filter((id) => !out.has(id));
  if (without.length > 0) {
    const orgs = await db
      .select({ id: organisationTable.id, email: organisationTable.email })
      .from(organisationTable)
      .where(inArray(organisationTable.id, without));
    for (const o of orgs) if (o.email) out.set(o.id, [{ email: o.email, locale: "en", scopeId: o.id }]);
  }
  return out;
}

/** A body's reviewers: district officers of its district and the staff of its own organisation. */
export async function selectBodyStaff(
  db: Executor,
  body: { organisationId: string; districtId: string | null },
): Promise<Recipient[]> {
  const who: SQL[] = [
    and(
      eq(roleGrantTable.role, "partner_editor"),
      eq(roleGrantTable.scopeType, "organisation"),
      eq(roleGrantTable.scopeId, body.organisationId),
    ) as SQL,
  ];
  if (body.districtId)
    who.push(
      and(
        eq(roleGrantTable.role, "district_officer"),
        eq(roleGrantTable.scopeType, "district"),
        eq(roleGrantTable.scopeId, body.districtId),
      ) as SQL,
    );
  const rows = await db
    .select({ email: userTable.email, locale: userTable.locale })
    .from(roleGrantTable)
    .innerJoin(userTable, eq(userTable.id, roleGrantTable.userId))
    .where(and(or(...who), eq(userTable.disabled, false)));
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(r.email)) return [];
    seen.add(r.email);
    return [{ email: r.email, locale: r.locale, scopeId: body.organisationId }];
  });
}

export type Notice = {
  key: string;
  kind: string;
  bodyId: string | null;
  obligationId: string | null;
  period: string | null;
  recipients: number;
};

/** Claims notice keys: returns those claimed now (send them), not those already sent. 500 a statement. */
export async function claimNotices(db: Executor, notices: readonly Notice[]): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (let i = 0; i < notices.length; i += 500) {
    const rows = await db
      .insert(reportingNoticeTable)
      .values(notices.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ key: reportingNoticeTable.key });
    for (const r of rows) claimed.add(r.key);
  }
  return claimed;
}
