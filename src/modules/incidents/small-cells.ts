// Incident statistics that cannot reveal small counts: one cube of counts, small cells suppressed, and enough
// other cells suppressed with them that no published figure, or difference of figures, gives a small one away.
//
// How it works
// - The statistics are ONE table over dimensions (kind, district, month, sex, age group …). Each dimension is a
//   small tree: leaves, aggregate nodes (years over months, provinces over districts …) and "all" at the top.
//   A cell has one node per dimension; leaf counts come in and are summed up to every aggregate cell.
// - Relations: for each dimension, each aggregate node and each choice of the other dimensions' nodes,
//   cell(parent) = Σ cell(children). Everything a reader can subtract is a combination of these.
// - Primary suppression: count < threshold → "small" (shown "<5"). Zeros too by default (`zeros: "hidden"`,
//   "<5" then means 0 to 4); with `zeros: "shown"` a zero is published as 0.
// - What a reader then knows: a shown cell exactly, a "small" cell in [0, t − 1] ([1, t − 1] with zeros shown),
//   and — the flag is public, and only cells of at least t are ever picked — a "complementary" cell is ≥ t.
// - Complementary suppression, until stable: in each relation, no suppressed member may be pinned to one value
//   by that relation and those bounds. That is stronger than "never exactly one suppressed member": with zeros
//   shown, two small siblings of 1 and 1 under a shown total are pinned (they sum to 2), and so is a small 1
//   beside a complementary 5 under a shown 6. A pinned relation gets one more member suppressed — the smallest
//   unsuppressed non-zero child above the threshold (it gives every member room both ways), else the parent,
//   else the smallest child at the threshold — and is looked at again. Shown zeros are never picked (a reader
//   knows they are zero). Each step suppresses one more cell, so it ends; the order of work depends only on
//   the summed cube, so it is deterministic whatever the order of the input.
// - `protection: "bounds"` then audits: a reader propagating bounds through every relation at once (what the
//   tests' attacker does); each small cell it pins gets a complement in one of its relations, until a round
//   helps no more. Seconds on the month-by-month cube: for a release built in a job.
// - Every question (a filter by district, kind, year, month …, a breakdown along one dimension) is answered by
//   READING cells of this one suppressed cube, never by suppressing a separately computed smaller table: that
//   is what makes differencing two filters useless (total(Musanze) − total(Musanze, female) is two cells of one
//   consistently suppressed table, so the male count it would give is itself hidden or not small).
//
// Why zeros are hidden by default (bench/small-cells.ts, 10,000 incidents, 25,000 victims): with zeros shown a
// reader knows which cells are non-zero, so every suppressed one is ≥ 1; most small cells are 1, and a shown
// total equal to the number of non-zero cells under it pins all of them. Bounds propagation then pins 99.9 % of
// the small cells after relation-by-relation protection, and still about 30 % with "bounds". With zeros
// hidden: about 1 % with "relations", a handful of cells with "bounds".
//
// Known limits (say them where the statistics are published)
// - "relations" protects each relation on its own; "bounds" stops a bounds-propagating reader in all but a few
//   cells (CubeAudit counts them); a reader solving linear programs may do better still. Full protection is
//   the linear-programming problem Tau-Argus solves.
// - Narrowing is not prevented, only pinning: "<5" may become "1 or 2" to a determined reader.
// - Only what this cube publishes is covered: a second table built from other rows (a scoped dashboard shown to
//   the same public, another count unit, last month's figures against this month's) can be differenced
//   against it. Publish one cube per audience and count unit, as periodic releases rather than live figures.
// - Filters are nodes of the trees: "kinds A or B", or a sum of districts that is no node, is not a cell.
import { z } from "zod";

/** The top node of every dimension (the total over it); a query that leaves a dimension out means this node. */
export const ALL = "all";

/** Below this count a cell is "small" (a zero too, unless zeros are shown): published as "<5", never as its value. */
export const DEFAULT_THRESHOLD = 5;

export const SuppressionSchema = z.enum(["small", "complementary"]);
export type Suppression = z.infer<typeof SuppressionSchema>;

