// The vocabulary of detention monitoring: themes after APT's Detention Focus taxonomy, grouped as it groups them, and
// the groups in situations of vulnerability. Browser-safe; labels live in the catalogs (monitoring.themes.*).

export const THEME_CATEGORIES = [
  "treatment",
  "protection_measures",
  "procedural_safeguards",
  "material_conditions",
  "regime_and_activities",
  "health_care",
  "personnel",
] as const;
export type ThemeCategory = (typeof THEME_CATEGORIES)[number];

/** Each theme with the category it belongs to; the order is the order lists and charts show. */
export const DETENTION_THEMES = {
  torture_and_ill_treatment: "treatment",
  solitary_confinement: "treatment",
  body_searches: "treatment",
  means_of_restraint: "treatment",
  use_of_force: "treatment",
  disciplinary_measures: "treatment",
  deaths_in_custody: "treatment",
  registers: "protection_measures",
  information_on_rights: "protection_measures",
  complaints_mechanisms: "protection_measures",
  inspection_and_monitoring: "protection_measures",
  separation_of_categories: "protection_measures",
  transfers: "protection_measures",
  access_to_a_lawyer: "procedural_safeguards",
  notification_of_custody: "procedural_safeguards",
  access_to_a_doctor: "procedural_safeguards",
  interpreters: "procedural_safeguards",
  judicial_oversight: "procedural_safeguards",
  length_of_pre_trial_detention: "procedural_safeguards",
  legal_aid: "procedural_safeguards",
  overcrowding: "material_conditions",
  accommodation: "material_conditions",
  food_and_water: "material_conditions",
  hygiene_and_sanitation: "material_conditions",
  clothing_and_bedding: "material_conditions",
  access_to_open_air: "material_conditions",
  light_and_ventilation: "material_conditions",
  contact_with_the_outside_world: "regime_and_activities",
  work: "regime_and_activities",
  education_and_training: "regime_and_activities",
  recreation: "regime_and_activities",
  religion: "regime_and_activities",
  preparation_for_release: "regime_and_activities",
  medical_screening_on_admission: "health_care",
  health_care_services: "health_care",
  mental_health: "health_care",
  medical_confidentiality: "health_care",
  hunger_strikes: "health_care",
  infectious_diseases: "health_care",
  staff_conduct: "personnel",
  staff_training: "personnel",
  staffing_levels: "personnel",
} as const satisfies Record<string, ThemeCategory>;
export type DetentionTheme = keyof typeof DETENTION_THEMES;
export const DETENTION_THEME_CODES = Object.keys(DETENTION_THEMES) as [DetentionTheme, ...DetentionTheme[]];

export const VULNERABLE_GROUPS = [
  "women",
  "children",
  "persons_with_disabilities",
  "lgbti_persons",
  "minorities_and_indigenous_peoples",
  "foreign_nationals",
  "migrants_and_asylum_seekers",
  "older_persons",
  "persons_living_with_hiv",
  "persons_with_mental_illness",
] as const;
export type VulnerableGroup = (typeof VULNERABLE_GROUPS)[number];

/** The themes of one category, in taxonomy order (for grouped pickers and tracker rows). */
export function themesOfCategory(category: ThemeCategory): DetentionTheme[] {
  return DETENTION_THEME_CODES.filter((theme) => DETENTION_THEMES[theme] === category);
}
