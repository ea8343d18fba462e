// The 3W rules on the RCS status report: district partners by facility and theme, duplication warnings, gaps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildAgreementInput,
  buildUserActor,
  contextAs,
  createOrganisationFixture,
  nationalGrant,
} from "../../../tests/factories";
import type { DatabaseHandle } from "../../db/client";
import type { ServiceContext } from "../../kernel";
import { createAgreement, listAgreements, updateAgreement } from "../agreements";
import { listOrganisations, updateOrganisation } from "../organisations";
import { findPlaceIdsByCodes } from "../places";
import { loadStatusReportDemo, readStatusReportSeed } from "../status-report";
import { checkOverlaps, getDistrictSummary, getMatrix, listGaps } from "./coordination.service";
import type { ActivityRecord, CoordinationSource } from "./coordination-sources";
import { shortName } from "./presence";

let handle: DatabaseHandle;
let admin: ServiceContext;
const TODAY = "2026-11-30";

async function organisationId(q: string): Promise<string> {
  const found = await listOrganisations(admin, { q, limit: 5, offset: 0 });
  const id = found.items[0]?.id;
  if (!id) throw new Error(`no organisation ${q}`);
  return id;
}
async function placeId(code: string): Promise<string> {
  const id = (await findPlaceIdsByCodes(handle.db, [code])).get(code);
  if (!id) throw new Error(`no place ${code}`);
  return id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = { ...contextAs(handle, buildUserActor([nationalGrant("administrator")])), today: TODAY };
  await loadStatusReportDemo(admin, await readStatusReportSeed());
});
afterAll(async () => {
  await handle?.close();
});

const names = (list: { acronym: string | null; name: string }[]) =>
  list.map((o) => o.acronym ?? o.name).sort();

describe("district summary", () => {
  it("shows the partners of Nyarugenge Correctional Facility by theme, without RCS itself", async () => {
    const summary = await getDistrictSummary(admin, "RW-D11", { expiringWithinDays: 90 });
    expect(summary.district.name).toBe("Nyarugenge");
    expect(summary.province?.name).toBe("Kigali City");
    const facility = summary.facilities.find((f) => f.place.code === "RW-F-NYARUGENGE");
    expect(facility?.isOpen).toBe(true);
    const byId = new Map(summary.organisationsById.map((o) => [o.id, o]));
    const partnersOf = (theme: string) =>
      names(
        (facility?.themes.find((t) => t.theme === theme)?.organisationIds ?? []).map((id) => {
          const o = byId.get(id);
          if (!o) throw new Error("unknown organisation in summary");
          return o;
        }),
      );
    expect(partnersOf("legal_aid")).toEqual(["ARDHO", "Interpeace", "LoH", "PFR", "RBJ"]);
    expect(partnersOf("environment")).toHaveLength(1);
    expect(partnersOf("disability")).toEqual(["SIRWA"]);
    expect(summary.organisations.some((o) => o.organisation.acronym === "RCS")).toBe(false);
    // The closed Kigali Central Prison is listed, with no partner.
    const closed = summary.facilities.find((f) => f.place.code === "RW-F-KIGALI-CENTRAL");
    expect(closed).toMatchObject({ isOpen: false, themes: [] });
    // Every agreement active there, including those for all facilities; none from Musanze only.
    const titles = summary.agreements.map((a) => a.title);
    expect(titles.some((t) => t.includes("Lawyers of Hope"))).toBe(true);
    expect(titles.some((t) => t.includes("Byumba"))).toBe(false);
    expect(summary.recentProgress.length).toBeGreaterThan(0);
  });

  it("orders organisations and each facility's partners by the short name it shows, acronym first", async () => {
    const summary = await getDistrictSummary(admin, "RW-D11", { expiringWithinDays: 90 });
    // Sorted by full name, ADEPR (Pentecostal Church of Rwanda) came between LoH and PFR.
    expect(summary.organisations.map((o) => shortName(o.organisation))).toEqual([
      "ADEPR",
      "ARDHO",
      "DIDE",
      "Embassy of the Netherlands in Rwanda",
      "Global Ecological Safety Njema Ltd",
      "Interpeace",
      "LoH",
      "PFR",
      "RBJ",
      "RP",
      "SIRWA",
      "UNDP",
    ]);
    const byId = new Map(summary.organisationsById.map((o) => [o.id, shortName(o)]));
    const facility = summary.facilities.find((f) => f.place.code === "RW-F-NYARUGENGE");
    const legalAid = facility?.themes.find((t) => t.theme === "legal_aid")?.organisationIds ?? [];
    // In the order the service gives, not sorted here: the CLI and the workbook print it as it comes.
    expect(legalAid.map((id) => byId.get(id))).toEqual(["ARDHO", "Interpeace", "LoH", "PFR", "RBJ"]);
    for (const f of summary.facilities) {
      for (const t of f.themes) {
        const shown = t.organisationIds.map((id) => byId.get(id) ?? "");
        expect(shown).toEqual([...shown].sort(new Intl.Collator("en").compare));
      }
    }
  });

  it("answers 404 for a code that is not a district", async () => {
    await expect(getDistrictSummary(admin, "RW-F-MUSANZE", { expiringWithinDays: 90 })).rejects.toMatchObject(
      {
        kind: "not_found",
      },
    );
  });
});

