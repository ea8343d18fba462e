// A partnership's period as written ("2019", "early 2022") read into a span of days; unreadable texts are refused.
import type { FieldError } from "../../shared/app-errors";
import { parsePartialDate, partialDateRange } from "../../shared/partial-date";
import type { PartnershipPeriod } from "./partnerships.schema";

export function readPeriod(startsOn: string | null, endsOn: string | null): PartnershipPeriod {
  const from = startsOn ? (partialDateRange(parsePartialDate(startsOn))?.from ?? null) : null;
  const to = endsOn ? (partialDateRange(parsePartialDate(endsOn))?.to ?? null) : null;
  return { startsOn, endsOn, from, to };
}

/** What is wrong with a period: a text that reads as no date, or an end before the start. */
export function periodErrors(startsOn: string | null, endsOn: string | null): FieldError[] {
  const errors: FieldError[] = [];
  const period = readPeriod(startsOn, endsOn);
  const unreadable = "Write a date such as 2019, March 2021, early 2022 or 2021-03-15.";
  if (startsOn && !period.from) errors.push({ path: "startsOn", message: unreadable, in: "body" });
  if (endsOn && !period.to) errors.push({ path: "endsOn", message: unreadable, in: "body" });
  if (period.from && period.to && period.to < period.from)
    errors.push({ path: "endsOn", message: "The end comes before the start.", in: "body" });
  return errors;
}
