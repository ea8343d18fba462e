import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL,
  buildSuppressedCube,
  type CellReading,
  type Dimension,
  defineDimension,
  type LeafCount,
  PublishedCellSchema,
  type SuppressedCube,
  type ZeroPolicy,
} from "./small-cells";

// ---------------------------------------------------------------------------------------------------------------
// An independent view of a cube, from what is public only (the dimensions and the readings): every cell, every
// relation, the true count by brute force, and an attacker.

type Cell = { nodes: string[]; query: Record<string, string> };

function allCells(dimensions: readonly Dimension[]): Cell[] {
  let tuples: string[][] = [[]];
  for (const dimension of dimensions)
    tuples = tuples.flatMap((tuple) => dimension.nodes.map((node) => [...tuple, node.key]));
  return tuples.map((nodes) => ({
    nodes,
    query: Object.fromEntries(dimensions.map((dimension, d) => [dimension.name, nodes[d] as string])),
  }));
}

/** parent − Σ children = 0, as cell keys: one per dimension, aggregate node and choice of the other nodes. */
type Relation = { parent: string; children: string[] };

function allRelations(dimensions: readonly Dimension[]): Relation[] {
  const relations: Relation[] = [];
  for (const { nodes } of allCells(dimensions))
    dimensions.forEach((dimension, d) => {
      const node = dimension.nodes.find((n) => n.key === nodes[d]);
      if (!node || node.children.length === 0) return;
      relations.push({
        parent: nodes.join("|"),
        children: node.children.map((child) => nodes.map((n, i) => (i === d ? child : n)).join("|")),
      });
    });
  return relations;
}

function isWithin(dimension: Dimension, leaf: string, node: string): boolean {
  for (
    let at: string | null = leaf;
    at !== null;
    at = dimension.nodes.find((n) => n.key === at)?.parent ?? null
  )
    if (at === node) return true;
  return false;
}

function trueCount(
  dimensions: readonly Dimension[],
  leafCounts: readonly LeafCount[],
  nodes: string[],
): number {
  return leafCounts
    .filter(({ coords }) =>
      dimensions.every((dimension, d) => isWithin(dimension, coords[d] as string, nodes[d] as string)),
    )
    .reduce((sum, { count }) => sum + count, 0);
}

function readAll(cube: SuppressedCube<string>): Map<string, CellReading> {
  return new Map(allCells(cube.dimensions).map((cell) => [cell.nodes.join("|"), cube.cell(cell.query)]));
}

/**
 * What a reader can work out by bounds propagation over every relation at once: shown cells exactly, "small"
 * in [0, t − 1] ([1, t − 1] when zeros are shown), "complementary" in [t, ∞), then each relation tightens each
 * member from the others' bounds, until nothing changes. Returns the bounds of every cell.
 */
function attack(cube: SuppressedCube<string>): Map<string, [number, number]> {
  const readings = readAll(cube);
  const bounds = new Map<string, [number, number]>();
  for (const [key, reading] of readings)
    bounds.set(
      key,
      reading.suppressed === null
        ? [reading.count, reading.count]
        : reading.suppressed === "small"
          ? [cube.zeros === "hidden" ? 0 : 1, cube.threshold - 1]
          : [cube.threshold, Number.POSITIVE_INFINITY],
    );
  const relations = allRelations(cube.dimensions).map(({ parent, children }) => [
    { key: parent, sign: -1 },
    ...children.map((key) => ({ key, sign: 1 })),
  ]);
  const get = (key: string) => bounds.get(key) ?? [Number.NaN, Number.NaN];
  for (let changed = true; changed; ) {
    changed = false;
    for (const members of relations)
      for (const member of members) {
        // Σ sign·x = 0, so sign_m·x_m = −Σ_{others} sign·x.
        let othersLow = 0;
        let othersHigh = 0;
        for (const other of members) {
          if (other === member) continue;
          const [lo, hi] = get(other.key);
          othersLow += other.sign > 0 ? lo : -hi;
          othersHigh += other.sign > 0 ? hi : -lo;
        }
        const [lo, hi] = get(member.key);
        const newLo = Math.max(lo, member.sign > 0 ? -othersHigh : othersLow);
        const newHi = Math.min(hi, member.sign > 0 ? -othersLow : othersHigh);
        if (newLo !== lo || newHi !== hi) {
          bounds.set(member.key, [newLo, newHi]);
          changed = true;
        }
      }
  }
  return bounds;
}

