// Field errors in the reader's language: each Zod code with its limit, the field's own words, the server's codes.
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import en from "../../locales/en.json";
import fr from "../../locales/fr.json";
import rw from "../../locales/rw.json";
import { AgreementInputSchema } from "../../modules/agreements/agreements.schema";
import { OrganisationInputSchema } from "../../modules/organisations/organisations.schema";
import type { FieldError } from "../../shared/app-errors";
import { IsoDateSchema } from "../../shared/iso-date";
import { fieldErrorsFromZod } from "../../shared/validation";
import { fieldErrorKeys, fieldErrorText } from "./errors";

const LOCALES = ["en", "fr", "rw"] as const;
type Locale = (typeof LOCALES)[number];
const ts = {} as Record<Locale, TFunction>;

beforeAll(async () => {
  for (const lng of LOCALES) {
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

const PARTY = { organisationId: "0b7f6d1e-7f5a-4a39-9a4f-1d2c3b4a5e6f", role: "signatory" as const };

/** The field errors the form's own schema check gives, translated, by path. */
function messages(lng: Locale, errors: FieldError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [e.path, fieldErrorText(ts[lng], e)]));
}

function schemaErrors(result: { success: boolean; error?: unknown }): FieldError[] {
  if (result.success) throw new Error("the input was accepted");
  return fieldErrorsFromZod(result.error as Parameters<typeof fieldErrorsFromZod>[0]);
}

describe("field errors from the shared schemas, in three languages", () => {
  const empty = schemaErrors(AgreementInputSchema.safeParse({ title: "", kind: "mou", parties: [] }));
  const onlyOne = schemaErrors(
    AgreementInputSchema.safeParse({ title: "MoU", kind: "mou", parties: [PARTY] }),
  );
  const longName = schemaErrors(
    OrganisationInputSchema.safeParse({ name: "n".repeat(201), kind: "local_cso" }),
  );

  it("carries the limit with each too_small/too_big", () => {
    expect(empty).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "title",
          code: "too_small",
          params: { origin: "string", minimum: 3 },
        }),
        expect.objectContaining({
          path: "parties",
          code: "too_small",
          params: { origin: "array", minimum: 2 },
        }),
      ]),
    );
    expect(longName).toEqual([
      expect.objectContaining({ path: "name", code: "too_big", params: { origin: "string", maximum: 200 } }),
    ]);
  });

  it.each([
    [
      "en",
      "A title has at least 3 characters.",
      "An agreement has at least 2 parties.",
      "At most 200 characters.",
    ],
    [
      "fr",
      "Un intitulé comporte au moins 3 caractères.",
      "Un accord compte au moins 2 parties.",
      "Au plus 200 caractères.",
    ],
    [
      "rw",
      "Umutwe ugira nibura inyuguti 3.",
      "Amasezerano agira nibura impande 2.",
      "Koresha inyuguti zitarenze 200.",
    ],
  ] as const)(
    "%s: a missing title, no party, one party and a 201-character name each say what is wrong",
    (lng, title, parties, max) => {
      expect(messages(lng, empty)).toMatchObject({ title, parties });
      // One party is the same fault as none: the message names the two parties needed.
      expect(messages(lng, onlyOne)).toEqual({ parties });
      expect(messages(lng, longName)).toEqual({ name: max });
    },
  );

  it.each([
    ["en", "This date does not exist.", "Use a year between 1900 and 2199."],
    ["fr", "Cette date n'existe pas.", "Utilisez une année comprise entre 1900 et 2199."],
    ["rw", "Iyi tariki ntibaho.", "Koresha umwaka uri hagati ya 1900 na 2199."],
  ] as const)(
    "%s: a date that does not exist and one out of range have their own words",
    (lng, missing, range) => {
      const [noSuchDay] = schemaErrors(IsoDateSchema.safeParse("2023-02-31"));
      const [tooEarly] = schemaErrors(IsoDateSchema.safeParse("1850-01-01"));
      expect(noSuchDay).toMatchObject({ code: "date_does_not_exist" });
      expect(tooEarly).toMatchObject({ code: "date_out_of_range", params: { minimum: 1900, maximum: 2199 } });
      expect(fieldErrorText(ts[lng], { path: "validFrom", message: "", ...noSuchDay })).toBe(missing);
      expect(fieldErrorText(ts[lng], { path: "validFrom", message: "", ...tooEarly })).toBe(range);
    },
  );
});

