// The recipient countries the IATI export writes: what an import kept while it still names the programme's
// countries, else derived from the country places without a share made up beside recipient regions.
import { describe, expect, it } from "vitest";
import type { IatiKept } from "./iati.schema";
import { keepOnlyDifferences, recipientCountriesOf } from "./iati-activity-rules";

const derived = {
  status: "ongoing" as const,
  startDate: "2024-01-01",
  endDate: "2024-12-31",
  leadOrganisationId: "lead",
  themes: [],
  sectorOfTheme: new Map<string, string>(),
};
const region = { code: "289", vocabulary: "1", vocabularyUri: null, percentage: "20", narratives: null };

describe("recipient countries", () => {
  it("keeps shares and names only when they differ from what the export derives", () => {
    const equal = keepOnlyDifferences(
      {
        recipientCountries: [
          { code: "RW", percentage: "50", narratives: null },
          { code: "BI", percentage: "50", narratives: null },
        ],
      },
      { ...derived, countryCodes: ["RW", "BI"] },
    );
    expect(equal).toBeNull();
    const shares = [
      { code: "RW", percentage: "80", narratives: { en: "Rwanda" } },
      { code: "BI", percentage: "20", narratives: null },
    ];
    expect(
      keepOnlyDifferences({ recipientCountries: shares }, { ...derived, countryCodes: ["RW", "BI"] }),
    ).toEqual({
      recipientCountries: shares,
    });
    // Beside a region, one country without a share is what the export derives: nothing to keep.
    expect(
      keepOnlyDifferences(
        {
          recipientCountries: [{ code: "RW", percentage: null, narratives: null }],
          recipientRegions: [region],
        },
        { ...derived, countryCodes: ["RW"] },
      ),
    ).toEqual({ recipientRegions: [region] });
  });

  it("writes the kept countries while they are the programme's, else one per country place", () => {
    const kept: IatiKept = {
      recipientCountries: [
        { code: "rw", percentage: "80", narratives: null },
        { code: "BI", percentage: "20", narratives: null },
      ],
    };
    expect(recipientCountriesOf(["BI", "RW"], kept)).toEqual(kept.recipientCountries);
    // Burundi was taken off the programme here: the kept shares no longer say anything true.
    expect(recipientCountriesOf(["RW"], kept)).toEqual([{ code: "RW", percentage: "100", narratives: null }]);
    // With kept regions the countries' share of the whole is unknown: none is written.
    expect(recipientCountriesOf(["RW", "UG"], { ...kept, recipientRegions: [region] })).toEqual([
      { code: "RW", percentage: null, narratives: null },
      { code: "UG", percentage: null, narratives: null },
    ]);
    expect(recipientCountriesOf([], null)).toEqual([]);
  });
});
