// The sector's themes, in the three languages; loaded at every start. Administrators may add more and rename any.
import type { ThemeDefinition } from "./themes.schema";

export const BUILT_IN_THEMES: readonly ThemeDefinition[] = [
  {
    code: "vocational_training",
    names: { en: "Vocational training", fr: "Formation professionnelle", rw: "Imyuga n'ubumenyingiro" },
  },
  { code: "legal_aid", names: { en: "Legal aid", fr: "Aide juridique", rw: "Ubufasha mu by'amategeko" } },
  {
    code: "rehabilitation_reintegration",
    names: {
      en: "Rehabilitation and reintegration",
      fr: "Réhabilitation et réinsertion",
      rw: "Igorora no gusubiza mu buzima busanzwe",
    },
  },
  {
    code: "psychosocial_support",
    names: {
      en: "Psycho-social support and healing",
      fr: "Soutien psychosocial et guérison",
      rw: "Ubufasha mu by'imitekerereze no komora ibikomere",
    },
  },
  { code: "health", names: { en: "Health", fr: "Santé", rw: "Ubuzima" } },
  {
    code: "gender_sgbv",
    names: {
      en: "Gender and SGBV",
      fr: "Genre et VSBG",
      rw: "Uburinganire n'ihohoterwa rishingiye ku gitsina",
    },
  },
  { code: "disability", names: { en: "Disability", fr: "Handicap", rw: "Ubumuga" } },
  { code: "environment", names: { en: "Environment", fr: "Environnement", rw: "Ibidukikije" } },
  {
    code: "adr",
    names: {
      en: "Alternative dispute resolution (ADR)",
      fr: "Modes alternatifs de règlement des conflits",
      rw: "Uburyo bwo gukemura amakimbirane hatiyambajwe inkiko",
    },
  },
  {
    code: "peace_operations",
    names: { en: "Peace operations", fr: "Opérations de paix", rw: "Ibikorwa byo kubungabunga amahoro" },
  },
  {
    code: "correctional_cooperation",
    names: {
      en: "Correctional cooperation",
      fr: "Coopération pénitentiaire",
      rw: "Ubufatanye mu by'igorora",
    },
  },
  {
    code: "human_rights",
    names: { en: "Human rights", fr: "Droits de l'homme", rw: "Uburenganzira bwa muntu" },
  },
  {
    code: "peacebuilding_reconciliation",
    names: {
      en: "Peacebuilding and reconciliation",
      fr: "Consolidation de la paix et réconciliation",
      rw: "Kubaka amahoro n'ubwiyunge",
    },
  },
  { code: "education", names: { en: "Education", fr: "Éducation", rw: "Uburezi" } },
  {
    code: "staff_training",
    names: { en: "Staff training", fr: "Formation du personnel", rw: "Amahugurwa y'abakozi" },
  },
  {
    code: "digital_services",
    names: {
      en: "Digital services (e.g. e-visits)",
      fr: "Services numériques (p. ex. visites en ligne)",
      rw: "Serivisi z'ikoranabuhanga",
    },
  },
  {
    code: "crime_prevention",
    names: { en: "Crime prevention", fr: "Prévention de la criminalité", rw: "Gukumira ibyaha" },
  },
];