describe("overlap check", () => {
  it("warns that Lawyers of Hope, ARDHO, RBJ and PFR already give legal aid at Musanze facility", async () => {
    const rcs = await organisationId("Rwanda Correctional Service");
    const result = await checkOverlaps(admin, {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-F-MUSANZE") }],
      excludeOrganisationIds: [rcs],
    });
    const who = names(result.overlaps.map((o) => o.organisation));
    expect(who).toEqual(expect.arrayContaining(["ARDHO", "LoH", "PFR", "RBJ"]));
    expect(result.overlaps.every((o) => o.theme === "legal_aid")).toBe(true);
    const rbj = result.overlaps.find((o) => o.organisation.acronym === "RBJ");
    expect(rbj?.coverage).toEqual(["all_correctional_facilities"]);
    expect(rbj?.places.map((p) => p.code)).toEqual(["RW-F-MUSANZE"]);
    const loh = result.overlaps.find((o) => o.organisation.acronym === "LoH");
    expect(loh?.coverage).toEqual(["place"]);
  });

  it("leaves out the record's own parties and themes nobody works on", async () => {
    const loh = await organisationId("Lawyers of Hope");
    const result = await checkOverlaps(admin, {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-F-MUSANZE") }],
      excludeOrganisationIds: [loh],
    });
    expect(names(result.overlaps.map((o) => o.organisation))).not.toContain("LoH");
    const none = await checkOverlaps(admin, {
      themes: ["disability"],
      areas: [{ placeId: await placeId("RW-F-MUSANZE") }],
    });
    expect(none.overlaps).toEqual([]);
  });

  it("finds work at a facility from a district-wide area and from all facilities", async () => {
    const district = await checkOverlaps(admin, {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-D43") }],
    });
    expect(names(district.overlaps.map((o) => o.organisation))).toEqual(
      expect.arrayContaining(["ARDHO", "LoH", "RBJ"]),
    );
    const all = await checkOverlaps(admin, {
      themes: ["environment"],
      areas: [{ placeSet: "all_correctional_facilities" }],
    });
    expect(names(all.overlaps.map((o) => o.organisation))).toContain("Global Ecological Safety Njema Ltd");
  });

  it("ignores agreements whose validity ended before the new period", async () => {
    const rcs = await organisationId("Rwanda Correctional Service");
    const loh = await organisationId("Lawyers of Hope");
    await createAgreement(
      admin,
      buildAgreementInput([rcs, loh], {
        title: "Old legal aid at Rubavu",
        status: "expired",
        validFrom: "2015-01-01",
        validUntil: "2016-12-31",
        themes: ["legal_aid"],
        areas: [{ placeId: await placeId("RW-F-RUBAVU") }],
      }),
    );
    const now = await checkOverlaps(admin, {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-F-RUBAVU") }],
      excludeOrganisationIds: [rcs],
    });
    expect(now.overlaps.flatMap((o) => o.records.map((r) => r.title))).not.toContain(
      "Old legal aid at Rubavu",
    );
    const then = await checkOverlaps(admin, {
      themes: ["legal_aid"],
      areas: [{ placeId: await placeId("RW-F-RUBAVU") }],
      validFrom: "2016-01-01",
      validUntil: "2016-06-30",
      excludeOrganisationIds: [rcs],
    });
    expect(then.overlaps.flatMap((o) => o.records.map((r) => r.title))).toContain("Old legal aid at Rubavu");
  });

  it("rejects an unknown place with its field path", async () => {
    await expect(
      checkOverlaps(admin, {
        themes: ["legal_aid"],
        areas: [{ placeId: "00000000-0000-4000-8000-000000000000" }],
      }),
    ).rejects.toMatchObject({
      kind: "validation",
      errors: [expect.objectContaining({ path: "areas.0.placeId" })],
    });
  });
});

