// The pure rules of the import: header synonyms and typos, partner cells, places, themes, name matching.
import { describe, expect, it } from "vitest";
import { BUILT_IN_THEMES } from "../agreements/built-in-themes";
import { blockItems, joinCellParts } from "./cell-blocks";
import { looksLikeHeader, mapColumns } from "./column-mapping";
import { indexOrganisations, matchOrganisation } from "./organisation-matching";
import { readPartnerCell } from "./organisation-names";
import { resolvePlaces } from "./place-resolution";
import { readMembership } from "./status-report.import";
import { proposeThemes } from "./theme-rules";

const keys = (headers: string[]) => mapColumns(headers).map((c) => c.key);
const themes = new Set(BUILT_IN_THEMES.map((t) => t.code));

describe("columns found by meaning", () => {
  it("reads English, French and Kinyarwanda headers, with typos, whatever their order", () => {
    expect(keys(["Achievments", "Partener names", "Date of signatur", "AREA(S) FOR IMPLEMENTATION"])).toEqual(
      ["achievements", "partner", "signedOn", "areas"],
    );
    expect(
      keys(["N°", "Partenaire", "Activités", "Date de signature", "Réalisations", "Zones d'intervention"]),
    ).toEqual(["serial", "partner", "commitments", "signedOn", "achievements", "areas"]);
    expect(
      keys(["Umufatanyabikorwa", "Ibikorwa", "Itariki yasinyweho", "Aho bikorerwa", "Ibyagezweho"]),
    ).toEqual(["partner", "commitments", "signedOn", "areas", "achievements"]);
  });

  it("gives each meaning to one column only, and lets the user's choice win", () => {
    expect(keys(["Partner", "Partners"])).toEqual(["partner", "ignore"]);
    expect(mapColumns(["Partner", "Where"], { Where: "areas" }).map((c) => c.key)).toEqual([
      "partner",
      "areas",
    ]);
    expect(looksLikeHeader(["Partner", "Where"])).toBe(false);
    expect(looksLikeHeader(["Partner", "Where"], { Where: "areas" })).toBe(true);
    expect(looksLikeHeader(["Foo", "Bar"])).toBe(false);
  });
});

describe("cells", () => {
  it("joins a cell continued on the next line unless the paragraph had ended", () => {
    expect(joinCellParts(["<p>-Coordination with those of government and</p>", "other agencies."])).toEqual([
      "-Coordination with those of government and other agencies.",
    ]);
    expect(joinCellParts(["<p>-A visit in March 2023.</p>", "<p>-Both CGs signed.</p>"])).toEqual([
      "-A visit in March 2023.",
      "-Both CGs signed.",
    ]);
  });

  it("splits bullets, inline ones too, and drops bullets with no words", () => {
    expect(
      blockItems([". Providing wheelchairs. . Training of RCS Staff.", "• .....", "➤ Counselling"]),
    ).toEqual(["Providing wheelchairs.", "Training of RCS Staff.", "Counselling"]);
  });

  it("reads several partners, acronyms and contacts out of one cell", () => {
    const [a, b, c] = readPartnerCell(
      [
        "MINECOFIN AND STIRLING FOUNDATION AND THE CHURCH OF JESUS CHRIST IN RWANDA info@church.rw +250 788 123 456",
      ],
      "local",
    );
    expect(a).toMatchObject({ name: "MINECOFIN", acronym: "MINECOFIN", kind: "government", email: null });
    expect(b).toMatchObject({
      name: "Stirling Foundation",
      aliases: ["STIRLING FOUNDATION"],
      kind: "embassy_donor",
    });
    expect(c).toMatchObject({
      name: "The Church of Jesus Christ in Rwanda",
      email: "info@church.rw",
      phone: "+250 788 123 456",
      kind: "faith_based",
    });
    expect(
      readPartnerCell(['Rwanda Men\'s Resource Center "hereinafter RWAMREC", info@rwamrec.org'], "local")[0],
    ).toMatchObject({
      name: "Rwanda Men's Resource Center",
      acronym: "RWAMREC",
      email: "info@rwamrec.org",
    });
    expect(readPartnerCell(["DIDE (Dignity in Detention)"], "local")[0]).toMatchObject({
      name: "Dignity in Detention",
      acronym: "DIDE",
    });
  });
});

