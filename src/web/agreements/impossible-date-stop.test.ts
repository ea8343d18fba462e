import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import rw from "../../locales/rw.json";
import { parsePartialDate } from "../../shared/partial-date";
import { impossibleDateStop, impossibleDateText, signedOnReading } from "./impossible-date-stop";
import { sayVagueDate } from "./vague-date";

const ts = {} as Record<"en" | "fr" | "rw", TFunction>;

beforeAll(async () => {
  for (const lng of ["en", "fr", "rw"] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, fr: { translation: fr }, rw: { translation: rw } },
      lng,
      interpolation: { escapeValue: false },
    });
    ts[lng] = instance.t;
  }
});

describe("a signature date whose day does not exist", () => {
  it.each([
    [
      "en",
      "There is no 31 February 2023: it will be kept as 2023 (year only). Correct the date, or save it as it is.",
    ],
    [
      "fr",
      "Le 31 février 2023 n'existe pas : la date sera conservée comme 2023, année seulement. Corrigez-la, ou enregistrez-la telle quelle.",
    ],
    [
      "rw",
      "Nta tariki ya 31 Gashyantare 2023 ibaho: izabikwa nka 2023 — umwaka gusa. Kosora itariki, cyangwa uyibike uko iri.",
    ],
  ] as const)("%s: says the day does not exist and what will be kept", (lng, expected) => {
    expect(impossibleDateText(ts[lng], "31/02/2023", lng)).toBe(expected);
  });

  it("names a month that does not exist, and a date kept as text alone", () => {
    expect(impossibleDateText(ts.en, "12/25/2020", "en")).toBe(
      "Dates are read day/month/year, and there is no month 25: it will be kept as 2020 (year only). Correct the date, or save it as it is.",
    );
    expect(impossibleDateText(ts.en, "12/05/2020", "en")).toBeUndefined();
    expect(impossibleDateText(ts.en, "June 2022", "en")).toBeUndefined();
  });

  it("stops the first save that brings it, and not a second one, nor a date the agreement already had", () => {
    const told = new Set<string>();
    const stop = impossibleDateStop(" 31/02/2023 ", told);
    expect(stop).toMatchObject({
      path: "signedOnText",
      code: "impossible_date",
      params: { year: 2023, month: 2, day: 31 },
    });
    told.add("31/02/2023");
    expect(impossibleDateStop("31/02/2023", told)).toBeNull();
    // Another impossible day is told again.
    expect(impossibleDateStop("30/02/2023", told)).not.toBeNull();
    expect(impossibleDateStop("28/02/2023", new Set())).toBeNull();
    expect(impossibleDateStop("", new Set())).toBeNull();
  });
});

describe("a vague signature date, read back in the reader's language (issue 19)", () => {
  it.each([
    ["en", "early 2019", "Read as January 2019 – April 2019 (part of a year)"],
    ["fr", "début 2019", "Lue comme janvier 2019 – avril 2019 (partie de l'année)"],
    ["rw", "mu ntangiriro za 2019", "Yasomwe nka Mutarama 2019 – Mata 2019 (igice cy'umwaka)"],
    ["en", "the week of 3 October 2010", "Read as 3 October 2010 – 9 October 2010 (week only)"],
    ["fr", "2016/2017", "Lue comme 2016 – 2017 (plusieurs années)"],
    ["rw", "2016-2017", "Yasomwe nka 2016 – 2017 (imyaka ikurikirana)"],
  ] as const)("%s: %s is a span, never a day", (lng, text, expected) => {
    const readAs = signedOnReading(ts[lng], text, lng);
    expect(readAs).not.toBeNull();
    expect(ts[lng]("agreements.dateReadAs", readAs ?? {})).toBe(expected);
  });
});

describe("a vague date beside its text as written (issue 19)", () => {
  it.each([
    ["en", "early 2019", "part of a year: January 2019 – April 2019"],
    ["fr", "semaine du 3 octobre 2010", "semaine seulement : 3 octobre 2010 – 9 octobre 2010"],
    ["rw", "2016/2017", "imyaka ikurikirana: 2016 – 2017"],
  ] as const)("%s: %s", (lng, text, expected) => {
    expect(sayVagueDate(ts[lng], parsePartialDate(text), lng)).toBe(expected);
  });

  it("says nothing of a date that is not vague", () => {
    expect(sayVagueDate(ts.en, parsePartialDate("30/09/2019"), "en")).toBeNull();
    expect(sayVagueDate(ts.en, parsePartialDate("2019"), "en")).toBeNull();
  });
});
