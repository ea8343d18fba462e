// The email a service provider receives when a referral arrives. It names the service, the referring organisation
// and a link to sign in, nothing of the person: no name, no contact, no code (pseudonymous, but still theirs), no
// incident reference or description. Whoever reads the provider's mailbox learns only that a referral came.
import { catalogMessage, type MailLocale, type NewOutboxMessage } from "../mail";
import { reportLabels } from "../reports";
import type { Service } from "./incidents.schema";

/** The referral's page in the browser app. */
export const referralLink = (siteUrl: string, referralId: string) =>
  `${siteUrl.replace(/\/$/, "")}/referrals/${referralId}`;

export function referralReceivedMessage(input: {
  to: string;
  /** A provider's address has no language of its own: English, as reminders to an organisation's address. */
  locale?: MailLocale;
  service: Service;
  fromOrganisationName: string;
  providerName: string;
  referralId: string;
  siteUrl: string;
}): NewOutboxMessage {
  const locale = input.locale ?? "en";
  const t = reportLabels(locale);
  return catalogMessage("referral_received", "referralReceived", input.to, locale, {
    service: t(`mail.referralReceived.services.${input.service}`),
    from: input.fromOrganisationName,
    provider: input.providerName,
    link: referralLink(input.siteUrl, input.referralId),
    site: input.siteUrl.replace(/\/$/, ""),
  });
}
