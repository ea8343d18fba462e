// Reference data of Rwandan places: country, provinces, districts, sectors, RCS HQ, places of detention.
import { Districts, Provinces, Sectors } from "rwanda";

export type PlaceKind =
  | "country"
  | "province"
  | "district"
  | "sector"
  | "place_of_detention"
  | "headquarters";

export type LocalisedNames = { en: string; fr: string; rw: string };

export type ReferencePlace = {
  code: string;
  kind: PlaceKind;
  name: string;
  names: LocalisedNames;
  parentCode: string | null;
  aliases: string[];
  detentionType?: "men" | "women" | "juvenile" | "mixed" | "military" | "unknown";
  operator?: "RCS" | "RDF";
  /** Places of detention: one of FACILITY_KINDS in places.schema.ts. */
  facilityKind?: "prison" | "military_prison" | "juvenile_rehabilitation";
  open?: boolean;
};

type DetentionType = NonNullable<ReferencePlace["detentionType"]>;

const COUNTRY_CODE = "RW";

type ProvinceFact = { digit: number; packageKey: string; names: LocalisedNames };

// NISR province digits; packageKey is how the `rwanda` package names the province.
const PROVINCES: readonly ProvinceFact[] = [
  {
    digit: 1,
    packageKey: "Kigali",
    names: { en: "Kigali City", fr: "Ville de Kigali", rw: "Umujyi wa Kigali" },
  },
  {
    digit: 2,
    packageKey: "South",
    names: { en: "Southern Province", fr: "Province du Sud", rw: "Intara y'Amajyepfo" },
  },
  {
    digit: 3,
    packageKey: "West",
    names: { en: "Western Province", fr: "Province de l'Ouest", rw: "Intara y'Iburengerazuba" },
  },
  {
    digit: 4,
    packageKey: "North",
    names: { en: "Northern Province", fr: "Province du Nord", rw: "Intara y'Amajyaruguru" },
  },
  {
    digit: 5,
    packageKey: "East",
    names: { en: "Eastern Province", fr: "Province de l'Est", rw: "Intara y'Iburasirazuba" },
  },
];

// NISR 2-digit district codes: province digit + district digit.
const DISTRICTS: readonly { code: number; name: string }[] = [
  { code: 11, name: "Nyarugenge" },
  { code: 12, name: "Gasabo" },
  { code: 13, name: "Kicukiro" },
  { code: 21, name: "Nyanza" },
  { code: 22, name: "Gisagara" },
  { code: 23, name: "Nyaruguru" },
  { code: 24, name: "Huye" },
  { code: 25, name: "Nyamagabe" },
  { code: 26, name: "Ruhango" },
  { code: 27, name: "Muhanga" },
  { code: 28, name: "Kamonyi" },
  { code: 31, name: "Karongi" },
  { code: 32, name: "Rutsiro" },
  { code: 33, name: "Rubavu" },
  { code: 34, name: "Nyabihu" },
  { code: 35, name: "Ngororero" },
  { code: 36, name: "Rusizi" },
  { code: 37, name: "Nyamasheke" },
  { code: 41, name: "Rulindo" },
  { code: 42, name: "Gakenke" },
  { code: 43, name: "Musanze" },
  { code: 44, name: "Burera" },
  { code: 45, name: "Gicumbi" },
  { code: 51, name: "Rwamagana" },
  { code: 52, name: "Nyagatare" },
  { code: 53, name: "Gatsibo" },
  { code: 54, name: "Kayonza" },
  { code: 55, name: "Kirehe" },
  { code: 56, name: "Ngoma" },
  { code: 57, name: "Bugesera" },
];

// Package district spelling → our spelling. Empty: rwanda@2.1.6 spells all 30 districts as above.
const PACKAGE_DISTRICT_SPELLING: Readonly<Record<string, string>> = {};

const EXPECTED_SECTOR_COUNT = 416;

type FacilityFact = {
  slug: string;
  name: string;
  names?: Omit<LocalisedNames, "en">;
  districtCode: number;
  aliases: string[];
  detentionType: DetentionType;
  operator: "RCS" | "RDF";
  facilityKind: NonNullable<ReferencePlace["facilityKind"]>;
  open: boolean;
};

