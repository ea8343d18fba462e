// Rwanda's places in memory (a few hundred rows): containment, levels, and how an area of work covers them.
import type { PlaceSet } from "../agreements";
import type { Coverage, PlaceLevel, PlaceRef } from "./coordination.schema";

export type IndexedPlace = {
  id: string;
  code: string;
  kind: string;
  name: string;
  names: { en: string; fr: string; rw: string };
  parentId: string | null;
  isOpen: boolean;
  operator: string | null;
};

export type AreaTarget = { placeId: string | null; placeSet: PlaceSet | null };

/** Where an area lands at one level, and how. */
export type CoveredPlace = { placeId: string; coverage: Coverage };

export class PlaceIndex {
  private readonly byId = new Map<string, IndexedPlace>();
  private readonly children = new Map<string, IndexedPlace[]>();
  private readonly byCode = new Map<string, IndexedPlace>();
  // Memos: a request expands thousands of areas over a few hundred places.
  private readonly levelMemo = new Map<string, IndexedPlace[]>();
  private readonly ancestorMemo = new Map<string, IndexedPlace[]>();
  private readonly coverMemo = new Map<string, CoveredPlace[]>();

  constructor(places: readonly IndexedPlace[]) {
    for (const p of places) {
      this.byId.set(p.id, p);
      this.byCode.set(p.code, p);
      if (p.parentId) {
        const list = this.children.get(p.parentId) ?? [];
        list.push(p);
        this.children.set(p.parentId, list);
      }
    }
  }

  get(id: string): IndexedPlace | undefined {
    return this.byId.get(id);
  }

  byCodeOf(code: string): IndexedPlace | undefined {
    return this.byCode.get(code);
  }

  all(): IndexedPlace[] {
    return [...this.byId.values()];
  }

  /** Places of a level, by code; places of detention only when open (a closed prison has no partners to find). */
  ofLevel(level: PlaceLevel): IndexedPlace[] {
    let list = this.levelMemo.get(level);
    if (!list) {
      list = this.all()
        .filter((p) => p.kind === level && (level !== "place_of_detention" || p.isOpen))
        .sort((a, b) => a.code.localeCompare(b.code));
      this.levelMemo.set(level, list);
    }
    return list;
  }

  /** The open facilities of the Rwanda Correctional Service: what "all correctional facilities" stands for. */
  correctionalFacilities(): IndexedPlace[] {
    return this.ofLevel("place_of_detention").filter((p) => p.operator === "RCS");
  }

  ancestors(id: string): IndexedPlace[] {
    const memo = this.ancestorMemo.get(id);
    if (memo) return memo;
    const out: IndexedPlace[] = [];
    let current = this.byId.get(id);
    // A cycle cannot come from the reference data; the bound keeps a bad row from hanging a request.
    for (let depth = 0; current?.parentId && depth < 10; depth++) {
      const parent = this.byId.get(current.parentId);
      if (!parent) break;
      out.push(parent);
      current = parent;
    }
    this.ancestorMemo.set(id, out);
    return out;
  }

  descendants(id: string): IndexedPlace[] {
    const out: IndexedPlace[] = [];
    const stack = [...(this.children.get(id) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop();
      if (!p) break;
      out.push(p);
      stack.push(...(this.children.get(p.id) ?? []));
    }
    return out;
  }

  /** The place of this kind containing the place (or the place itself). */
  ancestorOfKind(id: string, kind: string): IndexedPlace | undefined {
    const self = this.byId.get(id);
    if (self?.kind === kind) return self;
    return this.ancestors(id).find((p) => p.kind === kind);
  }

  ref(id: string): PlaceRef | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    return {
      id: p.id,
      code: p.code,
      kind: p.kind,
      name: p.name,
      names: p.names,
      districtId: this.ancestorOfKind(id, "district")?.id ?? null,
      provinceId: this.ancestorOfKind(id, "province")?.id ?? null,
    };
  }

