import { describe, expect, it } from "vitest";
import { generateAgenda, organisationsNamed, periodsEndingIn } from "./agenda-rules";
import { agendaBySection, agendaItemText } from "./agenda-wording";
import type { AgendaItem } from "./meetings.schema";

const report = (organisationName: string, state: "late" | "missing", daysLate: number) => ({
  kind: "report" as const,
  state,
  organisationId: `id-${organisationName}`,
  organisationName,
  bodyName: "JADF Musanze",
  period: "2026-Q1",
  dueDate: "2026-04-15",
  daysLate,
});

describe("the generated agenda", () => {
  it("takes follow-up first, then missing reports (longest overdue first), late ones, hindrances, agreements, gaps", () => {
    let n = 0;
    const agenda = generateAgenda(
      {
        openActionItems: [
          {
            kind: "action_item",
            actionItemId: "a1",
            meetingId: "m0",
            ownerOrganisationId: "id-Owner",
            ownerName: "Owner",
            text: "Visit the prison",
            dueDate: "2026-02-01",
          },
        ],
        reports: [
          report("Late Org", "late", 3),
          report("Missing A", "missing", 10),
          report("Missing B", "missing", 40),
        ],
        hindrances: [
          {
            kind: "hindrance",
            hindranceKind: "human_rights_concern",
            placeName: "Muhoza",
            period: "2026-Q1",
            description: "Overcrowded cells.",
          },
        ],
        expiringAgreements: [
          { kind: "agreement", agreementId: "g1", title: "MoU", validUntil: "2026-05-01" },
        ],
        gaps: [{ kind: "gap", placeId: "p1", placeName: "Musanze Prison", theme: "legal_aid" }],
      },
      () => `item-${++n}`,
    );
    expect(agenda.map((i) => i.section)).toEqual([
      "follow_up",
      "late_reports",
      "late_reports",
      "late_reports",
      "hindrances",
      "expiring_agreements",
      "gaps",
    ]);
    const t = (key: string, values: Record<string, string | number> = {}) =>
      `${key} ${JSON.stringify(values)}`;
    expect(agendaItemText(agenda[1] as AgendaItem, t, "en")).toContain("Missing B");
    expect(agendaItemText(agenda[3] as AgendaItem, t, "en")).toContain(
      'meetings.item.late {"organisation":"Late Org"',
    );
    expect(agendaItemText({ ...(agenda[3] as AgendaItem), text: "Reworded" }, t, "en")).toBe("Reworded");
    // Days late counted (the catalogs' plural forms), dates as the app writes them, in the reader's language.
    expect(agendaItemText(agenda[3] as AgendaItem, t, "en")).toMatch(/"count":\d+/);
    expect(agendaItemText(agenda[5] as AgendaItem, t, "fr")).toContain('"date":"1 mai 2026"');
    expect(organisationsNamed(agenda).sort()).toEqual([
      "id-Late Org",
      "id-Missing A",
      "id-Missing B",
      "id-Owner",
    ]);
    expect(agendaBySection(agenda).map((g) => [g.section, g.items.length])).toEqual([
      ["follow_up", 1],
      ["late_reports", 3],
      ["hindrances", 1],
      ["expiring_agreements", 1],
      ["gaps", 1],
    ]);
  });

  it("reads every period that ends within the quarter", () => {
    expect(periodsEndingIn("2026-Q1")).toEqual(["2026-01", "2026-02", "2026-03", "2026-Q1"]);
    expect(periodsEndingIn("2026-Q2")).toEqual(["2026-04", "2026-05", "2026-06", "2026-Q2", "2026-H1"]);
    expect(periodsEndingIn("2026-Q4")).toEqual([
      "2026-10",
      "2026-11",
      "2026-12",
      "2026-Q4",
      "2026-H2",
      "2026",
    ]);
  });
});