/** One published figure: a count, or null with why it is hidden ("small": fewer than the threshold, shown "<5";
 * "complementary": at least the threshold, hidden so that a total cannot give a small one away). */
export const PublishedCellSchema = z.object({
  count: z.number().int().nonnegative().nullable(),
  suppressed: SuppressionSchema.nullable(),
});
export type PublishedCell = z.infer<typeof PublishedCellSchema>;

/** What `cell()` returns: the same shape as PublishedCell, narrowed so that exactly one of the two is set. */
export type CellReading = { count: number; suppressed: null } | { count: null; suppressed: Suppression };

/** A leaf and the aggregate nodes above it, nearest first ("all" is implied at the top): a month and its year. */
export type LeafDefinition = { key: string; within?: readonly string[] };

export type DimensionNode = {
  key: string;
  /** null for "all" only. */
  parent: string | null;
  /** In the order they were first defined (months in calendar order if given so); empty for a leaf. */
  children: readonly string[];
};

export type Dimension<N extends string = string> = {
  readonly name: N;
  /** Leaves first, in the order given, then aggregates in order of first mention, then "all". */
  readonly nodes: readonly DimensionNode[];
  /** Node index by key. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Parent node index by node index; −1 for "all". */
  readonly parentIndex: Int32Array;
  /** Child node indexes by node index. */
  readonly childIndexes: readonly (readonly number[])[];
  readonly leafCount: number;
  /** Node indexes, deepest first: summing in this order adds every node into its parent after its own children. */
  readonly bottomUp: readonly number[];
};

/**
 * A dimension from its leaves: `defineDimension("time", [{ key: "2024-01", within: ["2024"] }, …])`; a plain
 * string is a leaf directly under "all" (`"abroad"`). A node has one parent; a key is a leaf or an aggregate.
 */
export function defineDimension<N extends string>(
  name: N,
  leaves: readonly (string | LeafDefinition)[],
): Dimension<N> {
  const fail = (message: string): never => {
    throw new Error(`Dimension "${name}": ${message}`);
  };
  const definitions = leaves.map((leaf) => (typeof leaf === "string" ? { key: leaf, within: [] } : leaf));
  if (definitions.length === 0) fail("needs at least one leaf");
  const leafKeys = new Set<string>();
  for (const { key } of definitions) {
    if (key === "" || key === ALL) fail(`"${key}" cannot be a leaf`);
    if (leafKeys.has(key)) fail(`leaf "${key}" is defined twice`);
    leafKeys.add(key);
  }
  const parentOf = new Map<string, string>();
  const aggregates: string[] = [];
  for (const { key, within = [] } of definitions) {
    const chain = [key, ...within, ALL];
    for (let i = 0; i + 1 < chain.length; i++) {
      const child = chain[i] as string;
      const parent = chain[i + 1] as string;
      if (i > 0 && (child === "" || child === ALL)) fail(`"${child}" cannot be an aggregate below "${ALL}"`);
      if (i > 0 && leafKeys.has(child)) fail(`"${child}" is both a leaf and an aggregate`);
      if (i > 0 && !parentOf.has(child)) aggregates.push(child);
      const known = parentOf.get(child);
      if (known !== undefined && known !== parent)
        fail(`"${child}" is under "${known}" and under "${parent}"; a node has one parent`);
      parentOf.set(child, parent);
    }
  }
  const keys = [...definitions.map((d) => d.key), ...aggregates, ALL];
  const indexOf = new Map(keys.map((key, index) => [key, index]));
  const parentIndex = new Int32Array(keys.length).fill(-1);
  const childIndexes: number[][] = keys.map(() => []);
  keys.forEach((key, index) => {
    const parent = parentOf.get(key);
    if (parent === undefined) return;
    const p = indexOf.get(parent) ?? -1;
    parentIndex[index] = p;
    childIndexes[p]?.push(index);
  });
  // A chain that comes back on itself (A within B, B within A) never reaches "all": refuse it.
  const depth = keys.map((_, index) => {
    let d = 0;
    for (let at = index; (parentIndex[at] ?? -1) >= 0; at = parentIndex[at] ?? -1)
      if (++d > keys.length) fail(`"${keys[index]}" is in a cycle`);
    return d;
  });
  const bottomUp = keys.map((_, i) => i).sort((a, b) => (depth[b] ?? 0) - (depth[a] ?? 0) || a - b);
  return {
    name,
    nodes: keys.map((key, index) => ({
      key,
      parent: parentOf.get(key) ?? null,
      children: (childIndexes[index] ?? []).map((c) => keys[c] as string),
    })),
    indexOf,
    parentIndex,
    childIndexes,
    leafCount: definitions.length,
    bottomUp,
  };
}

