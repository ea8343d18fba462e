// Checks the reference places for counts and hierarchy, and cross-checks them against ../shared reference CSVs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasShared } from "../../../tests/shared-data";
import { buildRwandaPlaces, type PlaceKind, type ReferencePlace } from "./rwanda-places";

const places = buildRwandaPlaces();
const byCode = new Map(places.map((p) => [p.code, p]));

function ofKind(kind: PlaceKind): ReferencePlace[] {
  return places.filter((p) => p.kind === kind);
}

function parentOf(place: ReferencePlace): ReferencePlace | undefined {
  return place.parentCode === null ? undefined : byCode.get(place.parentCode);
}

const expectedParentKind: Record<PlaceKind, PlaceKind | null> = {
  country: null,
  province: "country",
  district: "province",
  sector: "district",
  place_of_detention: "district",
  headquarters: "district",
};

describe("buildRwandaPlaces", () => {
  it("has the expected counts", () => {
    expect(ofKind("country")).toHaveLength(1);
    expect(ofKind("province")).toHaveLength(5);
    expect(ofKind("district")).toHaveLength(30);
    expect(ofKind("sector")).toHaveLength(416);
    expect(ofKind("headquarters")).toHaveLength(1);
    const openRcs = ofKind("place_of_detention").filter((p) => p.operator === "RCS" && p.open === true);
    expect(openRcs).toHaveLength(13);
    expect(openRcs.every((p) => p.name.endsWith(" Correctional Facility"))).toBe(true);
    expect(ofKind("place_of_detention")).toHaveLength(16);
  });

  it("has unique codes", () => {
    expect(byCode.size).toBe(places.length);
  });

  it("links every place to an existing parent of the right kind", () => {
    for (const place of places) {
      const wanted = expectedParentKind[place.kind];
      if (wanted === null) {
        expect(place.parentCode).toBeNull();
      } else {
        expect(parentOf(place)?.kind, place.code).toBe(wanted);
      }
    }
  });

  it("is deterministic and ordered by kind", () => {
    expect(buildRwandaPlaces()).toEqual(places);
    const order: PlaceKind[] = [
      "country",
      "province",
      "district",
      "sector",
      "headquarters",
      "place_of_detention",
    ];
    const ranks = places.map((p) => order.indexOf(p.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("numbers sectors alphabetically within their district", () => {
    const districts = ofKind("district");
    let total = 0;
    for (const district of districts) {
      const sectors = ofKind("sector").filter((s) => s.parentCode === district.code);
      total += sectors.length;
      expect(sectors.length, district.name).toBeGreaterThan(0);
      const names = sectors.map((s) => s.name);
      expect(names).toEqual([...names].sort());
      sectors.forEach((s, i) => {
        expect(s.code).toBe(`RW-S${district.code.slice("RW-D".length)}${String(i + 1).padStart(2, "0")}`);
      });
    }
    expect(total).toBe(416);
    expect(byCode.get("RW-S1101")?.name).toBe("Gitega");
  });

  it("has the expected names and facility facts", () => {
    expect(byCode.get("RW")?.names).toEqual({ en: "Rwanda", fr: "Rwanda", rw: "u Rwanda" });
    expect(byCode.get("RW-P2")?.names).toEqual({
      en: "Southern Province",
      fr: "Province du Sud",
      rw: "Intara y'Amajyepfo",
    });
    expect(byCode.get("RW-D57")?.name).toBe("Bugesera");
    const nyarugenge = byCode.get("RW-F-NYARUGENGE");
    expect(nyarugenge?.names).toEqual({
      en: "Nyarugenge Correctional Facility",
      fr: "Établissement pénitentiaire de Nyarugenge",
      rw: "Igororero rya Nyarugenge",
    });
    expect(nyarugenge?.aliases).toContain("Mageragere prison");
    expect(byCode.get("RW-F-NYAGATARE")?.detentionType).toBe("juvenile");
    expect(byCode.get("RW-F-BUGESERA")?.aliases).toContain("Rilima");
    expect(byCode.get("RW-HQ-RCS")?.parentCode).toBe("RW-D12");
    for (const place of places) {
      const isFacility = place.kind === "place_of_detention";
      expect(place.detentionType !== undefined, place.code).toBe(isFacility);
      expect(place.operator !== undefined, place.code).toBe(isFacility);
      expect(place.open !== undefined, place.code).toBe(isFacility);
      if (place.kind === "district" || place.kind === "sector") expect(place.aliases).toEqual([]);
    }
    const military = ofKind("place_of_detention").filter((p) => p.operator === "RDF");
    expect(military.map((p) => [p.name, p.detentionType, p.open, p.parentCode])).toEqual([
      ["Mulindi Military Prison", "military", true, "RW-D45"],
    ]);
    const closed = ofKind("place_of_detention").filter((p) => p.open === false);
    expect(closed.map((p) => p.name)).toEqual(["Kigali Central Prison", "Gasabo Prison"]);
  });
});

// One CSV line → fields; handles quoted fields with commas and doubled quotes.
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

// CSV file → rows keyed by header (files use CRLF line ends and no multi-line fields).
function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  const columns = parseCsvLine(header);
  return rows.map((line) => {
    const values = parseCsvLine(line);
    expect(values, line).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? ""]));
  });
}

