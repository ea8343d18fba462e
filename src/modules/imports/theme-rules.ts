// Themes proposed from an agreement's text by keyword rules in English, French and Kinyarwanda.

/** Patterns are matched on lower-case text without accents. */
export const THEME_RULES: readonly { theme: string; patterns: readonly RegExp[] }[] = [
  {
    theme: "vocational_training",
    patterns: [
      /\btvet\b/,
      /\bvocation/,
      /\btechnical (?:and|&) vocational\b/,
      /\bformation professionnelle\b/,
      /\bimyuga\b/,
      /\btailoring\b/,
    ],
  },
  {
    theme: "legal_aid",
    patterns: [
      /\blegal (?:aid|assistance|representation)\b/,
      /\blawyers?\b/,
      /\baide juridique\b/,
      /\bassistance juridique\b/,
      /\bubufasha mu by'?amategeko\b/,
      /\bubufasha mu mategeko\b/,
    ],
  },
  {
    theme: "rehabilitation_reintegration",
    patterns: [
      /\brehabilitat/,
      /\breintegrat/,
      /\breinsertion\b/,
      /\bkwinjizwa mu muryango\b/,
      /\bgusubira mu muryango\b/,
    ],
  },
  {
    theme: "psychosocial_support",
    patterns: [
      /\bpsycho-? ?social/,
      /\bcounsel+ing\b/,
      /\bhealing\b/,
      /\bmental\b/,
      /\bsoutien psychosocial\b/,
      /\bihungabana\b/,
    ],
  },
  {
    theme: "health",
    patterns: [/\bhealth\b/, /\bmedicine/, /\bcovid/, /\bsante\b/, /\bubuzima\b/, /\bmutuelle\b/],
  },
  {
    theme: "gender_sgbv",
    patterns: [
      /\bsgbv\b/,
      /\bgbv\b/,
      /\bgender\b/,
      /\bgenre\b/,
      /\bviolences? (?:sexuelles?|basees? sur le genre)\b/,
      /\bihohoterwa\b/,
      /\buburinganire\b/,
    ],
  },
  { theme: "disability", patterns: [/\bdisabilit/, /\bwheelchair/, /\bhandicap/, /\bubumuga\b/] },
  {
    theme: "environment",
    patterns: [/\benvironment/, /\bclimate\b/, /\bbiogas\b/, /\benvironnement\b/, /\bibidukikije\b/],
  },
  { theme: "adr", patterns: [/\badr\b/, /\barbitration\b/, /\bmediation\b/, /\bmediat/, /\bubuhuza\b/] },
  {
    theme: "peace_operations",
    patterns: [/\bpeace operations?\b/, /\bpeacekeeping\b/, /\boperations de (?:maintien de la )?paix\b/],
  },
  {
    theme: "correctional_cooperation",
    patterns: [
      /\bcooperation in the field of correctional\b/,
      /\bcorrectional (?:services?|area)\b.*\bcooperation\b|\bcooperation in correctional\b/,
      /\bcooperation penitentiaire\b/,
    ],
  },
  {
    theme: "human_rights",
    patterns: [
      /\bhuman rights?\b/,
      /\bdroits de l'?homme\b/,
      /\bdroits humains\b/,
      /\buburenganzira bwa muntu\b/,
      /\brights and welfare\b/,
      /\bincarcerated persons'? rights\b/,
    ],
  },
  {
    theme: "peacebuilding_reconciliation",
    patterns: [/\breconciliation\b/, /\bpeace ?building\b/, /\bubwiyunge\b/, /\bpeace and reconciliation\b/],
  },
  {
    theme: "education",
    patterns: [/\beducation\b/, /\blibrar(?:y|ies)\b/, /\bscholastic\b/, /\bclassrooms?\b/, /\buburezi\b/],
  },
  {
    theme: "staff_training",
    patterns: [
      /\b(?:rcs )?staffs? (?:training|trained)\b/,
      /\btraining of (?:rcs )?staffs?\b/,
      /\bstaff and inmates\b/,
      /\btrainers?\b/,
      /\bofficers?\b.*\btrain/,
      /\bformation du personnel\b/,
    ],
  },
  {
    theme: "digital_services",
    patterns: [/\be-?courts?\b/, /\be-?visits?\b/, /\be-?huza\b/, /\bict\b/, /\bdigital\b/, /\bnumerique\b/],
  },
  {
    theme: "crime_prevention",
    patterns: [
      /\bcrime prevention\b/,
      /\bprevention (?:of|du) (?:crime|la criminalite)\b/,
      /\bgukumira ibyaha\b/,
    ],
  },
];

const fold = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ");

/** Theme codes in the order of the rules, only those the register knows. */
export function proposeThemes(texts: readonly string[], known: ReadonlySet<string>): string[] {
  const text = fold(texts.join(" \n "));
  return THEME_RULES.filter((rule) => known.has(rule.theme) && rule.patterns.some((p) => p.test(text))).map(
    (rule) => rule.theme,
  );
}
