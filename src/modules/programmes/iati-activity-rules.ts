// What the IATI export writes from the register's own fields, and the reverse readings the import makes: one place,
// so that the import can keep only what differs from it and a round trip through our own export changes nothing.
import type { IatiKept, IatiRecipientCountry, IatiSector } from "./iati.schema";
import type { ProgrammeStatus } from "./programmes.schema";

/** ActivityStatus codelist → our statuses: finalisation (3) is still ongoing here, its code is kept. */
export const STATUS_OF_CODE: Record<string, ProgrammeStatus> = {
  "1": "planned",
  "2": "ongoing",
  "3": "ongoing",
  "4": "completed",
  "5": "cancelled",
  "6": "suspended",
};

/** ActivityStatus codelist. */
export const IATI_ACTIVITY_STATUS: Record<ProgrammeStatus, string> = {
  planned: "1",
  ongoing: "2",
  completed: "4",
  cancelled: "5",
  suspended: "6",
};

/** Our themes go out as a sector vocabulary of the reporting organisation (98), named by this URI. */
export const THEME_VOCABULARY = "98";
export const THEME_VOCABULARY_URI = "urn:x-ubufatanye:themes";
export const isThemeSector = (s: { vocabulary: string; vocabularyUri: string | null }) =>
  s.vocabulary === THEME_VOCABULARY && s.vocabularyUri === THEME_VOCABULARY_URI;

/** The transaction a donor's amount is written as carries this ref, so the import reads it back as that amount. */
export const FUNDING_REF_PREFIX = "XI-UBUFATANYE-funding-";

export type ActivityDate = { type: string; isoDate: string };

/** Planned start and end always; actual start once under way, actual end once completed. */
export function derivedActivityDates(status: ProgrammeStatus, start: string, end: string): ActivityDate[] {
  const dates: ActivityDate[] = [{ type: "1", isoDate: start }];
  if (status === "ongoing" || status === "completed") dates.push({ type: "2", isoDate: start });
  dates.push({ type: "3", isoDate: end });
  if (status === "completed") dates.push({ type: "4", isoDate: end });
  return dates;
}

/** The programme's period read from activity dates: actual before planned; never an end before the start. */
export function periodOfDates(dates: readonly ActivityDate[]): { start: string; end: string } {
  const of = new Map(dates.map((d) => [d.type, d.isoDate]));
  const start = of.get("2") || of.get("1") || "";
  const end = of.get("4") || of.get("3") || start;
  return { start, end: end < start ? start : end };
}

/** Equal shares adding up to 100, the remainder on the first. */
export function equalShares(n: number): number[] {
  const share = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => (i === 0 ? 100 - share * (n - 1) : share));
}

/** DAC sectors (vocabulary 1) the export derives from themes: one code per theme the table maps, equal shares. */
export function derivedSectors(themes: readonly string[], sectorOfTheme: Map<string, string>): IatiSector[] {
  const codes = [...new Set(themes.flatMap((t) => sectorOfTheme.get(t) ?? []))];
  const shares = equalShares(codes.length);
  return codes.map((code, i) => ({
    vocabulary: "1",
    vocabularyUri: null,
    code,
    percentage: String(shares[i]),
    narratives: null,
  }));
}

/**
 * Recipient countries the export derives from the programme's country places: equal shares, no names. Beside
 * recipient regions the countries' share of the whole is not known, so none is written (nothing made up).
 */
export function derivedRecipientCountries(
  codes: readonly string[],
  withRegions: boolean,
): IatiRecipientCountry[] {
  const shares = equalShares(codes.length);
  return codes.map((code, i) => ({
    code,
    percentage: withRegions ? null : String(shares[i]),
    narratives: null,
  }));
}

/** The register's own reading of a programme, what the export writes when nothing was kept. */
export type DerivedIati = {
  status: ProgrammeStatus;
  startDate: string;
  endDate: string;
  leadOrganisationId: string;
  themes: readonly string[];
  sectorOfTheme: Map<string, string>;
  /** ISO codes of the programme's country places, in the order the export writes them. */
  countryCodes: readonly string[];
};

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain JSON.stringify would differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** Equal as JSON values, whatever the order of object keys. */
export const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const same = sameJson;

