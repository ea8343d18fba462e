// The provider's notice in each language: the service named in that language, the link, nothing left unfilled.
import { describe, expect, it } from "vitest";
import { referralReceivedMessage } from "./referral-notice";

const notice = (locale: "en" | "fr" | "rw") =>
  referralReceivedMessage({
    to: "provider@example.org",
    locale,
    service: "legal_aid",
    fromOrganisationName: "Musanze Legal Aid Clinic",
    providerName: "Isange One Stop Centre",
    referralId: "0b7c4e2a-3f0e-4c55-9d59-1d1b0f0c9a11",
    siteUrl: "https://ubufatanye.example.org/",
  });

describe("the notice of a new referral", () => {
  it("names the service in the reader's language and links to the referral", () => {
    expect(notice("en").subject).toBe("New referral for legal aid from Musanze Legal Aid Clinic");
    expect(notice("fr").subject).toBe(
      "Nouvelle orientation pour l'aide juridique de la part de Musanze Legal Aid Clinic",
    );
    expect(notice("rw").bodyText).toContain("ubufasha mu by'amategeko");
    for (const locale of ["en", "fr", "rw"] as const) {
      const m = notice(locale);
      expect(m).toMatchObject({ kind: "referral_received", recipient: "provider@example.org", locale });
      expect(m.bodyText).toContain(
        "\nhttps://ubufatanye.example.org/referrals/0b7c4e2a-3f0e-4c55-9d59-1d1b0f0c9a11\n",
      );
      expect(m.bodyText).toContain("Ubufatanye — https://ubufatanye.example.org\n");
      expect(`${m.subject}${m.bodyText}`).not.toMatch(/\{\{|\}\}|mail\.referralReceived/);
    }
  });

  it("is written in English when no language is given (a provider's address has none)", () => {
    const m = referralReceivedMessage({
      to: "provider@example.org",
      service: "medical",
      fromOrganisationName: "Musanze Legal Aid Clinic",
      providerName: "Isange One Stop Centre",
      referralId: "0b7c4e2a-3f0e-4c55-9d59-1d1b0f0c9a11",
      siteUrl: "http://localhost:3000",
    });
    expect(m.locale).toBe("en");
    expect(m.subject).toBe("New referral for medical care from Musanze Legal Aid Clinic");
  });
});
