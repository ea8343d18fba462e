// A "people reached" cell as a results table writes it → counts by participant category, a lower bound, or words.
// "30 Stakeholders", "30 Officials / 30 Commanders", "over 50,000", "50 000+", "Nationwide", in English, French and
// Kinyarwanda. Pure and browser-safe: the preview shows the same reading the import writes.
import type { ParticipantCategory } from "./programmes.schema";
import type { MeasuredValue, Reach, ReachPart } from "./results-table.schema";

export type { MeasuredValue, Reach, ReachPart };

/** Words of a group → our participant categories; the first that matches wins (so "police officers" before "officers"). */
/** Whole words in any script: \b knows ASCII letters only, so "élèves" would never start a word. */
const words = (alternatives: string) => new RegExp(`(?<![\\p{L}])(?:${alternatives})(?![\\p{L}])`, "iu");

const CATEGORY_WORDS: readonly [RegExp, ParticipantCategory][] = [
  [words("police|policiers?|abapolisi"), "police_officers"],
  [words("immigration"), "immigration_officers"],
  [words("commanders?|commandants?"), "commanders"],
  [words("media|journalists?|journalistes?|abanyamakuru"), "media_professionals"],
  [words("field staff|personnel de terrain"), "field_staff"],
  [words("service providers?|prestataires?"), "service_providers"],
  [words("officers?|agents?"), "officers"],
  [words("officials?|inspectors?|fonctionnaires?|abayobozi|abakozi ba leta"), "officials"],
  [words("stakeholders?|parties prenantes|acteurs"), "stakeholders"],
  [words("students?|pupils?|élèves|étudiants?|abanyeshuri"), "students"],
  [words("teachers?|enseignants?|abarimu"), "teachers"],
  [words("local leaders?|leaders locaux"), "local_leaders"],
  [words("villagers?|community members?|villageois|habitants|abaturage"), "villagers"],
  [words("prisoners?|inmates?|detainees?|détenus?|abagororwa|imfungwa"), "prisoners"],
];

/** "over", "more than", "at least", "plus de", "au moins", "abarenga", "+" after the number. */
const AT_LEAST =
  /^(over|more than|at least|above|plus de|au moins|plus d'|abarenga|barenga|birenga|hejuru ya)\s+/i;

export function categoryOf(words: string): ParticipantCategory {
  for (const [pattern, category] of CATEGORY_WORDS) if (pattern.test(words)) return category;
  return "other";
}

/** "50,000", "50 000", "50.000", "1,250" → the whole number; null when the text is no count. */
function countOf(digits: string): number | null {
  const plain = digits.replace(/[\s\u00a0\u202f,.'’]/g, "");
  if (!/^\d{1,9}$/.test(plain)) return null;
  return Number(plain);
}

const NUMBER_THEN_WORDS = /^(\d[\d\s\u00a0\u202f,.'’]*\d|\d)\s*(\+?)\s*(.*)$/;

/** Reads one cell. Groups are split on "/", ";", "+" between groups, " and ", " et ", " na ". */
export function readReach(cell: string): Reach {
  const text = cell.replace(/\s+/g, " ").trim();
  if (!text || /^[-–—]$/.test(text)) return { kind: "empty" };
  const bound = AT_LEAST.exec(text);
  const rest = bound ? text.slice(bound[0].length) : text;
  const groups = rest.split(/\s*(?:\/|;|\s\+\s|\sand\s|\set\s|\sna\s)\s*/i).filter((g) => g !== "");
  const parts: ReachPart[] = [];
  let plus = false;
  for (const group of groups) {
    const m = NUMBER_THEN_WORDS.exec(group);
    const count = m?.[1] ? countOf(m[1]) : null;
    if (!m || count === null) return { kind: "qualitative", text };
    if (m[2] === "+") plus = true;
    const label = (m[3] ?? "").trim();
    parts.push({ count, category: categoryOf(label), label });
  }
  if (parts.length === 0) return { kind: "qualitative", text };
  if (bound || plus) {
    const value = parts.reduce((s, p) => s + p.count, 0);
    const categories = new Set(parts.map((p) => p.category));
    const category = categories.size === 1 ? (parts[0]?.category ?? "other") : "other";
    return { kind: "lower_bound", value, category, text };
  }
  return { kind: "exact", parts, text };
}

export function readMeasuredValue(cell: string): MeasuredValue {
  const text = cell.replace(/\s+/g, " ").trim();
  if (!text || /^[-–—]$/.test(text)) return { kind: "empty" };
  const bound = AT_LEAST.exec(text);
  const rest = bound ? text.slice(bound[0].length) : text;
  const m = /^(\d[\d\s\u00a0\u202f,'’]*(?:\.\d+)?)\s*(\+?)\s*(%?)\s*(.*)$/.exec(rest);
  if (!m?.[1]) return { kind: "qualitative", text };
  const value = Number(m[1].replace(/[\s\u00a0\u202f,'’]/g, ""));
  if (!Number.isFinite(value)) return { kind: "qualitative", text };
  return {
    kind: bound || m[2] === "+" ? "lower_bound" : "exact",
    value,
    percent: m[3] === "%",
    text,
  };
}
