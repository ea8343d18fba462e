// The messages the app sends, in the recipient's language, from the same catalogs as the browser (src/locales).
// They name only the recipient's own account: no inviter, no other person, nothing from the register.
import { reportLabels } from "../reports";
import type { MessageKind } from "./mail.schema";
import type { NewOutboxMessage } from "./mail.store";

export type MailLocale = "en" | "fr" | "rw";

/** A date and time as Kigali reads it, the same in every language: 2026-12-13 09:30. */
export function kigaliDateTime(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Africa/Kigali",
    dateStyle: "short",
    timeStyle: "short",
  }).format(at);
}

/** A message from the catalogs: `mail.<key>.subject` and `mail.<key>.body` with these values, then the signature. */
export function message(
  kind: MessageKind,
  key: string,
  to: string,
  locale: MailLocale,
  values: Record<string, string | number>,
): NewOutboxMessage {
  const t = reportLabels(locale);
  const body = [t(`mail.${key}.body`, values), "", t("mail.signature", values)].join("\n");
  return { kind, recipient: to, locale, subject: t(`mail.${key}.subject`, values), bodyText: body };
}

export function invitationMessage(input: {
  to: string;
  locale: MailLocale;
  roles: readonly string[];
  link: string;
  expiresAt: Date;
  siteUrl: string;
}): NewOutboxMessage {
  const t = reportLabels(input.locale);
  const roles = [...new Set(input.roles)].map((r) => t(`users.roles.${r}`)).join(", ");
  return message("invitation", "invitation", input.to, input.locale, {
    roles: roles || t("mail.invitation.noRole"),
    link: input.link,
    expires: kigaliDateTime(input.expiresAt),
    site: input.siteUrl,
  });
}

export function passwordResetMessage(input: {
  to: string;
  locale: MailLocale;
  link: string;
  expiresInMinutes: number;
  siteUrl: string;
}): NewOutboxMessage {
  return message("password_reset", "passwordReset", input.to, input.locale, {
    link: input.link,
    minutes: input.expiresInMinutes,
    site: input.siteUrl,
  });
}