  /**
   * Where an area of work lands at a level. A place counts at its own level and at the levels above it; a
   * place above the level covers everything of that level inside it ("within"); "all correctional facilities"
   * counts at each facility and the places containing them; national scope counts everywhere.
   */
  cover(area: AreaTarget, level: PlaceLevel): CoveredPlace[] {
    const key = `${area.placeId ?? area.placeSet}|${level}`;
    let covered = this.coverMemo.get(key);
    if (!covered) {
      covered = this.coverUncached(area, level);
      this.coverMemo.set(key, covered);
    }
    return covered;
  }

  private coverUncached(area: AreaTarget, level: PlaceLevel): CoveredPlace[] {
    if (area.placeSet === "national") {
      return this.ofLevel(level).map((p) => ({ placeId: p.id, coverage: "national" as const }));
    }
    if (area.placeSet === "all_correctional_facilities") {
      const out = new Map<string, CoveredPlace>();
      for (const f of this.correctionalFacilities()) {
        const at = this.ancestorOfKind(f.id, level);
        if (at) out.set(at.id, { placeId: at.id, coverage: "all_correctional_facilities" });
      }
      return [...out.values()];
    }
    if (!area.placeId) return [];
    const place = this.byId.get(area.placeId);
    if (!place) return [];
    const at = this.ancestorOfKind(place.id, level);
    if (at) return [{ placeId: at.id, coverage: "place" }];
    // Not inside a place of that level: it may contain some (a province, a district, Rwanda itself).
    const inside = this.descendants(place.id).filter(
      (p) => p.kind === level && (level !== "place_of_detention" || p.isOpen),
    );
    return inside.map((p) => ({ placeId: p.id, coverage: "within" as const }));
  }

  /**
   * The places and sets an area shares ground with: itself, what contains it, what it contains, and the
   * sets that reach it. The sources are asked for records with an area among these.
   */
  related(areas: readonly AreaTarget[]): { placeIds: string[]; sets: PlaceSet[] } {
    const ids = new Set<string>();
    const sets = new Set<PlaceSet>(["national"]);
    const addWithFamily = (id: string) => {
      ids.add(id);
      for (const a of this.ancestors(id)) ids.add(a.id);
      for (const d of this.descendants(id)) ids.add(d.id);
    };
    for (const area of areas) {
      if (area.placeSet === "national") {
        for (const p of this.all()) ids.add(p.id);
        sets.add("all_correctional_facilities");
      } else if (area.placeSet === "all_correctional_facilities") {
        for (const f of this.correctionalFacilities()) {
          ids.add(f.id);
          for (const a of this.ancestors(f.id)) ids.add(a.id);
        }
        sets.add("all_correctional_facilities");
      } else if (area.placeId && this.byId.has(area.placeId)) {
        addWithFamily(area.placeId);
      }
    }
    const facilities = new Set(this.correctionalFacilities().map((f) => f.id));
    if ([...ids].some((id) => facilities.has(id))) sets.add("all_correctional_facilities");
    return { placeIds: [...ids], sets: [...sets] };
  }

  /** The concrete places of `areas` (sets as their facilities, national as Rwanda's districts). */
  footprint(areas: readonly AreaTarget[]): IndexedPlace[] {
    const out = new Map<string, IndexedPlace>();
    for (const area of areas) {
      const places =
        area.placeSet === "national"
          ? this.ofLevel("district")
          : area.placeSet === "all_correctional_facilities"
            ? this.correctionalFacilities()
            : area.placeId && this.byId.get(area.placeId)
              ? [this.byId.get(area.placeId) as IndexedPlace] // checked on the line above
              : [];
      for (const p of places) out.set(p.id, p);
    }
    return [...out.values()];
  }

  /** Is `a` the place `b`, inside it, or around it? */
  sharesGround(a: string, b: string): boolean {
    if (a === b) return true;
    return this.ancestors(a).some((p) => p.id === b) || this.ancestors(b).some((p) => p.id === a);
  }
}
