import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import rw from "../../locales/rw.json";
import { type HxlDatePrecision, hxlDateValue } from "../../modules/coordination/period-bounds";
import { formatHxlDate, formatHxlPeriod, type HxlPeriod } from "./hxl-date";

const ts = {} as Record<"en" | "fr" | "rw", TFunction>;

beforeAll(async () => {
  for (const lng of ["en", "fr", "rw"] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, fr: { translation: fr }, rw: { translation: rw } },
      lng,
      fallbackLng: "en",
      interpolation: { escapeValue: false },
    });
    ts[lng] = instance.t;
  }
});

describe("3W dates at the precision their file gave", () => {
  it("says a year or a month from either end of its span, never a day", () => {
    expect(formatHxlDate("2024-01-01", "year", "en")).toBe("2024");
    expect(formatHxlDate("2024-12-31", "year", "fr")).toBe("2024");
    expect(formatHxlDate("2024-03-31", "month", "en")).toBe("March 2024");
    expect(formatHxlDate("2024-03-01", "month", "fr")).toBe("mars 2024");
    expect(formatHxlDate("2024-03-01", "month", "rw")).toBe("Werurwe 2024");
    expect(formatHxlDate("2024-03-15", "day", "en")).toBe("15 March 2024");
  });

  it("says a period with its open end, and a year that is its own span once", () => {
    const period = (
      from: string | null,
      until: string | null,
      fp: HxlDatePrecision = "day",
      up: HxlDatePrecision = "day",
    ): HxlPeriod => ({ validFrom: from, validUntil: until, validFromPrecision: fp, validUntilPrecision: up });
    expect(formatHxlPeriod(ts.en, period("2024-01-01", "2025-03-31", "year", "month"), "en")).toBe(
      "2024 – March 2025",
    );
    expect(formatHxlPeriod(ts.fr, period("2024-01-01", "2025-03-31", "year", "month"), "fr")).toBe(
      "de 2024 à mars 2025",
    );
    expect(formatHxlPeriod(ts.en, period("2024-01-01", "2024-12-31", "year", "year"), "en")).toBe("2024");
    expect(formatHxlPeriod(ts.en, period("2024-03-01", null, "month"), "en")).toBe("from March 2024");
    expect(formatHxlPeriod(ts.rw, period(null, "2025-12-31", "day", "year"), "rw")).toBe("kugeza 2025");
    expect(formatHxlPeriod(ts.en, period(null, null), "en")).toBeNull();
  });

  it("writes an export's value at the same precision, whichever end of the span it is given", () => {
    expect(hxlDateValue("2024-01-01", "year")).toBe("2024");
    expect(hxlDateValue("2024-12-31", "year")).toBe("2024");
    expect(hxlDateValue("2024-03-31", "month")).toBe("2024-03");
    expect(hxlDateValue("2024-03-15", "day")).toBe("2024-03-15");
  });
});
