// "Forgot password": better-auth makes the one-time token and checks it; this writes the email in the account's
// language (never for an unknown or deactivated account, and the answer to the request says the same either way),
// and audits the reset.
import type { Database } from "../../db/client";
import { recordChange } from "../audit";
import { type Mailer, passwordResetMessage, queueMessage } from "../mail";
import type { Locale } from "./access.schema";
import { selectUser } from "./access.store";
import type { AccountLinks } from "./invitations.service";

/** How long an emailed reset link works. */
export const RESET_LINK_MINUTES = 60;

export const resetPasswordLink = (links: AccountLinks, token: string) =>
  `${links.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;

export type AccountMail = {
  db: Database;
  mailer: Mailer;
  links: AccountLinks;
  /** Told when writing a reset email failed (the request has already answered). */
  onError?: (error: unknown) => void;
};

export async function queuePasswordResetMessage(
  mail: AccountMail,
  userId: string,
  token: string,
): Promise<void> {
  const user = await selectUser(mail.db, userId);
  if (!user || user.disabled) return;
  await queueMessage(
    mail.db,
    passwordResetMessage({
      to: user.email,
      locale: user.locale as Locale,
      link: resetPasswordLink(mail.links, token),
      expiresInMinutes: RESET_LINK_MINUTES,
      siteUrl: mail.links.publicUrl,
    }),
  );
  mail.mailer.deliverSoon();
}

export async function recordPasswordReset(db: Database, user: { id: string; email: string }): Promise<void> {
  await recordChange(
    db,
    { kind: "system", label: `password reset by emailed link for ${user.email}` },
    {
      action: "update",
      entityType: "user",
      entityId: user.id,
      entityLabel: user.email,
      before: { passwordResetAt: null },
      after: { passwordResetAt: new Date().toISOString(), otherSessions: "ended" },
    },
  );
}

/** The emailAndPassword settings of better-auth for "forgot password"; none without a mailer (reset then refused). */
export function passwordResetByEmail(mail: AccountMail | undefined) {
  if (!mail) return {};
  return {
    // Not awaited: the answer comes as fast for a known address as for an unknown one.
    sendResetPassword: async ({ user, token }: { user: { id: string }; token: string }) => {
      queuePasswordResetMessage(mail, user.id, token).catch((error: unknown) => mail.onError?.(error));
    },
    resetPasswordTokenExpiresIn: RESET_LINK_MINUTES * 60,
    revokeSessionsOnPasswordReset: true,
    onPasswordReset: async ({ user }: { user: { id: string; email: string } }) => {
      await recordPasswordReset(mail.db, user);
    },
  };
}