// The 13 open RCS correctional facilities, named "<district> Correctional Facility".
// Nyagatare holds minors (the RCS calls it its correctional centre for minors): a juvenile rehabilitation facility.
const RCS_CORRECTIONAL_FACILITIES: readonly Omit<
  FacilityFact,
  "slug" | "name" | "operator" | "open" | "facilityKind"
>[] = [
  { districtCode: 11, aliases: ["Mageragere prison", "Nyarugenge prison"], detentionType: "mixed" },
  { districtCode: 21, aliases: ["Mpanga prison"], detentionType: "men" },
  { districtCode: 24, aliases: [], detentionType: "unknown" },
  { districtCode: 27, aliases: ["Gitarama prison"], detentionType: "men" },
  { districtCode: 25, aliases: [], detentionType: "women" },
  { districtCode: 36, aliases: [], detentionType: "unknown" },
  { districtCode: 33, aliases: ["Gisenyi prison"], detentionType: "unknown" },
  { districtCode: 43, aliases: [], detentionType: "women" },
  { districtCode: 45, aliases: [], detentionType: "unknown" },
  { districtCode: 52, aliases: ["Nyagatare correctional centre for minors"], detentionType: "juvenile" },
  { districtCode: 51, aliases: [], detentionType: "unknown" },
  { districtCode: 56, aliases: ["Ngoma women's correctional facility"], detentionType: "women" },
  { districtCode: 57, aliases: ["Rilima"], detentionType: "unknown" },
];

// Other places of detention: the RDF's military prison and the two Kigali prisons closed in 2017.
// French and Kinyarwanda names are our own renderings.
const OTHER_PLACES_OF_DETENTION: readonly FacilityFact[] = [
  {
    slug: "MULINDI-MILITARY",
    name: "Mulindi Military Prison",
    names: { fr: "Prison militaire de Mulindi", rw: "Gereza ya gisirikare ya Mulindi" },
    districtCode: 45,
    aliases: [],
    detentionType: "military",
    operator: "RDF",
    facilityKind: "military_prison",
    open: true,
  },
  {
    slug: "KIGALI-CENTRAL",
    name: "Kigali Central Prison",
    names: { fr: "Prison centrale de Kigali", rw: "Gereza nkuru ya Kigali" },
    districtCode: 11,
    aliases: ["PCK", "1930 prison"],
    detentionType: "mixed",
    operator: "RCS",
    facilityKind: "prison",
    open: false,
  },
  {
    slug: "GASABO",
    name: "Gasabo Prison",
    names: { fr: "Prison de Gasabo", rw: "Gereza ya Gasabo" },
    districtCode: 12,
    aliases: ["Kimironko prison"],
    detentionType: "mixed",
    operator: "RCS",
    facilityKind: "prison",
    open: false,
  },
];

function provinceCode(digit: number): string {
  return `RW-P${digit}`;
}

function districtCode(code: number): string {
  return `RW-D${code}`;
}

function sameNames(name: string): LocalisedNames {
  return { en: name, fr: name, rw: name };
}

// "mageregere" → "Mageregere", "RANGO a" → "Rango A": every word capitalised, the rest lower case.
function titleCase(value: string): string {
  return value
    .trim()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join(" ");
}

function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function findDistrict(name: string): { code: number; name: string } {
  const district = DISTRICTS.find((d) => d.name === name);
  if (district === undefined) throw new Error(`Unknown district name: ${name}`);
  return district;
}

