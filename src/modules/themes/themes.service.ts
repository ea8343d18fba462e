// Theme use cases: a controlled list in three languages; built-in ones load at every start, administrators add more.
import type { Database, Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  inTransaction,
  isUniqueViolation,
  preconditionFailed,
  type ServiceContext,
} from "../../kernel";
import { type AppError, conflict, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange } from "../audit";
import { BUILT_IN_THEMES } from "./built-in-themes";
import { type Theme, ThemeInputSchema, ThemePatchSchema } from "./themes.schema";
import {
  deleteThemeRow,
  insertTheme,
  selectExistingThemeCodes,
  selectThemes,
  updateThemeNames,
  upsertBuiltInThemes,
} from "./themes.store";

const THEME_ENTITY = "theme";

/** Which of these codes name a theme: for the modules that tag their records with themes. */
export function findThemeCodes(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  return selectExistingThemeCodes(db, codes);
}

/** Idempotent: run at every start; returns how many themes were inserted or changed. */
export async function loadBuiltInThemes(db: Database): Promise<number> {
  return db.transaction((tx) => upsertBuiltInThemes(tx, BUILT_IN_THEMES));
}

const BUILT_IN_ORDER = new Map(BUILT_IN_THEMES.map((t, i) => [t.code, i]));

/** Built-in themes in their list order, then the ones added, by code. */
export async function listThemes(ctx: ServiceContext): Promise<Theme[]> {
  assertAllowedOnResource(ctx.actor, "theme", "read");
  const themes = await selectThemes(ctx.db);
  const rank = (t: Theme) =>
    t.builtIn ? (BUILT_IN_ORDER.get(t.code) ?? BUILT_IN_ORDER.size) : Number.MAX_SAFE_INTEGER;
  return themes.sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function themeConflict(code: string): AppError {
  return conflict(`A theme with the code "${code}" already exists.`, [
    { path: "code", message: "This code is already used.", code: "duplicate", in: "body" },
  ]);
}

export async function createTheme(ctx: ServiceContext, input: unknown): Promise<Theme> {
  const values = parseInput(ThemeInputSchema, input);
  assertAllowedOnResource(ctx.actor, "theme", "create");
  try {
    return await inTransaction(ctx, async ({ db: tx }) => {
      if ((await selectExistingThemeCodes(tx, [values.code])).size > 0) throw themeConflict(values.code);
      const created = await insertTheme(tx, values);
      await recordChange(tx, ctx.actor, {
        action: "create",
        entityType: THEME_ENTITY,
        entityId: created.code,
        entityLabel: created.names.en,
        before: null,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw themeConflict(values.code);
    throw error;
  }
}

async function loadTheme(db: Executor, code: string, expectedVersion: number): Promise<Theme> {
  const [theme] = await selectThemes(db, code);
  if (!theme) throw notFound("The theme");
  if (theme.version !== expectedVersion) throw preconditionFailed(theme.version);
  return theme;
}

/** Renames a theme in one or more languages; its code, and so every agreement's link to it, stays. */
export async function updateTheme(
  ctx: ServiceContext,
  code: string,
  expectedVersion: number,
  patch: unknown,
): Promise<Theme> {
  const changes = parseInput(ThemePatchSchema, patch);
  assertAllowedOnResource(ctx.actor, "theme", "update");
  return inTransaction(ctx, async ({ db: tx }) => {
    const current = await loadTheme(tx, code, expectedVersion);
    const names = { ...current.names, ...changes.names };
    if (!(await updateThemeNames(tx, code, expectedVersion, names)))
      throw preconditionFailed(current.version);
    const [updated] = await selectThemes(tx, code);
    if (!updated) throw new Error("theme vanished inside its transaction");
    await recordChange(tx, ctx.actor, {
      action: "update",
      entityType: THEME_ENTITY,
      entityId: code,
      entityLabel: updated.names.en,
      before: { names: current.names },
      after: { names: updated.names },
    });
    return updated;
  });
}

/** Deletes a theme no agreement carries; the built-in ones stay (they would come back at the next start). */
export async function deleteTheme(ctx: ServiceContext, code: string, expectedVersion: number): Promise<void> {
  assertAllowedOnResource(ctx.actor, "theme", "delete");
  await inTransaction(ctx, async ({ db: tx }) => {
    const current = await loadTheme(tx, code, expectedVersion);
    if (current.builtIn) {
      throw conflict("Built-in themes cannot be deleted; rename them instead.", [
        { path: "code", message: "This theme is built in.", code: "built_in", in: "path" },
      ]);
    }
    if (current.agreementCount > 0) {
      throw conflict(`${current.agreementCount} agreement(s) carry this theme; remove it from them first.`, [
        { path: "code", message: "This theme is in use.", code: "in_use", in: "path" },
      ]);
    }
    if (!(await deleteThemeRow(tx, code, expectedVersion))) throw preconditionFailed(current.version);
    await recordChange(tx, ctx.actor, {
      action: "delete",
      entityType: THEME_ENTITY,
      entityId: code,
      entityLabel: current.names.en,
      before: current,
      after: null,
    });
  });
}