describe("places from free text", () => {
  const codes = (text: string, preferFacilities = true) =>
    resolvePlaces(text, { preferFacilities }).areas.map((a) =>
      a.kind === "place" ? a.code : a.kind === "set" ? a.set : a.countryCode,
    );

  it("reads facilities, broken names, sets and headquarters", () => {
    expect(codes("Musanze, gicumbi and Nyagatare facilities")).toEqual([
      "RW-F-MUSANZE",
      "RW-F-GICUMBI",
      "RW-F-NYAGATARE",
    ]);
    expect(codes("Musanze, Rubavu, Rwamagan a ,Ngoma")).toEqual([
      "RW-F-MUSANZE",
      "RW-F-RUBAVU",
      "RW-F-RWAMAGANA",
      "RW-F-NGOMA",
    ]);
    expect(codes("All CFs")).toEqual(["all_correctional_facilities"]);
    expect(codes("RCS staffs from HQ and at the facilities.")).toEqual([
      "RW-HQ-RCS",
      "all_correctional_facilities",
    ]);
  });

  it("tells a district from its facility and its sector by context, and says how it read them", () => {
    expect(codes("Rwamagana district.")).toEqual(["RW-D51"]);
    expect(codes("Nyarugenge", false)).toEqual(["RW-D11"]);
    const sector = resolvePlaces("Nyarugenge sector", { preferFacilities: true });
    expect(sector.areas).toEqual([{ kind: "place", code: "RW-S1109", label: "Nyarugenge Sector" }]);
    expect(sector.notes).toEqual([
      { kind: "sector_not_district", name: "Nyarugenge", label: "Nyarugenge Sector" },
    ]);
    expect(resolvePlaces("Nyarugenge", { preferFacilities: true }).notes).toEqual([
      {
        kind: "facility_not_district_or_sector",
        name: "Nyarugenge",
        label: "Nyarugenge Correctional Facility",
      },
    ]);
    expect(resolvePlaces("Training of RCS' staffs", { preferFacilities: true })).toMatchObject({
      areas: [],
      unresolved: true,
    });
  });
});

describe("themes and memberships", () => {
  it("proposes themes by keywords in three languages", () => {
    expect(proposeThemes(["Competent legal representation in criminal matters"], themes)).toEqual([
      "legal_aid",
    ]);
    expect(proposeThemes(["Construction of TVET workshops"], themes)).toEqual(["vocational_training"]);
    expect(
      proposeThemes(["Aide juridique et lutte contre les violences basées sur le genre"], themes),
    ).toEqual(["legal_aid", "gender_sgbv"]);
    expect(proposeThemes(["Kurwanya ihohoterwa no kurengera ibidukikije"], themes)).toEqual([
      "gender_sgbv",
      "environment",
    ]);
  });

  it("reads the role and years of a membership", () => {
    expect(readMembership("Rwanda become Chair in 2012-2014.")).toMatchObject({
      role: "chair",
      startYear: 2012,
      endYear: 2014,
    });
    expect(
      readMembership("Member since 2012 and currently the vice regional chair for Eastern Africa."),
    ).toMatchObject({
      role: "vice_regional_chair",
      roleNote: "for Eastern Africa",
      startYear: 2012,
      endYear: null,
    });
  });

  it("reads back the role lines the export writes", () => {
    expect(readMembership("Rwanda Correctional Service: Chair (2012–2014)")).toMatchObject({
      role: "chair",
      startYear: 2012,
      endYear: 2014,
    });
    expect(
      readMembership("Rwanda Correctional Service: Vice regional chair for Eastern Africa (since 2012)"),
    ).toMatchObject({ role: "vice_regional_chair", roleNote: "for Eastern Africa", startYear: 2012 });
    expect(readMembership("Rwanda Correctional Service: Partner").role).toBe("partner");
    expect(readMembership("Rwanda Correctional Service : Partenaire").role).toBe("partner");
  });
});

describe("organisation matching", () => {
  const index = indexOrganisations([
    { id: "1", name: "Diocese Catholique de Byumba", acronym: null, aliases: [] },
    { id: "2", name: "United Nations Development Programme", acronym: "UNDP", aliases: [] },
    { id: "3", name: "Zimbabwe Prisons and Correctional Service", acronym: "ZPCS", aliases: ["Zimbabwe"] },
  ]);
  it("finds by exact name, acronym, alias and similar spelling, and proposes new otherwise", () => {
    expect(
      matchOrganisation({ name: "the diocese catholique de BYUMBA", acronym: null, aliases: [] }, index).how,
    ).toBe("exact");
    expect(matchOrganisation({ name: "UNDP", acronym: "UNDP", aliases: [] }, index)).toMatchObject({
      how: "acronym",
      organisation: { id: "2" },
    });
    expect(matchOrganisation({ name: "Zimbabwe", acronym: null, aliases: [] }, index)).toMatchObject({
      how: "alias",
      organisation: { id: "3" },
    });
    expect(
      matchOrganisation({ name: "Diocese Catholic/ BYUMBA", acronym: null, aliases: [] }, index),
    ).toMatchObject({
      how: "similar",
      organisation: { id: "1" },
    });
    expect(matchOrganisation({ name: "Haguruka", acronym: null, aliases: [] }, index)).toMatchObject({
      how: "new",
      organisation: null,
    });
  });
});
