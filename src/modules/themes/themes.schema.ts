// Themes in the three languages: Zod schemas shared by API, forms and CLI; browser-safe.
import { z } from "zod";

const noNul = (s: string) => !s.includes("\u0000");
const Text = (max: number) =>
  z.string().trim().max(max).refine(noNul, "Remove the invisible control character (U+0000).");

export const ThemeSchema = z.object({
  code: z.string(),
  names: z.object({ en: z.string(), fr: z.string(), rw: z.string() }),
  builtIn: z.boolean(),
  /** How many agreements carry it: a theme in use cannot be deleted. */
  agreementCount: z.number().int(),
  version: z.number().int(),
});
export type Theme = z.infer<typeof ThemeSchema>;

const ThemeNamesSchema = z.object({ en: Text(120).min(2), fr: Text(120).min(2), rw: Text(120).min(2) });

export const ThemeInputSchema = z.object({
  code: z
    .string()
    .max(60)
    .regex(/^[a-z0-9_]{2,60}$/, "Use lower-case letters, digits and _ (e.g. juvenile_justice)."),
  names: ThemeNamesSchema,
});

/** Renaming keeps the code: agreements, filters and exports refer to it. */
export const ThemePatchSchema = z.object({ names: ThemeNamesSchema.partial() });
export type ThemePatch = z.infer<typeof ThemePatchSchema>;
/** A theme as it is defined, before the database numbers its versions and counts its uses. */
export type ThemeDefinition = Pick<Theme, "code" | "names">;