// Sector names per district code, read from the `rwanda` package and checked against our district table.
function readPackageSectors(): Map<number, string[]> {
  const byDistrict = new Map<number, string[]>();
  for (const packageProvince of Provinces()) {
    const province = PROVINCES.find((p) => p.packageKey === packageProvince);
    if (province === undefined)
      throw new Error(`Unknown province key in the rwanda package: ${packageProvince}`);
    for (const packageDistrict of Districts(packageProvince)) {
      const district = findDistrict(PACKAGE_DISTRICT_SPELLING[packageDistrict] ?? packageDistrict);
      if (Math.floor(district.code / 10) !== province.digit) {
        throw new Error(`District ${district.name} is under ${packageProvince} in the rwanda package`);
      }
      const sectors = Sectors(packageProvince, packageDistrict);
      if (sectors === undefined || sectors.length === 0) {
        throw new Error(`No sectors for ${packageProvince}/${packageDistrict} in the rwanda package`);
      }
      byDistrict.set(district.code, [...new Set(sectors.map(titleCase))].sort(compareNames));
    }
  }
  const missing = DISTRICTS.filter((d) => !byDistrict.has(d.code)).map((d) => d.name);
  if (missing.length > 0) throw new Error(`Districts missing from the rwanda package: ${missing.join(", ")}`);
  let total = 0;
  for (const sectors of byDistrict.values()) total += sectors.length;
  if (total !== EXPECTED_SECTOR_COUNT) {
    throw new Error(`Expected ${EXPECTED_SECTOR_COUNT} sectors from the rwanda package, got ${total}`);
  }
  return byDistrict;
}

function facilityPlace(fact: FacilityFact): ReferencePlace {
  return {
    code: `RW-F-${fact.slug}`,
    kind: "place_of_detention",
    name: fact.name,
    names: { en: fact.name, fr: fact.names?.fr ?? fact.name, rw: fact.names?.rw ?? fact.name },
    parentCode: districtCode(fact.districtCode),
    aliases: [...fact.aliases],
    detentionType: fact.detentionType,
    operator: fact.operator,
    facilityKind: fact.facilityKind,
    open: fact.open,
  };
}

export function buildRwandaPlaces(): ReferencePlace[] {
  const places: ReferencePlace[] = [
    {
      code: COUNTRY_CODE,
      kind: "country",
      name: "Rwanda",
      names: { en: "Rwanda", fr: "Rwanda", rw: "u Rwanda" },
      parentCode: null,
      aliases: [],
    },
  ];

  for (const province of PROVINCES) {
    places.push({
      code: provinceCode(province.digit),
      kind: "province",
      name: province.names.en,
      names: { ...province.names },
      parentCode: COUNTRY_CODE,
      aliases: [],
    });
  }

  const districts = [...DISTRICTS].sort((a, b) => a.code - b.code);
  for (const district of districts) {
    places.push({
      code: districtCode(district.code),
      kind: "district",
      name: district.name,
      names: sameNames(district.name),
      parentCode: provinceCode(Math.floor(district.code / 10)),
      aliases: [],
    });
  }

  // Sector codes: district code + 2-digit index in alphabetical order within the district. This follows the
  // NISR alphabetical convention but is NOT checked against an official NISR code file.
  const sectorsByDistrict = readPackageSectors();
  for (const district of districts) {
    const sectors = sectorsByDistrict.get(district.code) ?? [];
    sectors.forEach((sector, index) => {
      places.push({
        code: `RW-S${district.code}${String(index + 1).padStart(2, "0")}`,
        kind: "sector",
        name: sector,
        names: sameNames(sector),
        parentCode: districtCode(district.code),
        aliases: [],
      });
    });
  }

  // RCS headquarters: placed in Gasabo (Kimihurura, Kigali) — to be verified.
  places.push({
    code: "RW-HQ-RCS",
    kind: "headquarters",
    name: "RCS headquarters",
    names: { en: "RCS headquarters", fr: "Siège du RCS", rw: "Icyicaro gikuru cya RCS" },
    parentCode: districtCode(12),
    aliases: ["Rwanda Correctional Service headquarters"],
  });

  for (const facility of RCS_CORRECTIONAL_FACILITIES) {
    const district = DISTRICTS.find((d) => d.code === facility.districtCode);
    if (district === undefined) throw new Error(`Unknown district code: ${facility.districtCode}`);
    places.push(
      facilityPlace({
        ...facility,
        slug: district.name.toUpperCase(),
        name: `${district.name} Correctional Facility`,
        names: {
          fr: `Établissement pénitentiaire de ${district.name}`,
          rw: `Igororero rya ${district.name}`,
        },
        operator: "RCS",
        facilityKind: facility.detentionType === "juvenile" ? "juvenile_rehabilitation" : "prison",
        open: true,
      }),
    );
  }
  for (const facility of OTHER_PLACES_OF_DETENTION) places.push(facilityPlace(facility));

  return places;
}
