// Which themes of the sector's register (agreements, 3W) can act on a detention theme: legal aid answers a
// recommendation on access to a lawyer, health one on health care, vocational training and reintegration one on
// work or preparation for release. By theme code (src/modules/themes/built-in-themes.ts), never by display name,
// which administrators may change. Pure, browser-safe.
import { DETENTION_THEME_CODES, type DetentionTheme } from "./detention-themes";

const CORRECTIONS = "correctional_cooperation";

export const DETENTION_THEME_SECTOR_THEMES: Record<DetentionTheme, readonly string[]> = {
  torture_and_ill_treatment: ["human_rights", "psychosocial_support", CORRECTIONS],
  solitary_confinement: ["human_rights", CORRECTIONS],
  body_searches: ["human_rights", CORRECTIONS],
  means_of_restraint: ["human_rights", CORRECTIONS],
  use_of_force: ["human_rights", CORRECTIONS],
  disciplinary_measures: ["human_rights", CORRECTIONS],
  deaths_in_custody: ["human_rights", "health", CORRECTIONS],
  registers: [CORRECTIONS, "digital_services"],
  information_on_rights: ["legal_aid", "human_rights"],
  complaints_mechanisms: ["human_rights", "legal_aid"],
  inspection_and_monitoring: ["human_rights"],
  separation_of_categories: [CORRECTIONS, "gender_sgbv"],
  transfers: [CORRECTIONS],
  access_to_a_lawyer: ["legal_aid"],
  notification_of_custody: ["legal_aid"],
  access_to_a_doctor: ["health"],
  interpreters: ["legal_aid"],
  judicial_oversight: ["legal_aid"],
  // Plea bargaining and mediation shorten the time before trial as well as legal aid does.
  length_of_pre_trial_detention: ["legal_aid", "adr"],
  legal_aid: ["legal_aid"],
  // Overcrowding is mostly pre-trial detainees waiting for a lawyer or a hearing: legal aid acts on it too.
  overcrowding: [CORRECTIONS, "legal_aid"],
  accommodation: [CORRECTIONS],
  food_and_water: [CORRECTIONS, "health"],
  hygiene_and_sanitation: [CORRECTIONS, "health"],
  clothing_and_bedding: [CORRECTIONS],
  access_to_open_air: [CORRECTIONS],
  light_and_ventilation: [CORRECTIONS],
  // E-visits are the sector's answer to families far from the prison.
  contact_with_the_outside_world: [CORRECTIONS, "digital_services"],
  work: ["vocational_training", "rehabilitation_reintegration"],
  education_and_training: ["education", "vocational_training"],
  recreation: ["rehabilitation_reintegration"],
  religion: ["rehabilitation_reintegration", "peacebuilding_reconciliation"],
  preparation_for_release: ["rehabilitation_reintegration", "vocational_training"],
  medical_screening_on_admission: ["health"],
  health_care_services: ["health"],
  mental_health: ["health", "psychosocial_support"],
  medical_confidentiality: ["health"],
  hunger_strikes: ["health"],
  infectious_diseases: ["health"],
  staff_conduct: ["staff_training", "human_rights"],
  staff_training: ["staff_training"],
  staffing_levels: [CORRECTIONS],
};

export function isDetentionTheme(value: string): value is DetentionTheme {
  return (DETENTION_THEME_CODES as readonly string[]).includes(value);
}

/** The sector's theme codes that can act on this detention theme, most direct first. */
export function sectorThemesFor(theme: DetentionTheme): readonly string[] {
  return DETENTION_THEME_SECTOR_THEMES[theme];
}
