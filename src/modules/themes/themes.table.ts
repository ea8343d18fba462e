// The theme table: the controlled list of themes agreements, programmes and coordination rows are tagged with.
import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const themeTable = pgTable("theme", {
  code: text("code").primaryKey(),
  names: jsonb("names").$type<{ en: string; fr: string; rw: string }>().notNull(),
  builtIn: boolean("built_in").notNull().default(false),
  /** An administrator renamed it: the built-in names loaded at start no longer overwrite these. */
  namesEdited: boolean("names_edited").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
