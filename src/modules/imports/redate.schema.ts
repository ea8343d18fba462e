// Re-dating what a status report loaded before imports asked for the report's day (decision 042); browser-safe.
import { z } from "zod";
import { IsoDateSchema } from "../../shared/iso-date";

/**
 * A load's id: the instant of the transaction that wrote it (UTC, to the microsecond) and a hash of who wrote it,
 * "20261207T081112.123456Z-3fa9c1d2e4b5". Opaque to clients; it names no one in a URL or a log line.
 */
export const LOAD_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{6})Z-([0-9a-f]{12})$/;
export const LoadIdSchema = z.string().max(40).regex(LOAD_ID_PATTERN, "Use a load id as the list gives it.");

/** Progress loaded in one transaction, still dated with the day it was loaded (see decision 042 for the rule). */
export const StatusReportLoadSchema = z.object({
  id: LoadIdSchema,
  /** When the transaction ran (ISO instant). */
  loadedAt: z.string(),
  /** That instant's day in Kigali: the day its entries and registrations carry. */
  loadDay: IsoDateSchema,
  /** Who wrote it, as the entries record it ("Name <email>", or the CLI's "cli:import"). */
  loadedBy: z.string(),
  /** The name part of loadedBy, to show. */
  loadedByName: z.string(),
  /** Entries still re-datable: never edited, still dated the load day, marked as reported. */
  progressEntries: z.number().int(),
  /** Agreements those entries belong to, and agreements registered by the same transaction. */
  agreements: z.number().int(),
  /** A few of their titles, alphabetically. */
  agreementTitles: z.array(z.string()),
  /** Agreements registered by that transaction whose first status change is still dated the load day. */
  registrations: z.number().int(),
});
export type StatusReportLoad = z.infer<typeof StatusReportLoadSchema>;

export const StatusReportLoadListSchema = z.object({
  items: z.array(StatusReportLoadSchema),
  /** Today in Kigali: the list is as of this day. */
  today: IsoDateSchema,
});
export type StatusReportLoadList = z.infer<typeof StatusReportLoadListSchema>;

export const RedateLoadInputSchema = z.object({
  /** The day the loaded report was as of; not after the load day. */
  reportDate: IsoDateSchema,
  /**
   * The number of entries the caller confirmed (the list's progressEntries): when the load holds another number by
   * now (an entry edited meanwhile), nothing is changed and the answer is 409.
   */
  expectedProgressEntries: z.number().int().min(0).max(10_000_000).optional(),
});
export type RedateLoadInput = z.infer<typeof RedateLoadInputSchema>;

export const RedateLoadResultSchema = z.object({
  id: LoadIdSchema,
  loadDay: IsoDateSchema,
  reportDate: IsoDateSchema,
  /** Entries now of reportDate, marked "date not reported". */
  progressEntries: z.number().int(),
  agreements: z.number().int(),
  /** First status changes moved to reportDate. */
  registrations: z.number().int(),
  /**
   * Registrations left on the load day because a later status change of the same agreement is dated before
   * reportDate: moving them would put the registration after it.
   */
  registrationsKept: z.number().int(),
});
export type RedateLoadResult = z.infer<typeof RedateLoadResultSchema>;
