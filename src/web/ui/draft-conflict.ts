// After a refused save (412): which fields the other person changed, which value each keeps, and the merged draft.

/**
 * A field the conflict view compares; two values differ when they read differently (`show`). `display`, when given,
 * is what the user reads instead (names rather than ids); comparing still goes by `show`.
 */
export type ConflictField<D> = {
  key: keyof D & string;
  label: string;
  show(draft: D): string;
  display?(draft: D): string;
};

export type ConflictChoice = "mine" | "theirs";
export type ConflictRow = {
  key: string;
  label: string;
  theirs: string;
  mine: string;
  choice: ConflictChoice;
};

/**
 * The fields the other person changed since `base` and that now differ from `mine`. A field the user left alone
 * takes their value; one both changed stays the user's until the user chooses.
 */
export function conflictRows<D>(
  fields: readonly ConflictField<D>[],
  base: D,
  theirs: D,
  mine: D,
): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const f of fields) {
    const was = f.show(base);
    const now = f.show(theirs);
    const yours = f.show(mine);
    if (now === was || now === yours) continue;
    rows.push({
      key: f.key,
      label: f.label,
      theirs: f.display ? f.display(theirs) : now,
      mine: f.display ? f.display(mine) : yours,
      choice: yours === was ? "theirs" : "mine",
    });
  }
  return rows;
}

/** The user's draft with each field chosen "theirs" taken from the other person's version. */
export function mergeChoices<D>(mine: D, theirs: D, rows: readonly ConflictRow[]): D {
  const merged = { ...mine };
  for (const row of rows) {
    // Rows are built from ConflictField keys, which are keys of D.
    const key = row.key as keyof D;
    if (row.choice === "theirs") merged[key] = theirs[key];
  }
  return merged;
}