describe("gaps", () => {
  it("lists the open facilities without a legal-aid partner", async () => {
    const gaps = await listGaps(admin, { theme: "legal_aid", level: "place_of_detention" });
    // RBJ, PFR and Interpeace cover every RCS facility: only the military prison is left.
    expect(gaps.gaps.map((p) => p.code)).toEqual(["RW-F-MULINDI-MILITARY"]);
    expect(gaps.covered).toBe(13);
    const disability = await listGaps(admin, { theme: "disability", level: "place_of_detention" });
    expect(disability.gaps.map((p) => p.code)).not.toContain("RW-F-NYARUGENGE");
    expect(disability.gaps).toHaveLength(13);
    const districts = await listGaps(admin, { theme: "disability", level: "district" });
    expect(districts.gaps).toHaveLength(29);
  });
});

describe("3W matrix", () => {
  it("counts organisations per district for a theme, with the records behind each cell", async () => {
    const matrix = await getMatrix(admin, { theme: "legal_aid", level: "district" });
    const musanze = matrix.places.find((p) => p.code === "RW-D43");
    const cells = matrix.cells.filter((c) => c.placeId === musanze?.id);
    const byId = new Map(matrix.organisations.map((o) => [o.id, o]));
    expect(names(cells.map((c) => byId.get(c.organisationId) ?? { name: "?", acronym: null }))).toEqual(
      expect.arrayContaining(["ARDHO", "Interpeace", "LoH", "PFR", "RBJ"]),
    );
    const recordIds = new Set(matrix.records.map((r) => r.id));
    expect(cells.every((c) => c.recordIds.every((id) => recordIds.has(id)))).toBe(true);
    expect(matrix.cells.every((c) => c.theme === "legal_aid")).toBe(true);
  });

  it("takes other sources through the same interface", async () => {
    const kigali = await placeId("RW-D12");
    const programme: CoordinationSource = {
      kind: "agreement",
      async listActivities(): Promise<ActivityRecord[]> {
        return [
          {
            source: "agreement",
            id: "11111111-1111-4111-8111-111111111111",
            title: "A programme",
            status: "active",
            validFrom: null,
            validUntil: null,
            organisations: [
              {
                id: "22222222-2222-4222-8222-222222222222",
                name: "Plug-in NGO",
                acronym: null,
                kind: "local_cso",
                role: "implementer",
              },
            ],
            themes: ["health"],
            areas: [{ placeId: kigali, placeSet: null }],
            reportedRow: null,
          },
        ];
      },
    };
    const matrix = await getMatrix(admin, { theme: "health", level: "district" }, [programme]);
    expect(matrix.cells).toEqual([
      expect.objectContaining({ placeId: kigali, roles: ["implementer"], coverage: ["place"] }),
    ]);
    expect(matrix.organisations.map((o) => o.name)).toEqual(["Plug-in NGO"]);
  });

  it("reads the period: an agreement counts only while it is valid", async () => {
    const rcs = await organisationId("Rwanda Correctional Service");
    const ardho = await organisationId("ARDHO");
    await createAgreement(
      admin,
      buildAgreementInput([rcs, ardho], {
        title: "Health at Huye, 2020",
        status: "active",
        validFrom: "2020-01-01",
        validUntil: "2020-12-31",
        themes: ["health"],
        areas: [{ placeId: await placeId("RW-F-HUYE") }],
      }),
    );
    const titles = async (query: { date?: string; from?: string; to?: string }) =>
      (await getMatrix(admin, { theme: "health", level: "district", ...query })).records.map((r) => r.title);
    expect(await titles({ date: "2020-06-01" })).toContain("Health at Huye, 2020");
    const huye = (
      await getMatrix(admin, { theme: "health", level: "district", date: "2020-06-01" })
    ).records.find((r) => r.title === "Health at Huye, 2020");
    // The dates as stored, whatever the server's time zone (the suite also runs with TZ=Africa/Kigali).
    expect(huye).toMatchObject({ validFrom: "2020-01-01", validUntil: "2020-12-31" });
    expect(await titles({})).not.toContain("Health at Huye, 2020");
    expect(await titles({ from: "2019-01-01", to: "2020-01-01" })).toContain("Health at Huye, 2020");
    expect(await titles({ from: "2021-01-01" })).not.toContain("Health at Huye, 2020");
    // Undated agreements count at any date: their validity is unknown, not absent.
    expect((await titles({ date: "1990-01-01" })).length).toBeGreaterThan(0);
    expect((await listAgreements(admin, { sort: "title", limit: 1, offset: 0 })).total).toBe(29);
  });
});

