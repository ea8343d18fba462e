// The only file with theme queries.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { Theme, ThemeDefinition } from "./themes.schema";
import { themeTable } from "./themes.table";

// Named, not imported: the agreements module owns agreement_theme and depends on this one, not the reverse.
const themeUses =
  sql<number>`(select count(*) from agreement_theme where agreement_theme.theme_code = ${themeTable.code})`.mapWith(
    Number,
  );

type ThemeRow = Pick<typeof themeTable.$inferSelect, "code" | "names" | "builtIn" | "version">;
const toTheme = (row: ThemeRow, agreementCount: number): Theme => ({
  code: row.code,
  names: row.names,
  builtIn: row.builtIn,
  agreementCount,
  version: row.version,
});

export async function selectThemes(db: Executor, code?: string): Promise<Theme[]> {
  const rows = await db
    .select({
      code: themeTable.code,
      names: themeTable.names,
      builtIn: themeTable.builtIn,
      version: themeTable.version,
      uses: themeUses,
    })
    .from(themeTable)
    .where(code === undefined ? undefined : eq(themeTable.code, code))
    .orderBy(asc(themeTable.code));
  return rows.map((r) => toTheme(r, r.uses));
}

/** Inserts or refreshes the built-in themes by code; names an administrator edited are kept. */
export async function upsertBuiltInThemes(db: Executor, themes: readonly ThemeDefinition[]): Promise<number> {
  let changed = 0;
  for (const theme of themes) {
    const rows = await db
      .insert(themeTable)
      .values({ code: theme.code, names: theme.names, builtIn: true })
      .onConflictDoUpdate({
        target: themeTable.code,
        set: {
          names: sql`case when ${themeTable.namesEdited} then ${themeTable.names} else excluded.names end`,
          builtIn: true,
        },
        // Rewrite only what differs, so a restart changes nothing.
        setWhere: sql`(not ${themeTable.namesEdited} and ${themeTable.names} is distinct from excluded.names) or not ${themeTable.builtIn}`,
      })
      .returning({ code: themeTable.code });
    changed += rows.length;
  }
  return changed;
}

export async function insertTheme(db: Executor, theme: ThemeDefinition): Promise<Theme> {
  const [row] = await db
    .insert(themeTable)
    .values({ code: theme.code, names: theme.names, builtIn: false })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return toTheme(row, 0);
}

/** Renames when the stored version is the expected one; returns null when it is not. */
export async function updateThemeNames(
  db: Executor,
  code: string,
  expectedVersion: number,
  names: Theme["names"],
): Promise<boolean> {
  const rows = await db
    .update(themeTable)
    .set({ names, namesEdited: true, version: expectedVersion + 1 })
    .where(and(eq(themeTable.code, code), eq(themeTable.version, expectedVersion)))
    .returning({ code: themeTable.code });
  return rows.length > 0;
}

export async function deleteThemeRow(db: Executor, code: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(themeTable)
    .where(and(eq(themeTable.code, code), eq(themeTable.version, expectedVersion)))
    .returning({ code: themeTable.code });
  return rows.length > 0;
}

export async function selectExistingThemeCodes(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: themeTable.code })
    .from(themeTable)
    .where(inArray(themeTable.code, [...new Set(codes)]));
  return new Set(rows.map((r) => r.code));
}