/** Counts at leaves: one entry per leaf cell, or one per person (entries with the same coordinates add up). */
export type LeafCount = { coords: readonly string[]; count: number };

/** A question to the cube: one node per dimension named; a dimension left out means its "all". */
export type CubeQuery<N extends string> = Partial<Record<N, string>>;

export type Breakdown = {
  dimension: string;
  /** The node broken down ("all", a year, a province …). */
  node: string;
  total: CellReading;
  /** Every child of the node, zeros included, in the dimension's order. */
  items: Array<{ key: string; cell: CellReading }>;
};

export type CubeStatistics = {
  cells: number;
  nonZeroCells: number;
  small: number;
  complementary: number;
};

/** "shown": a zero is published as 0, so a reader knows which cells are non-zero and that every suppressed one
 * is ≥ 1. "hidden": a zero is "small" too ("<5" then means 0 to 4): more hidden, much less to deduce. */
export type ZeroPolicy = "shown" | "hidden";

/** "relations": each relation protected on its own (fast; for every request). "bounds": then rounds of the
 * audit below, each adding complements for the small cells it pins, until a round helps no more (seconds on a
 * month-by-month cube: for a release built in a job, not per request). */
export type Protection = "relations" | "bounds";

/** What a reader propagating bounds through every relation at once can pin: each bound follows from the
 * published figures and flags, the way the tests' attacker works. */
export type CubeAudit<N extends string> = {
  exposedSmallCells: number;
  /** Up to ten of them, as queries. */
  examples: CubeQuery<N>[];
};

export type SuppressedCube<N extends string> = {
  readonly dimensions: readonly Dimension<N>[];
  readonly threshold: number;
  readonly zeros: ZeroPolicy;
  /** One cell: `cell({ district: "Musanze", sex: "female" })` is Musanze's female count over every kind and month. */
  cell(query: CubeQuery<N>): CellReading;
  /** The children of one node of `along` (the node `query[along]`, "all" if left out), the rest fixed. */
  breakdown(query: CubeQuery<N>, along: N): Breakdown;
  statistics(): CubeStatistics;
  /** Runs the bounds-propagation reader on what this cube publishes (about as long as a build). */
  audit(): CubeAudit<N>;
};

const SHOWN = 0;
const SMALL = 1;
const COMPLEMENTARY = 2;
// A relation is queued at most once at a time, marked by one bit per dimension in a byte per cell.
const MAX_DIMENSIONS = 8;
// Dense arrays (a few bytes a cell, more during the audit): 4 million cells stay well inside the server's heap.
const MAX_CELLS = 4_000_000;

type Layout<N extends string> = {
  dimensions: readonly Dimension<N>[];
  sizes: readonly number[];
  /** Row-major: the last dimension varies fastest. */
  strides: readonly number[];
};

/**
 * Sums the leaf counts to every cell and suppresses small cells and their complements. Throws on a coordinate
 * that is not a leaf, a negative or fractional count, or a threshold below 3 ("<2" would say "exactly 1").
 */
