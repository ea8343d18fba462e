// The pure rules of the import: header synonyms and typos, partner cells, places, themes, name matching.
import { describe, expect, it } from "vitest";
import { BUILT_IN_THEMES } from "../themes";
import { blockItems, joinCellParts } from "./cell-blocks";
import { looksLikeHeader, mapColumns } from "./column-mapping";
import { readSourceDocument } from "./document-tables.import";
import { readMembership, readRoleLine } from "./membership-roles";
import { indexOrganisations, matchOrganisation } from "./organisation-matching";
import { readPartnerCell } from "./organisation-names";
import { resolvePlaces } from "./place-resolution";
import { parseStatusReport, readExportedProgressLine, sectionKindOf } from "./status-report.import";
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
    expect(keys(["Partner", "Partners"])).toEqual(["partner", "other"]);
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

describe("a report written in French or Kinyarwanda", () => {
  const codes = (text: string) =>
    resolvePlaces(text, { preferFacilities: true }).areas.map((a) =>
      a.kind === "place" ? a.code : a.kind === "set" ? a.set : a.countryCode,
    );

  it("reads the export's own headers in every language, and hand-written ones", () => {
    expect(
      keys([
        "N°",
        "Noms des partenaires",
        "Activités de terrain",
        "Date de signature",
        "Zone(s) de mise en œuvre",
        "Réalisations",
        "Activités en cours/prévues",
      ]),
    ).toEqual(["serial", "partner", "commitments", "signedOn", "areas", "achievements", "ongoing"]);
    expect(
      keys([
        "N°",
        "Amazina y’abafatanyabikorwa",
        "Ibikorwa byo ku murima",
        "Itariki yasinyweho",
        "Aho bishyirwa mu bikorwa",
        "Ibyagezweho",
        "Ibikorwa bikomeje/biteganyijwe",
      ]),
    ).toEqual(["serial", "partner", "commitments", "signedOn", "areas", "achievements", "ongoing"]);
    // "Inshingano" alone is the commitments; the export's longer roles header is the roles.
    expect(keys(["Izina ry’umufatanyabikorwa", "Inshingano z’ingenzi/ibyo bafatanyamo"])).toEqual([
      "partner",
      "roles",
    ]);
    expect(
      keys(["Nom du partenaire/de la partie prenante", "Rôles principaux/domaines de coopération"]),
    ).toEqual(["partner", "roles"]);
  });

  it("knows the sections by their titles and sheet names", () => {
    const none: never[] = [];
    expect(sectionKindOf("Protocoles d’accord avec les partenaires régionaux/internationaux", none)).toBe(
      "foreign",
    );
    expect(
      sectionKindOf("Amasezerano y’ubufatanye n’abafatanyabikorwa bo mu karere no mu mahanga", none),
    ).toBe("foreign");
    expect(sectionKindOf("2. Abo mu mahanga", none)).toBe("foreign");
    expect(sectionKindOf("Amasezerano y’ubufatanye n’abafatanyabikorwa bo mu gihugu", none)).toBe("local");
    expect(sectionKindOf("3. Imiryango", none)).toBe("membership");
    expect(sectionKindOf("Organisations partenaires/parties prenantes internationales", none)).toBe(
      "membership",
    );
  });

  it("reads districts, sectors, facilities and sets as the export writes them", () => {
    expect(codes("district de Nyarugenge")).toEqual(["RW-D11"]);
    expect(codes("Akarere ka Nyarugenge")).toEqual(["RW-D11"]);
    expect(codes("secteur de Nyarugenge")).toEqual(["RW-S1109"]);
    expect(codes("Umurenge wa Nyarugenge")).toEqual(["RW-S1109"]);
    expect(codes("établissements pénitentiaires de Musanze, Gicumbi et Nyagatare")).toEqual([
      "RW-F-MUSANZE",
      "RW-F-GICUMBI",
      "RW-F-NYAGATARE",
    ]);
    expect(codes("amagororero ya Musanze na Gicumbi")).toEqual(["RW-F-MUSANZE", "RW-F-GICUMBI"]);
    expect(codes("Tous les établissements pénitentiaires")).toEqual(["all_correctional_facilities"]);
    expect(codes("Amagororero yose")).toEqual(["all_correctional_facilities"]);
    expect(codes("Tout le pays")).toEqual(["national"]);
    expect(codes("Igihugu cyose")).toEqual(["national"]);
  });

  it("reads planned, done and issue lines back, with the due day", () => {
    expect(readExportedProgressLine("Hand over files (réalisé) (prévu pour le 15 octobre 2026)")).toEqual({
      kind: "planned",
      text: "Hand over files",
      dueOn: "2026-10-15",
      done: true,
    });
    expect(readExportedProgressLine("Gusura (biteganyijwe bitarenze 31/03/2027)")).toEqual({
      kind: "planned",
      text: "Gusura",
      dueOn: "2027-03-31",
      done: false,
    });
    expect(readExportedProgressLine("Visit the CFs (planned by 30 June 2026)")?.dueOn).toBe("2026-06-30");
    expect(readExportedProgressLine("Imbogamizi: nta modoka")).toEqual({ kind: "issue", text: "nta modoka" });
    expect(readExportedProgressLine("Difficulté : pas de véhicule")).toEqual({
      kind: "issue",
      text: "pas de véhicule",
    });
    // Not a whole day: the text stays as written, and the usual rules read it.
    expect(readExportedProgressLine("Visit (planned by June 2026)")).toBeNull();
    expect(readExportedProgressLine("Activities are ongoing")).toBeNull();
  });

  it("reads the role lines in French and Kinyarwanda, and leaves hand-written years to the usual rules", () => {
    expect(readRoleLine("RCS : Vice-président régional for Eastern Africa (depuis 2012)")).toEqual({
      role: "vice_regional_chair",
      roleNote: "for Eastern Africa",
      startYear: 2012,
      endYear: null,
    });
    expect(readRoleLine("RCS: Perezida (2012–2014)")).toEqual({
      role: "chair",
      roleNote: null,
      startYear: 2012,
      endYear: 2014,
    });
    expect(readRoleLine("RCS: Umunyamuryango (kuva mu 2015)")?.startYear).toBe(2015);
    expect(readRoleLine("RCS: Member since 2012")).toBeNull();
  });

  it("imports a table typed in French with dates in French and Kinyarwanda, keeping the text", async () => {
    const csv = [
      "N°;Partenaire;Activités;Date de signature;Zone d'intervention;Activités en cours et prévues",
      "1;Avocats Sans Frontières (ASF);Aide juridique;juin 2022;Établissements pénitentiaires de Huye et Muhanga;Formation prévue (prévu pour le 30 juin 2027)",
      "2;Haguruka;Ubufasha mu by'amategeko;Kamena 2022;Akarere ka Gasabo;",
      "3;Caritas Rwanda;Réinsertion;1er mars 2021;Tout le pays;",
      "4;Never Again Rwanda;Ubwiyunge;ku wa 3 Werurwe 2021;Umurenge wa Nyarugenge;",
      "5;Penal Reform International;Réforme pénale;2020;Ouganda et Kenya;",
    ].join("\n");
    const doc = await readSourceDocument("rapport.csv", new TextEncoder().encode(csv));
    const parsed = parseStatusReport(doc, {
      columns: {},
      preferFacilities: true,
      knownThemes: themes,
      keeperLabel: "RCS",
    });
    expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(
      parsed.rows.map((r) => [
        r.agreement?.signedOnText,
        r.agreement?.signedOnPrecision,
        r.agreement?.areas.map((a) =>
          a.kind === "place" ? a.code : a.kind === "set" ? a.set : a.countryCode,
        ),
      ]),
    ).toEqual([
      ["juin 2022", "month", ["RW-F-HUYE", "RW-F-MUHANGA"]],
      ["Kamena 2022", "month", ["RW-D12"]],
      ["1er mars 2021", "day", ["national"]],
      ["ku wa 3 Werurwe 2021", "day", ["RW-S1109"]],
      ["2020", "year", ["UG", "KE"]],
    ]);
    expect(parsed.rows[0]?.agreement?.progress).toEqual([
      { kind: "planned", text: "Formation prévue", dueOn: "2027-06-30", done: false },
    ]);
  });
  it("imports vague dates with their precision, in three languages, and no warning (issue 19)", async () => {
    const csv = [
      "N°;Partner;Field activities;Date of signature;Area(s) for implementation",
      "1;Avocats Sans Frontières (ASF);Legal aid;early 2019;Nationwide",
      "2;Haguruka;Legal aid;semaine du 3 octobre 2010;Nationwide",
      "3;Caritas Rwanda;Reintegration;2016/2017;Nationwide",
      "4;Never Again Rwanda;Reconciliation;mu mpera za 2019;Nationwide",
      "5;Penal Reform International;Penal reform;Q3 2019;Nationwide",
    ].join("\n");
    const doc = await readSourceDocument("report.csv", new TextEncoder().encode(csv));
    const parsed = parseStatusReport(doc, {
      columns: {},
      preferFacilities: true,
      knownThemes: themes,
      keeperLabel: "RCS",
    });
    expect(parsed.issues.filter((i) => i.column === "Date of signature")).toEqual([]);
    expect(parsed.rows.map((r) => [r.agreement?.signedOnText, r.agreement?.signedOnPrecision])).toEqual([
      ["early 2019", "part_of_year"],
      ["semaine du 3 octobre 2010", "week"],
      ["2016/2017", "years"],
      ["mu mpera za 2019", "part_of_year"],
      ["Q3 2019", "part_of_year"],
    ]);
  });
});
