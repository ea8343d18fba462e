import { describe, expect, it } from "vitest";
import { type ConflictField, conflictRows, mergeChoices } from "./draft-conflict";

type Draft = { title: string; reference: string; renewal: string; parties: { id: string; key: number }[] };
const fields: ConflictField<Draft>[] = [
  { key: "title", label: "Title", show: (d) => d.title },
  { key: "reference", label: "Reference", show: (d) => d.reference },
  { key: "renewal", label: "Renewal", show: (d) => d.renewal },
  // Compared by what the reader sees, not by the row keys a form makes up.
  { key: "parties", label: "Parties", show: (d) => d.parties.map((p) => p.id).join(", ") },
];
const base: Draft = { title: "MoU", reference: "R1", renewal: "", parties: [{ id: "a", key: 1 }] };

describe("conflictRows and mergeChoices", () => {
  it("offers only what the other person changed; theirs when the user left it alone, the user's when both did", () => {
    const theirs = { ...base, reference: "R2", renewal: "yearly", parties: [{ id: "a", key: 7 }] };
    const mine = { ...base, title: "MoU (revised)", renewal: "two years" };
    const rows = conflictRows(fields, base, theirs, mine);
    expect(rows).toEqual([
      { key: "reference", label: "Reference", theirs: "R2", mine: "R1", choice: "theirs" },
      { key: "renewal", label: "Renewal", theirs: "yearly", mine: "two years", choice: "mine" },
    ]);
    expect(mergeChoices(mine, theirs, rows)).toEqual({ ...mine, reference: "R2" });
  });

  it("offers nothing when both made the same change, or the other person changed nothing the form shows", () => {
    const same = { ...base, reference: "R2" };
    expect(conflictRows(fields, base, same, same)).toEqual([]);
    expect(conflictRows(fields, base, base, { ...base, title: "x" })).toEqual([]);
  });

  it("takes each field the user switches to theirs, and only those", () => {
    const theirs = { ...base, title: "Theirs", reference: "R2" };
    const mine = { ...base, title: "Mine", reference: "R3" };
    const rows = conflictRows(fields, base, theirs, mine).map((r) =>
      r.key === "title" ? { ...r, choice: "theirs" as const } : r,
    );
    expect(mergeChoices(mine, theirs, rows)).toEqual({ ...mine, title: "Theirs", reference: "R3" });
  });

  it("shows what `display` says, still comparing by `show`", () => {
    const named: ConflictField<Draft>[] = [
      {
        key: "parties",
        label: "Parties",
        show: (d) => d.parties.map((p) => p.id).join(", "),
        display: (d) => d.parties.map((p) => `Org ${p.id}`).join(", "),
      },
    ];
    const theirs = { ...base, parties: [{ id: "b", key: 2 }] };
    expect(conflictRows(named, base, theirs, base)).toEqual([
      { key: "parties", label: "Parties", theirs: "Org b", mine: "Org a", choice: "theirs" },
    ]);
    // Keys made up by the form differ, ids do not: nothing to choose.
    expect(conflictRows(named, base, { ...base, parties: [{ id: "a", key: 9 }] }, base)).toEqual([]);
  });
});
