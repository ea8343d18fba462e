// The editable DAC sector → theme table: loaded at every start, read by the IATI import and export, changed by
// administrators (each change in the history).
import type { Database, Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { findThemeCodes } from "../themes";
import { DAC_SECTORS } from "./dac-sectors";
import { type SectorTheme, SectorThemePatchSchema } from "./iati.schema";
import {
  insertMissingSectors,
  selectSectorTheme,
  selectSectorThemes,
  updateSectorTheme,
} from "./iati-sector-themes.store";

const ENTITY = "iati_sector_theme";

/** Idempotent, run after the themes load: adds the codes the table lacks; an administrator's choices stay. */
export async function loadSectorThemes(db: Database): Promise<number> {
  return db.transaction((tx) => insertMissingSectors(tx, DAC_SECTORS));
}

export async function listSectorThemes(ctx: ServiceContext): Promise<SectorTheme[]> {
  assertAllowedOnResource(ctx.actor, "theme", "read");
  return selectSectorThemes(ctx.db);
}

/** Sector code → theme, for the import (codes without a theme are left out). */
export async function readThemeOfSector(db: Executor): Promise<Map<string, string>> {
  const rows = await selectSectorThemes(db);
  return new Map(rows.flatMap((r) => (r.themeCode ? [[r.sectorCode, r.themeCode] as const] : [])));
}

/**
 * Theme → the one DAC code the export writes for it: a code ending in 0 (the DAC's own sub-sector code, such as
 * 15130 rather than 15134) before the others, then the lowest. Themes no code points to get none.
 */
export async function readSectorOfTheme(db: Executor): Promise<Map<string, string>> {
  const rows = await selectSectorThemes(db);
  const out = new Map<string, string>();
  const rank = (code: string) => `${code.endsWith("0") ? 0 : 1}${code}`;
  for (const r of rows) {
    if (!r.themeCode) continue;
    const held = out.get(r.themeCode);
    if (!held || rank(r.sectorCode) < rank(held)) out.set(r.themeCode, r.sectorCode);
  }
  return out;
}

export async function changeSectorTheme(
  ctx: ServiceContext,
  sectorCode: string,
  expectedVersion: number,
  patch: unknown,
): Promise<SectorTheme> {
  const { themeCode } = parseInput(SectorThemePatchSchema, patch);
  assertAllowedOnResource(ctx.actor, "theme", "update");
  return inTransaction(ctx, async ({ db: tx }) => {
    const before = await selectSectorTheme(tx, sectorCode);
    if (!before) throw notFound(`DAC sector ${sectorCode}`);
    assertVersion(before, expectedVersion);
    if (themeCode && (await findThemeCodes(tx, [themeCode])).size === 0)
      throw invalid([{ path: "themeCode", message: `There is no theme "${themeCode}".`, in: "body" }]);
    const after = await updateSectorTheme(tx, sectorCode, expectedVersion, themeCode);
    if (!after) throw preconditionFailed(before.version);
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: ENTITY,
      entityId: sectorCode,
      entityLabel: `${sectorCode} ${before.name}`,
      before: { themeCode: before.themeCode },
      after: { themeCode },
    });
    return after;
  });
}