describe("fieldErrorText", () => {
  const err = (code: string, params?: FieldError["params"], path = "somewhere"): FieldError => ({
    path,
    code,
    message: "server text",
    ...(params ? { params } : {}),
  });

  it.each([
    [err("too_small", { origin: "string", minimum: 1 }), "This is required.", "Ce champ est obligatoire."],
    [
      err("too_small", { origin: "string", minimum: 5 }),
      "Write at least 5 characters.",
      "Écrivez au moins 5 caractères.",
    ],
    [err("too_big", { origin: "string", maximum: 1 }), "At most 1 character.", "Au plus 1 caractère."],
    [
      err("too_big", { origin: "string", maximum: 2, exact: 1 }),
      "Use exactly 2 characters.",
      "Utilisez exactement 2 caractères.",
    ],
    [err("too_small", { origin: "array", minimum: 1 }), "Choose at least one.", "Choisissez-en au moins un."],
    // A form whose organisation is not chosen sends "": Zod says the id has the wrong format.
    [
      err("invalid_format", undefined, "organisationId"),
      "Choose an organisation.",
      "Choisissez une organisation.",
    ],
    [err("too_big", { origin: "array", maximum: 30 }), "Choose at most 30.", "Choisissez-en au plus 30."],
    [err("too_small", { origin: "number", minimum: 0 }), "Enter 0 or more.", "Saisissez 0 ou plus."],
    [
      err("too_small", { origin: "int", minimum: 0, exclusive: 1 }),
      "Enter a number above 0.",
      "Saisissez un nombre supérieur à 0.",
    ],
    [err("too_big", { origin: "number", maximum: 100 }), "Enter 100 or less.", "Saisissez 100 ou moins."],
    [err("too_small", { origin: "string", minimum: 1 }, "title"), "Write a title.", "Écrivez un intitulé."],
    [
      err("too_small", { origin: "string", minimum: 2 }, "name"),
      "A name has at least 2 characters.",
      "Un nom comporte au moins 2 caractères.",
    ],
    // An error without its limit (an older server, a hand-made error) still reads as the code alone.
    [err("too_small"), "This is too short.", "C'est trop court."],
    // A field's own words for a code still come first.
    [
      err("invalid_format", undefined, "email"),
      "Use an address such as info@example.org.",
      "Utilisez une adresse telle que info@example.org.",
    ],
  ])("%o reads “%s” / “%s”", (error, english, french) => {
    expect(fieldErrorText(ts.en, error)).toBe(english);
    expect(fieldErrorText(ts.fr, error)).toBe(french);
    expect(fieldErrorText(ts.rw, error)).not.toBe(english);
  });

  it("keeps the server's message for a code no catalog knows", () => {
    for (const lng of LOCALES) expect(fieldErrorText(ts[lng], err("made_up_code"))).toBe("server text");
  });

  it("has words, in every language, for every limit a schema can give", () => {
    const generic = new Set(
      LOCALES.flatMap((l) => [ts[l]("errors.codes.too_small"), ts[l]("errors.codes.too_big")]),
    );
    for (const code of ["too_small", "too_big"])
      for (const origin of ["string", "array", "set", "number", "int", "bigint"])
        for (const extra of [{}, { exact: 1 }, { exclusive: 1 }] as Record<string, number>[])
          for (const limit of [1, 2, 200]) {
            const bound: Record<string, number> = { [code === "too_small" ? "minimum" : "maximum"]: limit };
            const error = err(code, { origin, ...bound, ...extra });
            for (const lng of LOCALES) {
              const text = fieldErrorText(ts[lng], error);
              expect(generic.has(text), `${lng} ${JSON.stringify(error.params)}: ${text}`).toBe(false);
              expect(text, `${lng}: ${fieldErrorKeys(error).join(", ")}`).not.toMatch(/errors\.|\{\{/);
            }
          }
  });
});