export function buildSuppressedCube<N extends string>(input: {
  dimensions: readonly Dimension<N>[];
  leafCounts: Iterable<LeafCount>;
  threshold?: number;
  zeros?: ZeroPolicy;
  protection?: Protection;
}): SuppressedCube<N> {
  const { dimensions } = input;
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const zeros = input.zeros ?? "hidden";
  if (!Number.isInteger(threshold) || threshold < 3)
    throw new Error(`The threshold must be a whole number of at least 3 (was ${threshold})`);
  const D = dimensions.length;
  if (D === 0 || D > MAX_DIMENSIONS)
    throw new Error(`A cube has 1 to ${MAX_DIMENSIONS} dimensions (was ${D})`);
  const names = dimensions.map((d) => d.name);
  if (new Set(names).size !== D) throw new Error(`Dimension names repeat: ${names.join(", ")}`);
  const sizes = dimensions.map((d) => d.nodes.length);
  const strides = new Array<number>(D).fill(1);
  for (let d = D - 2; d >= 0; d--) strides[d] = (strides[d + 1] ?? 1) * (sizes[d + 1] ?? 1);
  const cellCount = (strides[0] ?? 1) * (sizes[0] ?? 1);
  if (cellCount > MAX_CELLS)
    throw new Error(`A cube of ${cellCount} cells is over the ${MAX_CELLS} this engine keeps in memory`);
  const layout: Layout<N> = { dimensions, sizes, strides };

  const values = new Int32Array(cellCount);
  for (const { coords, count } of input.leafCounts) {
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`A count must be a whole number ≥ 0 (was ${count})`);
    if (coords.length !== D)
      throw new Error(`Coordinates need ${D} keys (${names.join(", ")}), got ${coords.length}`);
    let index = 0;
    for (let d = 0; d < D; d++) {
      const dimension = dimensions[d] as Dimension<N>;
      const node = dimension.indexOf.get(coords[d] as string);
      if (node === undefined || node >= dimension.leafCount)
        throw new Error(`"${coords[d]}" is not a leaf of dimension "${dimension.name}"`);
      index += node * (strides[d] as number);
    }
    values[index] = (values[index] as number) + count;
  }
  sumUp(values, layout);

  const status = new Uint8Array(cellCount);
  const smallFrom = zeros === "hidden" ? 0 : 1;
  for (let i = 0; i < cellCount; i++) {
    const v = values[i] as number;
    if (v >= smallFrom && v < threshold) status[i] = SMALL;
  }
  const suppressor = createSuppressor(values, status, layout, threshold, smallFrom);
  suppressor.protectRelations();
  if (input.protection === "bounds") {
    // Stops when a round pins no fewer small cells than the one before: what is left, complements in the
    // pinned cells' own relations do not help (with zeros shown: a shown total equal to the number of
    // non-zero cells under it pins all of them to 1; only hiding zeros or the total helps).
    for (let before = Number.POSITIVE_INFINITY; ; ) {
      const pinned = suppressor.audit();
      if (pinned.length === 0 || pinned.length >= before) break;
      before = pinned.length;
      for (const cell of pinned) suppressor.addComplementFor(cell);
      suppressor.protectRelations();
    }
  }

  const indexOfQuery = (query: CubeQuery<N>): number => {
    for (const key of Object.keys(query))
      if (!names.includes(key as N)) throw new Error(`"${key}" is not a dimension (${names.join(", ")})`);
    let index = 0;
    for (let d = 0; d < D; d++) {
      const dimension = dimensions[d] as Dimension<N>;
      const key = query[dimension.name] ?? ALL;
      const node = dimension.indexOf.get(key);
      if (node === undefined) throw new Error(`"${key}" is not a node of dimension "${dimension.name}"`);
      index += node * (strides[d] as number);
    }
    return index;
  };
  const queryOf = (index: number): CubeQuery<N> => {
    const query: CubeQuery<N> = {};
    dimensions.forEach((dimension, d) => {
      const key =
        dimension.nodes[Math.floor(index / (strides[d] as number)) % (sizes[d] as number)]?.key ?? ALL;
      if (key !== ALL) query[dimension.name] = key;
    });
    return query;
  };
  const read = (index: number): CellReading => {
    const s = status[index];
    if (s === SMALL) return { count: null, suppressed: "small" };
    if (s === COMPLEMENTARY) return { count: null, suppressed: "complementary" };
    return { count: values[index] as number, suppressed: null };
  };

  return {
    dimensions,
    threshold,
    zeros,
    cell: (query) => read(indexOfQuery(query)),
    breakdown(query, along) {
      const d = names.indexOf(along);
      if (d < 0) throw new Error(`"${along}" is not a dimension (${names.join(", ")})`);
      const dimension = dimensions[d] as Dimension<N>;
      const parent = indexOfQuery(query);
      const node = query[along] ?? ALL;
      const nodeIndex = dimension.indexOf.get(node) as number; // indexOfQuery checked it
      const children = dimension.childIndexes[nodeIndex] ?? [];
      if (children.length === 0)
        throw new Error(`"${node}" of dimension "${along}" is a leaf: nothing to break down`);
      const stride = strides[d] as number;
      return {
        dimension: along,
        node,
        total: read(parent),
        items: children.map((child) => ({
          key: dimension.nodes[child]?.key ?? "",
          cell: read(parent + (child - nodeIndex) * stride),
        })),
      };
    },
    statistics() {
      let nonZeroCells = 0;
      let small = 0;
      let complementary = 0;
      for (let i = 0; i < cellCount; i++) {
        if (values[i] !== 0) nonZeroCells++;
        if (status[i] === SMALL) small++;
        else if (status[i] === COMPLEMENTARY) complementary++;
      }
      return { cells: cellCount, nonZeroCells, small, complementary };
    },
    audit() {
      // On a copy of the statuses: auditing must not change what is published.
      const pinned = createSuppressor(values, status.slice(), layout, threshold, smallFrom).audit();
      return { exposedSmallCells: pinned.length, examples: pinned.slice(0, 10).map(queryOf) };
    },
  };
}