/** The non-zero small cells the attacker pins (checking first that it is sound: the truth is always inside). */
function pinnedSmallCells(cube: SuppressedCube<string>, leafCounts: readonly LeafCount[]): string[] {
  const bounds = attack(cube);
  const pinned: string[] = [];
  for (const [key, reading] of readAll(cube)) {
    const [lo, hi] = bounds.get(key) ?? [Number.NaN, Number.NaN];
    const truth = trueCount(cube.dimensions, leafCounts, key.split("|"));
    expect(lo).toBeLessThanOrEqual(truth);
    expect(hi).toBeGreaterThanOrEqual(truth);
    if (reading.suppressed === "small" && truth > 0 && lo === hi) pinned.push(key);
  }
  return pinned;
}

/** In every relation, the members a reader does not know to be zero: never exactly one of them suppressed. */
function expectNoLoneSuppressedMember(cube: SuppressedCube<string>) {
  const readings = readAll(cube);
  for (const { parent, children } of allRelations(cube.dimensions)) {
    const members = [parent, ...children].filter((key) => readings.get(key)?.count !== 0);
    expect(members.filter((key) => readings.get(key)?.suppressed !== null).length, parent).not.toBe(1);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const district = defineDimension("district", ["Musanze", "Huye", "Gasabo"]);
const sex = defineDimension("sex", ["female", "male"]);
const kind = defineDimension("kind", ["abuse", "hindrance"]);

// Musanze's women: 3 (all abuse), a small cell; everything else at least 5 or zero.
const handMade: LeafCount[] = [
  { coords: ["Musanze", "female", "abuse"], count: 3 },
  { coords: ["Musanze", "male", "abuse"], count: 6 },
  { coords: ["Musanze", "male", "hindrance"], count: 8 },
  { coords: ["Huye", "female", "abuse"], count: 7 },
  { coords: ["Huye", "female", "hindrance"], count: 6 },
  { coords: ["Huye", "male", "abuse"], count: 9 },
  { coords: ["Huye", "male", "hindrance"], count: 10 },
  { coords: ["Gasabo", "female", "abuse"], count: 12 },
  { coords: ["Gasabo", "female", "hindrance"], count: 8 },
  { coords: ["Gasabo", "male", "abuse"], count: 11 },
  { coords: ["Gasabo", "male", "hindrance"], count: 7 },
];
const handMadeCube = (zeros: ZeroPolicy = "shown") =>
  buildSuppressedCube({ dimensions: [district, sex, kind], leafCounts: handMade, zeros });

describe("a district's small count of women", () => {
  it('is shown "<5", and the men beside it are hidden with it', () => {
    const cube = handMadeCube();
    expect(cube.cell({ district: "Musanze", sex: "female" })).toEqual({ count: null, suppressed: "small" });
    expect(cube.cell({ district: "Musanze", sex: "male" })).toEqual({
      count: null,
      suppressed: "complementary",
    });
    expect(cube.cell({ district: "Musanze", sex: "female", kind: "abuse" }).suppressed).toBe("small");
    expect(cube.cell({ district: "Musanze", sex: "male", kind: "abuse" }).suppressed).toBe("complementary");
    // With zeros shown, a zero is published as it is.
    expect(cube.cell({ district: "Musanze", sex: "female", kind: "hindrance" })).toEqual({
      count: 0,
      suppressed: null,
    });
    // The national total and the district total stay readable.
    expect(cube.cell({})).toEqual({ count: 87, suppressed: null });
    expect(cube.cell({ district: "Musanze" })).toEqual({ count: 17, suppressed: null });
  });

  it("never leaves exactly one suppressed member in a relation", () => {
    expectNoLoneSuppressedMember(handMadeCube());
    expectNoLoneSuppressedMember(handMadeCube("hidden"));
  });

  it("cannot be had by differencing two filters", () => {
    for (const cube of [handMadeCube(), handMadeCube("hidden")]) {
      const pairs: Array<[Record<string, string>, Record<string, string>]> = [
        // total(Musanze) − total(Musanze, male) would be Musanze's women.
        [{ district: "Musanze" }, { district: "Musanze", sex: "male" }],
        // total(Musanze, abuse) − total(Musanze, abuse, male): the same women, filtered by kind first.
        [
          { district: "Musanze", kind: "abuse" },
          { district: "Musanze", kind: "abuse", sex: "male" },
        ],
        // total(Musanze, women) − total(Musanze, women, hindrance) would be Musanze's women's abuse count.
        [
          { district: "Musanze", sex: "female" },
          { district: "Musanze", sex: "female", kind: "hindrance" },
        ],
      ];
      for (const [wide, narrow] of pairs) {
        const answers = [cube.cell(wide), cube.cell(narrow)];
        expect(answers.some((answer) => answer.suppressed !== null)).toBe(true);
      }
      // Whatever combination of published figures a reader takes, no small count is pinned.
      expect(pinnedSmallCells(cube, handMade)).toEqual([]);
      expect(cube.audit().exposedSmallCells).toBe(0);
    }
  });

  it("is answered from the one cube for every filter, so a breakdown agrees with the single cells", () => {
    const cube = handMadeCube();
    expect(cube.breakdown({ district: "Musanze" }, "sex")).toEqual({
      dimension: "sex",
      node: ALL,
      total: { count: 17, suppressed: null },
      items: [
        { key: "female", cell: { count: null, suppressed: "small" } },
        { key: "male", cell: { count: null, suppressed: "complementary" } },
      ],
    });
    const byDistrict = cube.breakdown({ sex: "female" }, "district");
    for (const item of byDistrict.items)
      expect(item.cell).toEqual(cube.cell({ sex: "female", district: item.key }));
  });

  it("hides zeros by default, as small counts ('<5' then means 0 to 4)", () => {
    const cube = buildSuppressedCube({ dimensions: [district, sex, kind], leafCounts: handMade });
    expect(cube.zeros).toBe("hidden");
    expect(cube.cell({ district: "Musanze", sex: "female", kind: "hindrance" })).toEqual({
      count: null,
      suppressed: "small",
    });
    expect(cube.cell({ district: "Musanze", sex: "female" }).suppressed).toBe("small");
    expect(cube.cell({ district: "Musanze", sex: "male" }).suppressed).toBe("complementary");
    expect(cube.cell({})).toEqual({ count: 87, suppressed: null });
  });
});

describe("what a suppressed pair can still give away", () => {
  it("adds a third cell when two small siblings sum to what the shown total leaves (1 + 1 = 2)", () => {
    const one = defineDimension("sex", ["female", "male", "unknown"]);
    const leafCounts = [
      { coords: ["female"], count: 1 },
      { coords: ["male"], count: 1 },
      { coords: ["unknown"], count: 10 },
    ];
    const cube = buildSuppressedCube({ dimensions: [one], leafCounts, zeros: "shown" });
    expect(cube.cell({ sex: "female" }).suppressed).toBe("small");
    expect(cube.cell({ sex: "male" }).suppressed).toBe("small");
    // Hidden although 10: female + male = 12 − 10 = 2 would make both 1.
    expect(cube.cell({ sex: "unknown" }).suppressed).toBe("complementary");
    expect(cube.cell({})).toEqual({ count: 12, suppressed: null });
    expect(pinnedSmallCells(cube, leafCounts)).toEqual([]);
  });

  it("does not hide a small 1 behind a 5 under a shown 6 (a complementary cell is known to be ≥ 5)", () => {
    const one = defineDimension("sex", ["female", "male"]);
    const leafCounts = [
      { coords: ["female"], count: 1 },
      { coords: ["male"], count: 5 },
    ];
    const cube = buildSuppressedCube({ dimensions: [one], leafCounts, zeros: "shown" });
    expect(cube.cell({ sex: "female" }).suppressed).toBe("small");
    // Hiding the 5 would leave female = 6 − (≥ 5) = 1; the total is hidden instead, the 5 stays shown.
    expect(cube.cell({})).toEqual({ count: null, suppressed: "complementary" });
    expect(cube.cell({ sex: "male" })).toEqual({ count: 5, suppressed: null });
    expect(attack(cube).get("female")).toEqual([1, 4]);
  });

  it("with zeros shown, lets a reader pin a 2 × 2 table that hidden zeros protect", () => {
    // Women: 4 children, 3 adults; men: 3 children, 1 adult. Only the total, 11, is shown either way. Knowing
    // that every hidden cell is ≥ 1 (zeros are shown), men ≤ 4 gives women ≥ 7, adults ≤ 4 with men's adults ≥ 1
    // gives women's adults ≤ 3, so women's children = 4, … every cell follows.
    const dimensions = [
      defineDimension("sex", ["female", "male"]),
      defineDimension("age", ["child", "adult"]),
    ];
    const leafCounts = [
      { coords: ["female", "child"], count: 4 },
      { coords: ["female", "adult"], count: 3 },
      { coords: ["male", "child"], count: 3 },
      { coords: ["male", "adult"], count: 1 },
    ];
    const shown = buildSuppressedCube({ dimensions, leafCounts, zeros: "shown" });
    expect(pinnedSmallCells(shown, leafCounts)).toContain("male|adult");
    expect(shown.audit().exposedSmallCells).toBe(pinnedSmallCells(shown, leafCounts).length);
    expectNoLoneSuppressedMember(shown);
    const hidden = buildSuppressedCube({ dimensions, leafCounts });
    expect(pinnedSmallCells(hidden, leafCounts)).toEqual([]);
    expect(hidden.audit()).toEqual({ exposedSmallCells: 0, examples: [] });
  });

  it("uses the threshold it is given", () => {
    const one = defineDimension("sex", ["female", "male"]);
    const leafCounts = [
      { coords: ["female"], count: 7 },
      { coords: ["male"], count: 30 },
    ];
    expect(buildSuppressedCube({ dimensions: [one], leafCounts }).cell({ sex: "female" }).count).toBe(7);
    const strict = buildSuppressedCube({ dimensions: [one], leafCounts, threshold: 10 });
    expect(strict.threshold).toBe(10);
    expect(strict.cell({ sex: "female" }).suppressed).toBe("small");
    expect(strict.cell({ sex: "male" }).suppressed).toBe("complementary");
  });
});

describe("dimensions as trees", () => {
  const time = defineDimension("time", [
    { key: "2024-11", within: ["2024"] },
    { key: "2024-12", within: ["2024"] },
    { key: "2025-01", within: ["2025"] },
    "unknown",
  ]);

  it("keeps leaves in order, then aggregates, then all", () => {
    expect(time.nodes.map((n) => n.key)).toEqual([
      "2024-11",
      "2024-12",
      "2025-01",
      "unknown",
      "2024",
      "2025",
      ALL,
    ]);
    expect(time.nodes.find((n) => n.key === ALL)?.children).toEqual(["unknown", "2024", "2025"]);
    expect(time.nodes.find((n) => n.key === "2024")?.parent).toBe(ALL);
  });

  it("sums months into years and breaks a year down into its months", () => {
    const cube = buildSuppressedCube({
      dimensions: [time],
      leafCounts: [
        { coords: ["2024-11"], count: 20 },
        { coords: ["2024-12"], count: 30 },
        { coords: ["2025-01"], count: 9 },
        { coords: ["unknown"], count: 6 },
      ],
    });
    expect(cube.cell({ time: "2024" })).toEqual({ count: 50, suppressed: null });
    expect(cube.cell({})).toEqual({ count: 65, suppressed: null });
    expect(cube.breakdown({ time: "2024" }, "time").items.map((i) => i.cell.count)).toEqual([20, 30]);
    expect(cube.breakdown({}, "time").items.map((i) => i.key)).toEqual(["unknown", "2024", "2025"]);
    expect(() => cube.breakdown({ time: "2024-11" }, "time")).toThrow(/leaf/);
  });

  it("refuses a node with two parents, a leaf that is also an aggregate, a repeated leaf and 'all' as a leaf", () => {
    expect(() =>
      defineDimension("place", [
        { key: "Musanze", within: ["North"] },
        { key: "Huye", within: ["North", "South"] },
      ]),
    ).toThrow(/one parent/);
    expect(() => defineDimension("place", ["North", { key: "Musanze", within: ["North"] }])).toThrow(
      /leaf and an aggregate/,
    );
    expect(() => defineDimension("place", ["Huye", "Huye"])).toThrow(/twice/);
    expect(() => defineDimension("place", [ALL])).toThrow(/cannot be a leaf/);
    expect(() => defineDimension("place", [])).toThrow(/at least one leaf/);
  });
});

describe("what the cube refuses", () => {
  const one = defineDimension("sex", ["female", "male"]);
  it.each([
    [{ leafCounts: [{ coords: ["all"], count: 1 }] }, /not a leaf/],
    [{ leafCounts: [{ coords: ["female", "x"], count: 1 }] }, /need 1 keys/],
    [{ leafCounts: [{ coords: ["female"], count: -1 }] }, /whole number/],
    [{ leafCounts: [{ coords: ["female"], count: 1.5 }] }, /whole number/],
    [{ leafCounts: [], threshold: 2 }, /at least 3/],
  ])("%o", (input, message) => {
    expect(() => buildSuppressedCube({ dimensions: [one], ...input })).toThrow(message);
  });

  it("refuses a query naming a dimension or node it does not have, rather than answering for 'all'", () => {
    const cube = buildSuppressedCube({ dimensions: [one], leafCounts: [] });
    expect(() => cube.cell({ sexe: "female" } as Record<string, string>)).toThrow(/not a dimension/);
    expect(() => cube.cell({ sex: "woman" })).toThrow(/not a node/);
  });

  it("publishes readings in the shape of PublishedCellSchema", () => {
    for (const reading of readAll(handMadeCube()).values())
      expect(PublishedCellSchema.parse(reading)).toEqual(reading);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Random small cubes: 1 to 3 dimensions of 1 to 4 leaves, some under a middle level; counts mostly 0 and small.

const dimensionArbitrary = (name: string) =>
  fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 1, maxLength: 4 }).map((groups) =>
    defineDimension(
      name,
      groups.map((group, i) =>
        group < 0 ? `${name}${i}` : { key: `${name}${i}`, within: [`${name}-g${group}`] },
      ),
    ),
  );

const cubeArbitrary = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 3 }),
    threshold: fc.integer({ min: 3, max: 6 }),
    zeros: fc.constantFrom<ZeroPolicy>("shown", "hidden"),
  })
  .chain(({ names, threshold, zeros }) =>
    fc.tuple(fc.tuple(...names.map(dimensionArbitrary)), fc.constant(threshold), fc.constant(zeros)),
  )
  .chain(([dimensions, threshold, zeros]) => {
    const leafTuples = allCells(dimensions)
      .map((cell) => cell.nodes)
      .filter((nodes) =>
        nodes.every((key, d) => (dimensions[d]?.indexOf.get(key) ?? 0) < (dimensions[d]?.leafCount ?? 0)),
      );
    const count = fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: threshold - 1 }) },
      { weight: 2, arbitrary: fc.integer({ min: threshold, max: 25 }) },
    );
    return fc.record({
      dimensions: fc.constant(dimensions),
      threshold: fc.constant(threshold),
      zeros: fc.constant(zeros),
      leafCounts: fc
        .tuple(...leafTuples.map(() => count))
        .map((counts) => leafTuples.map((coords, i) => ({ coords, count: counts[i] ?? 0 }))),
    });
  });