/**
 * Drops each kept part equal to what the export derives from the register (and empty lists): our own export read
 * back keeps nothing, and an activity from elsewhere keeps only what the register cannot say. Null when nothing is left.
 */
export function keepOnlyDifferences(kept: IatiKept, derived: DerivedIati): IatiKept | null {
  const out: IatiKept = {};
  if (kept.statusCode && kept.statusCode !== IATI_ACTIVITY_STATUS[derived.status])
    out.statusCode = kept.statusCode;
  if (
    kept.dates &&
    kept.dates.length > 0 &&
    !same(kept.dates, derivedActivityDates(derived.status, derived.startDate, derived.endDate))
  )
    out.dates = kept.dates;
  if (
    kept.accountable &&
    kept.accountable.length > 0 &&
    !same(kept.accountable, [derived.leadOrganisationId])
  )
    out.accountable = kept.accountable;
  if (kept.extending && kept.extending.length > 0) out.extending = kept.extending;
  if (
    kept.sectors &&
    kept.sectors.length > 0 &&
    !same(kept.sectors, derivedSectors(derived.themes, derived.sectorOfTheme))
  )
    out.sectors = kept.sectors;
  if (kept.budgets && kept.budgets.length > 0) out.budgets = kept.budgets;
  if (kept.transactions && kept.transactions.length > 0) out.transactions = kept.transactions;
  // The register says nothing of these: kept whenever the file gives them.
  if (kept.contactInfo && kept.contactInfo.length > 0) out.contactInfo = kept.contactInfo;
  if (kept.recipientRegions && kept.recipientRegions.length > 0) out.recipientRegions = kept.recipientRegions;
  if (kept.tags && kept.tags.length > 0) out.tags = kept.tags;
  if (kept.policyMarkers && kept.policyMarkers.length > 0) out.policyMarkers = kept.policyMarkers;
  if (kept.plannedDisbursements && kept.plannedDisbursements.length > 0)
    out.plannedDisbursements = kept.plannedDisbursements;
  if (
    kept.recipientCountries &&
    kept.recipientCountries.length > 0 &&
    !same(
      kept.recipientCountries,
      derivedRecipientCountries(derived.countryCodes, (out.recipientRegions ?? []).length > 0),
    )
  )
    out.recipientCountries = kept.recipientCountries;
  return Object.keys(out).length > 0 ? out : null;
}

/** The status code the export writes: the kept one while it still means the programme's status. */
export function statusCodeOf(status: ProgrammeStatus, kept: IatiKept | null): string {
  const code = kept?.statusCode;
  return code && STATUS_OF_CODE[code] === status ? code : IATI_ACTIVITY_STATUS[status];
}

/** The activity dates the export writes: the kept ones while they still give the programme's period. */
export function activityDatesOf(
  p: { status: ProgrammeStatus; startDate: string; endDate: string },
  kept: IatiKept | null,
): ActivityDate[] {
  const dates = kept?.dates;
  if (dates && dates.length > 0) {
    const period = periodOfDates(dates);
    if (period.start === p.startDate && period.end === p.endDate) return dates;
  }
  return derivedActivityDates(p.status, p.startDate, p.endDate);
}

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  same(
    [...new Set(a.map((c) => c.toUpperCase()))].sort(),
    [...new Set(b.map((c) => c.toUpperCase()))].sort(),
  );

/**
 * The recipient countries the export writes: the kept ones (shares and names as the file gave them) while they name
 * exactly the programme's country places; else one per country place, derived.
 */
export function recipientCountriesOf(
  countryCodes: readonly string[],
  kept: IatiKept | null,
): IatiRecipientCountry[] {
  const given = kept?.recipientCountries;
  if (
    given &&
    given.length > 0 &&
    sameCodes(
      given.map((c) => c.code),
      countryCodes,
    )
  )
    return given;
  return derivedRecipientCountries(countryCodes, (kept?.recipientRegions ?? []).length > 0);
}
