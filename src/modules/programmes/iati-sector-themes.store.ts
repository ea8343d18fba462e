// Queries of the DAC sector → theme table.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { DacSector } from "./dac-sectors";
import type { SectorTheme } from "./iati.schema";
import { iatiSectorThemeTable } from "./programmes.table";

const columns = {
  sectorCode: iatiSectorThemeTable.sectorCode,
  name: iatiSectorThemeTable.name,
  themeCode: iatiSectorThemeTable.themeCode,
  version: iatiSectorThemeTable.version,
};

export async function selectSectorThemes(db: Executor): Promise<SectorTheme[]> {
  return db.select(columns).from(iatiSectorThemeTable).orderBy(asc(iatiSectorThemeTable.sectorCode));
}

export async function selectSectorTheme(db: Executor, code: string): Promise<SectorTheme | null> {
  const [row] = await db
    .select(columns)
    .from(iatiSectorThemeTable)
    .where(eq(iatiSectorThemeTable.sectorCode, code))
    .for("update");
  return row ?? null;
}

/** Adds the codes the table lacks, with their default themes (those that exist); never changes a row there. */
export async function insertMissingSectors(db: Executor, sectors: readonly DacSector[]): Promise<number> {
  if (sectors.length === 0) return 0;
  const known = new Set(
    (
      await db
        .select({ code: sql<string>`code` })
        .from(sql`theme`)
        .where(
          inArray(
            sql`code`,
            sectors.flatMap((s) => (s.theme ? [s.theme] : [])),
          ),
        )
    ).map((r) => r.code),
  );
  const inserted = await db
    .insert(iatiSectorThemeTable)
    .values(
      sectors.map((s) => ({
        sectorCode: s.code,
        name: s.name,
        themeCode: s.theme && known.has(s.theme) ? s.theme : null,
      })),
    )
    .onConflictDoNothing()
    .returning({ code: iatiSectorThemeTable.sectorCode });
  return inserted.length;
}

/** Sets the theme at the version read; null when someone changed the row first. */
export async function updateSectorTheme(
  db: Executor,
  code: string,
  version: number,
  themeCode: string | null,
): Promise<SectorTheme | null> {
  const [row] = await db
    .update(iatiSectorThemeTable)
    .set({ themeCode, version: sql`${iatiSectorThemeTable.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(iatiSectorThemeTable.sectorCode, code), eq(iatiSectorThemeTable.version, version)))
    .returning(columns);
  return row ?? null;
}