describe("suppression over random cubes", () => {
  it("leaves no relation with exactly one suppressed member, hides every small cell and shows true counts", () => {
    fc.assert(
      fc.property(cubeArbitrary, (input) => {
        const cube = buildSuppressedCube(input);
        const smallFrom = input.zeros === "hidden" ? 0 : 1;
        for (const [key, reading] of readAll(cube)) {
          const truth = trueCount(input.dimensions, input.leafCounts, key.split("|"));
          if (truth >= smallFrom && truth < input.threshold)
            expect(reading).toEqual({ count: null, suppressed: "small" });
          else if (reading.suppressed === null) expect(reading.count).toBe(truth);
          else expect(reading.suppressed).toBe("complementary");
        }
        expectNoLoneSuppressedMember(cube);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same answer for the counts in any order, and split over several entries", () => {
    fc.assert(
      fc.property(
        cubeArbitrary.chain((input) =>
          fc.record({
            input: fc.constant(input),
            order: fc.shuffledSubarray(input.leafCounts, { minLength: input.leafCounts.length }),
          }),
        ),
        ({ input, order }) => {
          const split = order.flatMap(({ coords, count }) =>
            count > 1
              ? [
                  { coords, count: 1 },
                  { coords, count: count - 1 },
                ]
              : [{ coords, count }],
          );
          const first = readAll(buildSuppressedCube(input));
          const second = readAll(buildSuppressedCube({ ...input, leafCounts: split }));
          expect(second).toEqual(first);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("lets no relation on its own pin a small cell, unless all its members are suppressed and zeros shown", () => {
    fc.assert(
      fc.property(cubeArbitrary, (input) => {
        const cube = buildSuppressedCube(input);
        const readings = readAll(cube);
        const smallFrom = input.zeros === "hidden" ? 0 : 1;
        const boundsOf = (key: string): [number, number] => {
          const r = readings.get(key);
          if (r?.suppressed === null) return [r.count, r.count];
          return r?.suppressed === "small"
            ? [smallFrom, input.threshold - 1]
            : [input.threshold, Number.POSITIVE_INFINITY];
        };
        // One relation at a time, by what it publishes: parent = Σ children.
        for (const { parent, children } of allRelations(input.dimensions)) {
          const [pLo, pHi] = boundsOf(parent);
          for (const child of children) {
            if (readings.get(child)?.suppressed !== "small") continue;
            const others = children.filter((other) => other !== child).map(boundsOf);
            const lo = Math.max(smallFrom, pLo - others.reduce((sum, [, hi]) => sum + hi, 0));
            const hi = Math.min(input.threshold - 1, pHi - others.reduce((sum, [lo]) => sum + lo, 0));
            if (lo < hi) continue;
            const members = [parent, ...children].filter((key) => readings.get(key)?.count !== 0);
            expect(input.zeros, `${child} pinned by ${parent}`).toBe("shown");
            expect(members.every((key) => readings.get(key)?.suppressed !== null)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reports in audit() exactly the small cells a reader pins by propagating bounds through every relation", () => {
    fc.assert(
      fc.property(cubeArbitrary, (input) => {
        const cube = buildSuppressedCube(input);
        expect(cube.audit().exposedSmallCells).toBe(pinnedSmallCells(cube, input.leafCounts).length);
      }),
      { numRuns: 300 },
    );
  });

  it('exposes no more with protection "bounds" than relation by relation, and hides every small cell still', () => {
    fc.assert(
      fc.property(cubeArbitrary, (input) => {
        const relations = buildSuppressedCube(input);
        const bounds = buildSuppressedCube({ ...input, protection: "bounds" });
        const pinned = pinnedSmallCells(bounds, input.leafCounts);
        expect(bounds.audit().exposedSmallCells).toBe(pinned.length);
        expect(pinned.length).toBeLessThanOrEqual(relations.audit().exposedSmallCells);
        // "bounds" only adds complements: everything hidden before is hidden still.
        const before = readAll(relations);
        for (const [key, reading] of readAll(bounds))
          if (before.get(key)?.suppressed !== null)
            expect(reading.suppressed).toBe(before.get(key)?.suppressed);
        expectNoLoneSuppressedMember(bounds);
      }),
      { numRuns: 200 },
    );
  });
});
