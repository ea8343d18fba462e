// The keeper's role in an association: hand-written membership text, and the role line the export writes.
import { MEMBERSHIP_ROLES } from "../organisations";
import { REPORT_LANGUAGES, reportLabels } from "../reports";

export type ParsedMembership = {
  role: string;
  roleNote: string | null;
  startYear: number | null;
  endYear: number | null;
  text: string;
};

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const ROLE_RULES: readonly [RegExp, string][] = [
  [/\bvice[\s-]+regional\s+chair/i, "vice_regional_chair"],
  [/\bregional\s+chair/i, "regional_chair"],
  [/\bvice[\s-]+(?:chair|president)/i, "vice_chair"],
  [/\b(?:chair|president|presidence|umuyobozi)\b/i, "chair"],
  [/\bsecretar/i, "secretary"],
  [/\btreasurer|tresorier/i, "treasurer"],
  [/\bboard\s+member/i, "board_member"],
  [/\bobserver|observateur/i, "observer"],
  [/\bpartnership|\bpartners?\b|partenari?at|\bpartenaire|ubufatanye\b/i, "partner"],
  [/\bmembers?\b|\bmembre|\banyamuryango/i, "member"],
];

/** "Rwanda become Chair in 2012-2014", "a member since 2012 … vice regional chair for Eastern Africa". */
export function readMembership(text: string): ParsedMembership {
  const role = ROLE_RULES.find(([pattern]) => pattern.test(text))?.[1] ?? "member";
  const note =
    role === "vice_regional_chair" || role === "regional_chair"
      ? /regional\s+chair\s+(for\s+[^.;,(]+)/i.exec(text)?.[1]
      : undefined;
  const span =
    /\b(?:chair|member|president|became|become)\w*\s+(?:\w+\s+){0,2}(?:in|from)\s+(\d{4})\s*[-–]\s*(\d{4})\b/i.exec(
      text,
    );
  // The export writes a role's years in brackets: "Chair (2012–2014)".
  const bracketed = /\((\d{4})\s*[-–]\s*(\d{4})\)/.exec(text);
  const since = /\b(?:since|depuis|kuva)\s+(\d{4})\b/i.exec(text);
  const year = (y: string | undefined) => (y && Number(y) >= 1900 && Number(y) <= 2100 ? Number(y) : null);
  const startYear = year(span?.[1]) ?? year(bracketed?.[1]) ?? year(since?.[1]);
  const endYear = year(span?.[2]) ?? year(bracketed?.[2]);
  return {
    role,
    roleNote: note ? note.trim().slice(0, 200) : null,
    startYear,
    endYear: startYear !== null && endYear !== null && endYear < startYear ? null : endYear,
    text,
  };
}

/** Role labels of the export in every language, longest first ("Vice-président régional" before "Vice-président"). */
const ROLE_LABELS = REPORT_LANGUAGES.flatMap((language) => {
  const t = reportLabels(language);
  return MEMBERSHIP_ROLES.map((role) => ({ label: t(`memberships.roles.${role}`), role }));
}).sort((a, b) => b.label.length - a.label.length);
/** "since 2012", "depuis 2012", "kuva mu 2012": the export's bracket for a role with no end. */
const SINCE_LINES = REPORT_LANGUAGES.map((language) => {
  const [before = "", after = ""] = reportLabels(language)("reportExport.since", { year: "\u0000" }).split(
    "\u0000",
  );
  return new RegExp(`^${escapeRegExp(before.trim())}\\s*(\\d{4})\\s*${escapeRegExp(after.trim())}$`, "i");
});

/**
 * The line the export writes for the keeper's role, in any of its languages: "RCS: Chair (2012–2014)",
 * "RCS : Vice-président régional for Eastern Africa (depuis 2012)". The note after the label is kept as written.
 */
export function readRoleLine(line: string): Omit<ParsedMembership, "text"> | null {
  const m = /^[^:]+?\s*:\s*(.+)$/.exec(line.trim());
  if (!m?.[1]) return null;
  let rest = m[1].trim();
  let startYear: number | null = null;
  let endYear: number | null = null;
  const bracket = /\s*\(([^()]*)\)\s*$/.exec(rest);
  if (bracket?.[1] !== undefined) {
    const span = /^(\d{4})\s*[–-]\s*(\d{4})$/.exec(bracket[1].trim());
    const since = SINCE_LINES.map((re) => re.exec(bracket[1]?.trim() ?? "")).find((r) => r);
    if (span) [startYear, endYear] = [Number(span[1]), Number(span[2])];
    else if (since) startYear = Number(since[1]);
    if (span || since) rest = rest.slice(0, bracket.index).trim();
  }
  const lower = rest.toLocaleLowerCase();
  const found = ROLE_LABELS.find(({ label }) => {
    const l = label.toLocaleLowerCase();
    return lower === l || lower.startsWith(`${l} `);
  });
  const note = found ? rest.slice(found.label.length).trim() : "";
  // "Member since 2012" written by hand is not our line: the export puts years in brackets.
  if (!found || /\b\d{4}\b/.test(note)) return null;
  return { role: found.role, roleNote: note ? note.slice(0, 200) : null, startYear, endYear };
}
