// The columns every editable table carries, so one helper can guard and bump versions everywhere.
import { integer, timestamp } from "drizzle-orm/pg-core";

/** `version` starts at 1 and grows by one on every change; the API gives it out as the ETag. */
export const versionColumns = () => ({
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
