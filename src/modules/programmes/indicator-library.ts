// The sector's library of indicators, in three languages: a programme reuses one by its code.
import { z } from "zod";
import { CalculationSchema, DisaggregationSchema, IndicatorUnitSchema } from "./programmes.schema";

export const IndicatorLibraryEntrySchema = z.object({
  code: z.string(),
  names: z.object({ en: z.string(), fr: z.string(), rw: z.string() }),
  unit: IndicatorUnitSchema,
  calculation: CalculationSchema,
  disaggregations: z.array(DisaggregationSchema),
});
export type IndicatorLibraryEntry = z.infer<typeof IndicatorLibraryEntrySchema>;

export const INDICATOR_LIBRARY: readonly IndicatorLibraryEntry[] = [
  {
    code: "people_trained",
    names: {
      en: "Number of people trained",
      fr: "Nombre de personnes formées",
      rw: "Umubare w'abantu bahuguwe",
    },
    unit: "people",
    calculation: "sum",
    disaggregations: ["sex", "category"],
  },
  {
    code: "people_sensitised",
    names: {
      en: "Number of people reached by awareness activities",
      fr: "Nombre de personnes touchées par la sensibilisation",
      rw: "Umubare w'abantu bagezweho n'ubukangurambaga",
    },
    unit: "people",
    calculation: "sum",
    disaggregations: ["sex", "age_group", "category"],
  },
  {
    code: "awareness_events",
    names: {
      en: "Number of awareness events held",
      fr: "Nombre d'activités de sensibilisation tenues",
      rw: "Umubare w'ibikorwa by'ubukangurambaga byakozwe",
    },
    unit: "events",
    calculation: "sum",
    disaggregations: [],
  },
  {
    code: "legal_aid_beneficiaries",
    names: {
      en: "Number of people who received legal aid",
      fr: "Nombre de personnes ayant reçu une aide juridique",
      rw: "Umubare w'abantu bahawe ubufasha mu by'amategeko",
    },
    unit: "people",
    calculation: "sum",
    disaggregations: ["sex", "age_group"],
  },
  {
    code: "victims_referred_share",
    names: {
      en: "Share of identified victims referred to a service provider",
      fr: "Part des victimes identifiées orientées vers un prestataire de services",
      rw: "Ijanisha ry'abahohotewe boherejwe ku batanga serivisi",
    },
    unit: "percent",
    calculation: "percent",
    disaggregations: ["sex"],
  },
  {
    code: "referral_mechanism_in_place",
    names: {
      en: "Victim referral mechanism in place",
      fr: "Mécanisme d'orientation des victimes en place",
      rw: "Uburyo bwo kohereza abahohotewe burashyizweho",
    },
    unit: "text",
    calculation: "latest",
    disaggregations: [],
  },
];
