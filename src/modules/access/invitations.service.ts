// Invitations: an administrator invites an address with roles in scopes; the invitee opens the emailed one-time
// link before it expires and chooses a name and password, which creates the account with those grants.
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../../db/client";
import { assertAllowedOnResource, inTransaction, isUniqueViolation, type ServiceContext } from "../../kernel";
import { AppError, conflict } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { invitationMessage, queueMessage } from "../mail";
import {
  type AcceptInvitationInput,
  AcceptInvitationInputSchema,
  type InvitationInput,
  InvitationInputSchema,
  type InvitationLookup,
  type InvitationSummary,
  InvitationTokenSchema,
  type Locale,
} from "./access.schema";
import { assertScopesExist, emailTaken } from "./access.service";
import { insertCredentialUser, insertGrants, insertUserOrganisations, isEmailTaken } from "./access.store";
import { type Auth, hashPassword } from "./better-auth";
import {
  type InvitationRow,
  insertInvitation,
  invitationStatusOf,
  invitationSummaryOf,
  markInvitationAccepted,
  revokeOpenInvitations,
  selectInvitationByTokenHash,
  selectInvitations,
} from "./invitations.store";
import { assertPasswordStrong } from "./password-strength";

/** Where emailed links point (the configured public address, never a request's Host) and how long invitations last. */
export type AccountLinks = { publicUrl: string; invitationDays: number };

export const DEFAULT_INVITATION_DAYS = 7;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const invitationLink = (links: AccountLinks, token: string) =>
  `${links.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;

/** Invites an address; an earlier open invitation to it stops working. The email is written in the same transaction. */
export async function inviteUser(
  ctx: ServiceContext,
  links: AccountLinks,
  input: InvitationInput,
): Promise<InvitationSummary> {
  assertAllowedOnResource(ctx.actor, "user", "create");
  const values = parseInput(InvitationInputSchema, input);
  const email = values.email.trim().toLowerCase();
  return inTransaction(ctx, async (tx) => {
    if (await isEmailTaken(tx.db, email)) throw emailTaken();
    await assertScopesExist(tx.db, values.grants, values.organisationIds);
    const replaced = await revokeOpenInvitations(tx.db, email);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + links.invitationDays * 24 * 60 * 60 * 1000);
    const row = await insertInvitation(tx.db, {
      email,
      locale: values.locale,
      grants: values.grants,
      organisationIds: values.organisationIds,
      tokenHash: hashToken(token),
      expiresAt,
      invitedByUserId: tx.actor.kind === "user" ? tx.actor.userId : null,
    });
    await recordChange(tx.db, tx.actor, {
      action: "create",
      entityType: "invitation",
      entityId: row.id,
      entityLabel: email,
      before: null,
      after: {
        email,
        locale: values.locale,
        grants: values.grants,
        organisationIds: values.organisationIds,
        expiresAt: expiresAt.toISOString(),
        replaces: replaced,
      },
    });
    await queueMessage(
      tx.db,
      invitationMessage({
        to: email,
        locale: values.locale,
        roles: values.grants.map((g) => g.role),
        link: invitationLink(links, token),
        expiresAt,
        siteUrl: links.publicUrl,
      }),
    );
    return invitationSummaryOf(row, new Date());
  });
}

export async function listInvitations(ctx: ServiceContext): Promise<InvitationSummary[]> {
  assertAllowedOnResource(ctx.actor, "user", "read");
  const now = new Date();
  return (await selectInvitations(ctx.db, 200)).map((row) => invitationSummaryOf(row, now));
}

const tokenProblem = (code: string, message: string) =>
  [{ path: "token", message, code, in: "body" as const }] as const;

/** The invitation a link names, if it can still be used; otherwise a problem saying why (code on `token`). */
function assertUsable(row: InvitationRow | null): InvitationRow {
  if (!row)
    throw new AppError(
      "not_found",
      "This invitation link is not valid. Check that it was copied whole, or ask for a new invitation.",
      [...tokenProblem("invitation_unknown", "No invitation has this link.")],
    );
  const status = invitationStatusOf(row, new Date());
  if (status === "accepted")
    throw conflict("This invitation was already used. Sign in with the account it created.", [
      ...tokenProblem("invitation_used", "This link was already used."),
    ]);
  if (status === "replaced")
    throw conflict("A newer invitation was sent to this address: use the link in the latest email.", [
      ...tokenProblem("invitation_replaced", "A newer invitation replaced this one."),
    ]);
  if (status === "expired")
    throw conflict("This invitation has expired. Ask an administrator to invite you again.", [
      ...tokenProblem("invitation_expired", "This link has expired."),
    ]);
  return row;
}

/** For the accept page: which address the link invites, if it can still be used. Public: the token is the key. */
export async function lookupInvitation(db: Database, token: string): Promise<InvitationLookup> {
  const parsed = InvitationTokenSchema.safeParse(token);
  const row = assertUsable(parsed.success ? await selectInvitationByTokenHash(db, hashToken(token)) : null);
  return { email: row.email, locale: row.locale as Locale, expiresAt: row.expiresAt.toISOString() };
}

/** Creates the invited account with the chosen name and password; the link is spent in the same transaction. */
export async function acceptInvitation(
  db: Database,
  auth: Auth,
  input: AcceptInvitationInput,
): Promise<{ userId: string; email: string }> {
  const values = parseInput(AcceptInvitationInputSchema, input);
  // The one password rule, against the invited address and the chosen name (checked again on the locked row below
  // only for the address, which cannot change).
  const invited = await selectInvitationByTokenHash(db, hashToken(values.token));
  if (invited) assertPasswordStrong(values.password, { email: invited.email, name: values.name });
  // Hashing is slow on purpose: done before the transaction so that it holds no lock meanwhile.
  const passwordHash = await hashPassword(auth, values.password);
  return db.transaction(async (tx) => {
    // Locked: two tabs accepting the same link at once make one account.
    const row = assertUsable(
      await selectInvitationByTokenHash(tx, hashToken(values.token), { forUpdate: true }),
    );
    if (await isEmailTaken(tx, row.email)) throw emailTaken();
    const grants = row.grants as InvitationSummary["grants"];
    await assertScopesExist(tx, grants, row.organisationIds).catch(() => {
      throw conflict(
        "An organisation or district named in this invitation no longer exists. Ask an administrator for a new invitation.",
        [...tokenProblem("invitation_stale", "The invitation names a scope that no longer exists.")],
      );
    });
    const userId = await insertCredentialUser(tx, {
      name: values.name,
      email: row.email,
      locale: row.locale as Locale,
      passwordHash,
    }).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    });
    await insertGrants(tx, userId, grants);
    await insertUserOrganisations(tx, userId, row.organisationIds);
    await markInvitationAccepted(tx, row.id, userId);
    const actor = { kind: "system" as const, label: `invitation accepted by ${row.email}` };
    await recordChange(tx, actor, {
      action: "create",
      entityType: "user",
      entityId: userId,
      entityLabel: row.email,
      before: null,
      after: {
        name: values.name,
        email: row.email,
        locale: row.locale,
        grants,
        organisationIds: row.organisationIds,
        invitationId: row.id,
      },
    });
    await recordChange(tx, actor, {
      action: "update",
      entityType: "invitation",
      entityId: row.id,
      entityLabel: row.email,
      before: { status: "pending" },
      after: { status: "accepted", userId },
    });
    return { userId, email: row.email };
  });
}