describe("after edits", () => {
  it("follows an agreement's parties, themes and areas, and its organisations' names, on the next read", async () => {
    const rcs = await organisationId("Rwanda Correctional Service");
    const first = await createOrganisationFixture(admin, { name: "Ubumwe Paralegals" });
    const second = await createOrganisationFixture(admin, { name: "Ineza Counsellors" });
    const rubavu = await placeId("RW-F-RUBAVU");
    const musanze = await placeId("RW-F-MUSANZE");
    const created = await createAgreement(
      admin,
      buildAgreementInput([rcs, first.id], {
        title: "Paralegals at Rubavu",
        status: "active",
        keeperOrganisationId: rcs,
        themes: ["disability"],
        areas: [{ placeId: rubavu }],
      }),
    );
    /** Who the matrix shows on a theme at a facility, by name. */
    const at = async (theme: string, facility: string) => {
      const matrix = await getMatrix(admin, { theme, level: "place_of_detention" });
      const byId = new Map(matrix.organisations.map((o) => [o.id, o.name]));
      return matrix.cells
        .filter((c) => c.placeId === facility && c.recordIds.includes(created.id))
        .map((c) => byId.get(c.organisationId));
    };
    expect(await at("disability", rubavu)).toEqual(["Ubumwe Paralegals"]);

    const moved = await updateAgreement(admin, created.id, created.version, {
      themes: ["health"],
      areas: [{ placeId: musanze }],
      parties: [
        { organisationId: rcs, role: "signatory" },
        { organisationId: second.id, role: "implementer" },
      ],
    });
    expect(await at("disability", rubavu)).toEqual([]);
    expect(await at("health", rubavu)).toEqual([]);
    expect(await at("health", musanze)).toEqual(["Ineza Counsellors"]);
    const district = await getDistrictSummary(admin, "RW-D43", { expiringWithinDays: 90 });
    const facility = district.facilities.find((f) => f.place.id === musanze);
    expect(facility?.themes.find((t) => t.theme === "health")?.organisationIds).toContain(second.id);
    expect(district.organisations.find((o) => o.organisation.id === second.id)).toMatchObject({
      themes: ["health"],
      coverage: ["place"],
      recordIds: [moved.id],
    });

    await updateOrganisation(admin, second.id, second.version, { name: "Ineza Counselling Network" });
    expect(await at("health", musanze)).toEqual(["Ineza Counselling Network"]);
  });
});
