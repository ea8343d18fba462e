// The server's t() reads the catalogs' plural forms as i18next does in the browser, by `count`.
import { describe, expect, it } from "vitest";
import { reportLabels } from "./report-labels";

const subject = (language: "en" | "fr" | "rw", days: number) =>
  reportLabels(language)("mail.reportingReminder.overdue.subject", {
    period: "2026-Q3",
    body: "JADF Musanze",
    days,
    count: days,
  });

describe("plural forms in the mail catalogs", () => {
  it("says one day and several days in each language", () => {
    expect(subject("en", 1)).toBe("Overdue: report for 2026-Q3 to JADF Musanze (1 day late)");
    expect(subject("en", 8)).toBe("Overdue: report for 2026-Q3 to JADF Musanze (8 days late)");
    expect(subject("fr", 1)).toBe("En retard : rapport 2026-Q3 à JADF Musanze (1 jour de retard)");
    expect(subject("fr", 8)).toBe("En retard : rapport 2026-Q3 à JADF Musanze (8 jours de retard)");
    expect(subject("rw", 1)).toBe("Yatinze: raporo ya 2026-Q3 igenewe JADF Musanze (umunsi 1 w'ubukererwe)");
    expect(subject("rw", 8)).toBe("Yatinze: raporo ya 2026-Q3 igenewe JADF Musanze (iminsi 8 y'ubukererwe)");
  });

  it("counts the reports of the weekly digest", () => {
    const t = reportLabels("en");
    expect(t("mail.reportingDigest.subject", { body: "JADF Musanze", count: 1 })).toBe(
      "JADF Musanze: 1 report late this week",
    );
    expect(t("mail.reportingDigest.subject", { body: "JADF Musanze", count: 3 })).toBe(
      "JADF Musanze: 3 reports late this week",
    );
  });

  it("reads a key without plural forms as before, with or without a count", () => {
    const t = reportLabels("fr");
    expect(t("mail.reportingReminder.due.subject", { period: "2026-Q3", body: "JADF", count: 2 })).toBe(
      "Rapport 2026-Q3 à JADF : échéance aujourd'hui",
    );
  });
});