function column(row: Record<string, string>, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`Missing column ${name}`);
  return value;
}

const referenceDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/data/reference",
);

describe.skipIf(!hasShared(referenceDir))("cross-check with ../shared/data/reference", () => {
  it("matches rwanda-districts.csv (code, name, province)", () => {
    const rows = readCsv(path.join(referenceDir, "rwanda-districts.csv"));
    const fromCsv = rows.map((r) => [
      `RW-D${column(r, "district_code")}`,
      column(r, "name"),
      column(r, "province_name"),
      Number(column(r, "sector_count")),
    ]);
    const ours = ofKind("district").map((d) => [
      d.code,
      d.name,
      parentOf(d)?.name,
      ofKind("sector").filter((s) => s.parentCode === d.code).length,
    ]);
    expect([...ours].sort()).toEqual([...fromCsv].sort());
  });

  it("matches rwanda-sectors.csv (each district's sector set)", () => {
    const rows = readCsv(path.join(referenceDir, "rwanda-sectors.csv"));
    expect(rows).toHaveLength(416);
    const csvSets = new Map<string, string[]>();
    for (const row of rows) {
      const code = `RW-D${column(row, "district_code")}`;
      expect(byCode.get(code)?.name).toBe(column(row, "district_name"));
      csvSets.set(code, [...(csvSets.get(code) ?? []), column(row, "sector_name")]);
    }
    for (const district of ofKind("district")) {
      const ours = ofKind("sector")
        .filter((s) => s.parentCode === district.code)
        .map((s) => s.name)
        .sort();
      expect(ours, district.name).toEqual([...(csvSets.get(district.code) ?? [])].sort());
    }
  });

  it("matches rcs-correctional-facilities.csv (district, operator, open)", () => {
    const rows = readCsv(path.join(referenceDir, "rcs-correctional-facilities.csv"));
    const facilities = ofKind("place_of_detention");
    expect(rows.map((r) => column(r, "facility_name")).sort()).toEqual(facilities.map((f) => f.name).sort());
    for (const row of rows) {
      const name = column(row, "facility_name");
      const ours = facilities.find((f) => f.name === name);
      expect(ours?.parentCode, name).toBe(`RW-D${column(row, "district_code")}`);
      expect(ours && parentOf(ours)?.name, name).toBe(column(row, "district"));
      expect(column(row, "operator").startsWith(ours?.operator ?? "?"), name).toBe(true);
      expect(column(row, "status").startsWith("open"), name).toBe(ours?.open);
    }
  });
});