/** Adds every node into its parent, dimension by dimension (after dimension d, every cell aggregated over the
 * dimensions up to d holds its sum). */
function sumUp<N extends string>(values: Int32Array, { dimensions, sizes, strides }: Layout<N>): void {
  const cellCount = values.length;
  dimensions.forEach((dimension, d) => {
    const stride = strides[d] as number;
    const block = stride * (sizes[d] as number);
    for (const node of dimension.bottomUp) {
      const parent = dimension.parentIndex[node] as number;
      if (parent < 0) continue;
      const from = node * stride;
      const to = parent * stride;
      for (let outer = 0; outer < cellCount; outer += block)
        for (let inner = 0; inner < stride; inner++) {
          const v = values[outer + from + inner] as number;
          if (v !== 0) values[outer + to + inner] = (values[outer + to + inner] as number) + v;
        }
    }
  });
}

/**
 * Complementary suppression and the audit over one cube's values and statuses (changed in place). Relations are
 * (dimension d, parent cell p), queued as p * D + d, at most once at a time; FIFO, so the order of work is the
 * cube's own and the result does not depend on the order of the input.
 */
function createSuppressor<N extends string>(
  values: Int32Array,
  status: Uint8Array,
  { dimensions, sizes, strides }: Layout<N>,
  threshold: number,
  smallFrom: number,
) {
  const D = dimensions.length;
  const cellCount = values.length;
  const nodeOf = (cell: number, d: number) =>
    Math.floor(cell / (strides[d] as number)) % (sizes[d] as number);
  // Per dimension and node: the offset from a parent cell to each child cell.
  const childOffsets = dimensions.map((dimension, d) =>
    dimension.childIndexes.map(
      (children, node) => new Int32Array(children.map((child) => (child - node) * (strides[d] as number))),
    ),
  );
  const isAggregate = dimensions.map((dimension) => dimension.childIndexes.map((c) => c.length > 0));
  // A ring as long as the number of relations: each is queued at most once at a time.
  let relationCount = 0;
  dimensions.forEach((dimension, d) => {
    relationCount +=
      (cellCount / (sizes[d] as number)) * dimension.childIndexes.filter((c) => c.length > 0).length;
  });
  const queue = new Int32Array(Math.max(1, relationCount));
  let head = 0;
  let length = 0;
  const queued = new Uint8Array(cellCount); // one bit per dimension
  const enqueue = (p: number, d: number) => {
    const bit = 1 << d;
    if ((queued[p] as number) & bit) return;
    queued[p] = (queued[p] as number) | bit;
    queue[(head + length++) % queue.length] = p * D + d;
  };
  // The relations a cell is in: as parent where its node is an aggregate, as child where its node has a parent.
  const enqueueRelationsOf = (cell: number) => {
    for (let d = 0; d < D; d++) {
      const node = nodeOf(cell, d);
      if (isAggregate[d]?.[node]) enqueue(cell, d);
      const parent = dimensions[d]?.parentIndex[node] ?? -1;
      if (parent >= 0) enqueue(cell + (parent - node) * (strides[d] as number), d);
    }
  };
  /** Queues every relation whose parent is non-zero, or also a hidden zero when `zeroParents`; in cell order. */
  const enqueueAll = (zeroParents: boolean) => {
    for (let p = 0; p < cellCount; p++) {
      if (values[p] === 0 && (!zeroParents || status[p] === SHOWN)) continue;
      for (let d = 0; d < D; d++) if (isAggregate[d]?.[nodeOf(p, d)]) enqueue(p, d);
    }
  };
  /** Runs `visit(parent, d)` on every queued relation until none is left. */
  const drain = (visit: (parent: number, d: number) => void) => {
    while (length > 0) {
      const entry = queue[head] as number;
      head = (head + 1) % queue.length;
      length--;
      const d = entry % D;
      const parent = (entry - d) / D;
      queued[parent] = (queued[parent] as number) & ~(1 << d);
      // A shown zero: every child is a shown zero too, nothing to protect or learn.
      if (values[parent] !== 0 || status[parent] !== SHOWN) visit(parent, d);
    }
  };
  // The children of one relation that a reader does not know to be zero.
  const members: number[] = [];
  const gather = (parent: number, d: number) => {
    const offsets = childOffsets[d]?.[nodeOf(parent, d)] ?? [];
    members.length = 0;
    for (let i = 0; i < offsets.length; i++) {
      const cell = parent + (offsets[i] as number);
      if (values[cell] !== 0 || status[cell] !== SHOWN) members.push(cell);
    }
  };

  // What a reader knows of a suppressed cell from its flag alone: small in [1, t − 1] ([0, t − 1] when zeros
  // are hidden too), complementary in [t, ∞) (only cells of at least t are ever picked).
  const low = (cell: number) => (status[cell] === SMALL ? smallFrom : threshold);
  const high = (cell: number) => (status[cell] === SMALL ? threshold - 1 : Number.POSITIVE_INFINITY);

  /** Whether the gathered relation, on its own and with the flags' bounds, pins one of its suppressed members. */
  const pinsAMember = (parent: number): boolean => {
    // Over the suppressed children: how far they can move down, and up (finite part; how many are unbounded).
    let down = 0;
    let upFinite = 0;
    let upUnbounded = 0;
    for (const c of members) {
      if (status[c] === SHOWN) continue;
      down += (values[c] as number) - low(c);
      if (status[c] === COMPLEMENTARY) upUnbounded++;
      else upFinite += high(c) - (values[c] as number);
    }
    const parentSuppressed = status[parent] !== SHOWN;
    const vP = values[parent] as number;
    const parentUp = parentSuppressed ? high(parent) - vP : 0;
    const parentDown = parentSuppressed ? vP - low(parent) : 0;
    if (parentSuppressed) {
      const childrenUp = upUnbounded > 0 ? Number.POSITIVE_INFINITY : upFinite;
      if (Math.min(parentUp, childrenUp) <= 0 && Math.min(parentDown, down) <= 0) return true;
    }
    for (const c of members) {
      if (status[c] === SHOWN) continue;
      const v = values[c] as number;
      const ownUp = high(c) - v;
      const ownDown = v - low(c);
      const unbounded = status[c] === COMPLEMENTARY;
      // A child goes up when the other children go down or the parent goes up, and the other way round.
      const othersDown = down - ownDown + parentUp;
      const othersUp =
        (upUnbounded - (unbounded ? 1 : 0) > 0
          ? Number.POSITIVE_INFINITY
          : upFinite - (unbounded ? 0 : ownUp)) + parentDown;
      if (Math.min(ownUp, othersDown) <= 0 && Math.min(ownDown, othersUp) <= 0) return true;
    }
    return false;
  };

  /** The cell to suppress next in the gathered relation, or −1 when every member already is. Every unsuppressed
   * member is at least t: a child above t gives every member room both ways; the parent gives the children
   * room up; a child at t gives room down only. */
  const choose = (parent: number): number => {
    let above = -1;
    let at = -1;
    for (const c of members) {
      if (status[c] !== SHOWN) continue;
      const v = values[c] as number;
      if (v > threshold && (above < 0 || v < (values[above] as number))) above = c;
      if (v === threshold && at < 0) at = c;
    }
    if (above >= 0) return above;
    if (status[parent] === SHOWN) return parent;
    return at;
  };

  // The audit's bounds: shown cells exactly, suppressed ones from their flags, then tightened relation by
  // relation. Whole numbers that only move towards the true value, so it ends.
  const lo = new Float64Array(cellCount);
  const hi = new Float64Array(cellCount);
  const narrow = (cell: number, newLo: number, newHi: number) => {
    if (newLo > (lo[cell] as number) || newHi < (hi[cell] as number)) {
      lo[cell] = Math.max(lo[cell] as number, newLo);
      hi[cell] = Math.min(hi[cell] as number, newHi);
      enqueueRelationsOf(cell);
    }
  };
  const tighten = (parent: number, d: number) => {
    gather(parent, d);
    let loSum = 0;
    let hiFinite = 0;
    let hiUnbounded = 0;
    for (const c of members) {
      loSum += lo[c] as number;
      if (hi[c] === Number.POSITIVE_INFINITY) hiUnbounded++;
      else hiFinite += hi[c] as number;
    }
    const loP = lo[parent] as number;
    const hiP = hi[parent] as number;
    if (status[parent] !== SHOWN)
      narrow(parent, loSum, hiUnbounded > 0 ? Number.POSITIVE_INFINITY : hiFinite);
    for (const c of members) {
      if (status[c] === SHOWN) continue;
      const unbounded = hi[c] === Number.POSITIVE_INFINITY;
      const othersLo = loSum - (lo[c] as number);
      const othersHi =
        hiUnbounded - (unbounded ? 1 : 0) > 0
          ? Number.POSITIVE_INFINITY
          : hiFinite - (unbounded ? 0 : (hi[c] as number));
      narrow(c, loP - othersHi, hiP - othersLo);
    }
  };

  return {
    /** Relation by relation with the flags' bounds, until no relation pins a member on its own — except where
     * every member already is suppressed (with zeros shown: four age groups of 1 under a total "<5"). */
    protectRelations() {
      enqueueAll(false);
      drain((parent, d) => {
        // Under a zero parent every member is a zero with room up to t − 1: nothing is pinned.
        if (values[parent] === 0) return;
        gather(parent, d);
        while (pinsAMember(parent)) {
          const next = choose(parent);
          if (next < 0) return;
          status[next] = COMPLEMENTARY;
          enqueueRelationsOf(next);
        }
      });
    },
    /** The non-zero small cells a reader pins by propagating bounds through every relation at once. */
    audit(): number[] {
      for (let i = 0; i < cellCount; i++) {
        const shown = status[i] === SHOWN;
        lo[i] = shown ? (values[i] as number) : low(i);
        hi[i] = shown ? (values[i] as number) : high(i);
      }
      enqueueAll(true);
      drain(tighten);
      // A hidden zero a reader pins to 0 gives away no one, so it does not count (its bound still helped).
      const pinned: number[] = [];
      for (let i = 0; i < cellCount; i++)
        if (status[i] === SMALL && values[i] !== 0 && lo[i] === hi[i]) pinned.push(i);
      return pinned;
    },
    /** Suppresses a complement for a pinned cell in the first of its relations that has one to give. */
    addComplementFor(cell: number) {
      for (let d = 0; d < D; d++) {
        const dimension = dimensions[d] as Dimension<N>;
        const node = nodeOf(cell, d);
        const parentNode = dimension.parentIndex[node] as number;
        const relations = [
          parentNode >= 0 ? cell + (parentNode - node) * (strides[d] as number) : -1,
          (dimension.childIndexes[node]?.length ?? 0) > 0 ? cell : -1,
        ];
        for (const parent of relations) {
          if (parent < 0) continue;
          gather(parent, d);
          const next = choose(parent);
          if (next >= 0) {
            status[next] = COMPLEMENTARY;
            return;
          }
        }
      }
    },
  };
}
