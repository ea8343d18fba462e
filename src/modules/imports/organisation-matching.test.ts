import { describe, expect, it } from "vitest";
import {
  distinctiveDifferences,
  indexOrganisations,
  isReordered,
  type KnownOrganisation,
  matchOrganisation,
  type OrganisationMatch,
} from "./organisation-matching";

const REGISTER: KnownOrganisation[] = [
  { id: "p1", name: "Prison Project 1", acronym: null, aliases: [] },
  { id: "fx", name: "Foundation X", acronym: null, aliases: [] },
  { id: "laf", name: "Legal Aid Forum", acronym: "LAF", aliases: [] },
  { id: "dcb", name: "Diocese Catholique de Byumba", acronym: null, aliases: [] },
  { id: "pfr", name: "Prison Fellowship Rwanda", acronym: "PFR", aliases: [] },
  {
    id: "iom",
    name: "International Organization for Migration",
    acronym: "IOM",
    aliases: [],
    identifiers: ["XM-DAC-47066"],
  },
  { id: "haguruka", name: "Haguruka", acronym: null, aliases: [], identifiers: ["RW-RGB-0042"] },
  { id: "care", name: "Care International Rwanda", acronym: null, aliases: [] },
];
const index = indexOrganisations(REGISTER);

type Case = {
  imported: { name: string; acronym?: string; aliases?: string[]; identifiers?: string[] };
  how: OrganisationMatch["how"];
  id: string | null;
  reason: OrganisationMatch["reason"];
};

const CASES: [string, Case][] = [
  [
    "a different number is never merged",
    {
      imported: { name: "Prison Project 2" },
      how: "new",
      id: null,
      reason: { code: "differs", params: { name: "Prison Project 1", words: "2, 1" } },
    },
  ],
  [
    "a number added to a name is a different organisation",
    {
      imported: { name: "Prison Project" },
      how: "new",
      id: null,
      reason: { code: "differs", params: { name: "Prison Project 1", words: "1" } },
    },
  ],
  [
    "a distinctive word swapped is never merged",
    {
      imported: { name: "Prison Fellowship Burundi" },
      how: "new",
      id: null,
      reason: { code: "differs", params: { name: "Prison Fellowship Rwanda", words: "burundi, rwanda" } },
    },
  ],
  [
    "reversed word order with an acronym is proposed",
    {
      imported: { name: "X Foundation", acronym: "XF" },
      how: "reordered",
      id: "fx",
      reason: { code: "reordered", params: { name: "Foundation X" } },
    },
  ],
  [
    "a register acronym inside the name is proposed",
    {
      imported: { name: "LAF Rwanda" },
      how: "acronym_in_name",
      id: "laf",
      reason: { code: "acronym_in_name", params: { acronym: "LAF" } },
    },
  ],
  [
    "another spelling of the same words is similar",
    {
      imported: { name: "Diocese Catholic/ BYUMBA" },
      how: "similar",
      id: "dcb",
      reason: { code: "similar", params: { score: expect.any(String) as unknown as string } },
    },
  ],
  [
    "an IATI organisation identifier matches first, whatever the name",
    {
      imported: { name: "OIM", identifiers: ["xm-dac-47066"] },
      how: "identifier",
      id: "iom",
      reason: { code: "identifier", params: { identifier: "xm-dac-47066" } },
    },
  ],
  [
    "a registration number matches an organisation of another spelling",
    {
      imported: { name: "Haguruka asbl", identifiers: ["RW-RGB-0042"] },
      how: "identifier",
      id: "haguruka",
      reason: { code: "identifier", params: { identifier: "RW-RGB-0042" } },
    },
  ],
  [
    "the same name with another registration number is not merged",
    {
      imported: { name: "Haguruka", identifiers: ["RW-RGB-0099"] },
      how: "new",
      id: null,
      reason: { code: "identifier_differs", params: { name: "Haguruka", identifier: "RW-RGB-0099" } },
    },
  ],
  [
    "the exact name still matches",
    {
      imported: { name: "the legal aid forum" },
      how: "exact",
      id: "laf",
      reason: { code: "exact", params: {} },
    },
  ],
  [
    "an acronym matches",
    {
      imported: { name: "PFR", acronym: "PFR" },
      how: "acronym",
      id: "pfr",
      reason: { code: "acronym", params: { acronym: "PFR" } },
    },
  ],
  [
    "a name added to, not swapped, stays similar",
    {
      imported: { name: "Care International" },
      how: "similar",
      id: "care",
      reason: { code: "similar", params: { score: expect.any(String) as unknown as string } },
    },
  ],
  [
    "an unknown name is new, with no reason",
    { imported: { name: "Zimbabwe" }, how: "new", id: null, reason: null },
  ],
];

describe("matching an imported organisation against the register", () => {
  it.each(CASES)("%s", (_, c) => {
    const match = matchOrganisation(
      {
        name: c.imported.name,
        acronym: c.imported.acronym ?? null,
        aliases: c.imported.aliases ?? [],
        identifiers: c.imported.identifiers ?? [],
      },
      index,
    );
    expect(match.how).toBe(c.how);
    expect(match.organisation?.id ?? null).toBe(c.id);
    expect(match.reason).toEqual(c.reason);
  });
});

describe("the rules under the matching", () => {
  it.each([
    ["Prison Project 2", "Prison Project 1", ["2", "1"]],
    ["Prison Project II", "Prison Project", ["ii"]],
    ["Diocese Catholic Byumba", "Catholic Diocese of Byumba", []],
    ["Pentecostal Church of Rwanda", "The Pentecostal church of Rwanda", []],
    ["Rwanda Bar Association", "Rwanda Nurses Association", ["bar", "nurses"]],
    ["Ministère de la Justice", "Ministry of Justice", []],
    ["Ministry of Justice", "Ministry of Health", ["justice", "health"]],
  ])("%s against %s differs by %j", (a, b, words) => {
    expect(distinctiveDifferences(a, b)).toEqual(words);
  });
  it.each([
    ["X Foundation", "Foundation X", true],
    ["Foundation X", "Foundation X", false],
    ["Foundation", "Foundation", false],
    ["Foundation X Rwanda", "Foundation X", false],
  ])("%s is %s reordered from %s", (a, b, expected) => {
    expect(isReordered(a, b)).toBe(expected);
  });
});
