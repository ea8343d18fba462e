// The ISO calendar date every module's schema checks dates with (browser-safe).
import { z } from "zod";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** ISO calendar date (YYYY-MM-DD), checked to exist, in years the register can mean (PostgreSQL has no year 0). */
export const IsoDateSchema = z
  .string()
  .max(10, "Use a date such as 2026-11-24.")
  .regex(ISO_DATE, "Use a date such as 2026-11-24.")
  // Zod runs refinements even after the regex failed: each checks only well-formed text, so one message shows.
  // Each names its own code, so the browser says which fault it is in the reader's language.
  .refine(
    (s) => {
      if (!ISO_DATE.test(s)) return true;
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: "This date does not exist.", params: { code: "date_does_not_exist" } },
  )
  .refine((s) => !ISO_DATE.test(s) || (s >= "1900-01-01" && s <= "2199-12-31"), {
    message: "Use a year between 1900 and 2199.",
    params: { code: "date_out_of_range", minimum: 1900, maximum: 2199 },
  });
