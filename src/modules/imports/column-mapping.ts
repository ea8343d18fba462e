// Columns found by meaning: header synonyms in English, French and Kinyarwanda, tolerant of typos.
import { normaliseForSearch } from "../../shared/search-text";
import { REPORT_LANGUAGES, reportLabels } from "../reports";
import {
  type ColumnChoice,
  type ColumnKey,
  IGNORE_COLUMN,
  type ImportColumn,
  OTHER_COLUMN,
} from "./imports.schema";

/** Synonyms, compared after lower-casing and removing accents and punctuation. */
const WRITTEN_SYNONYMS: Record<ColumnKey, readonly string[]> = {
  serial: ["s n", "sn", "no", "n", "nr", "number", "numero", "n o", "#", "nimero", "umubare"],
  partner: [
    "partner",
    "partners",
    "partner names",
    "partner s names",
    "partner name",
    "name",
    "names",
    "nom",
    "izina",
    "partner address",
    "partner and contacts",
    "name of partner",
    "name of partner stakeholder",
    "organisation",
    "organization",
    "partenaire",
    "partenaires",
    "nom du partenaire",
    "noms des partenaires",
    "nom de l organisation",
    "umufatanyabikorwa",
    "abafatanyabikorwa",
    "izina ry umufatanyabikorwa",
    "amazina y abafatanyabikorwa",
    "amazina y umufatanyabikorwa",
  ],
  commitments: [
    "field activities",
    "activities",
    "commitments",
    "areas of cooperation",
    "scope",
    "activites",
    "activites de terrain",
    "engagements",
    "ibikorwa",
    "ibikorwa byo ku murima",
    "inshingano",
  ],
  signedOn: [
    "date of signature",
    "signed on",
    "signature date",
    "date signed",
    "status of the mou",
    "date de signature",
    "signe le",
    "itariki yasinyweho",
    "itariki y isinywa",
    "igihe yasinyiwe",
  ],
  areas: [
    "area for implementation",
    "areas for implementation",
    "area s for implementation",
    "areas of implementation",
    "area of implementation",
    "location",
    "locations",
    "place",
    "places",
    "district",
    "districts",
    "zone d intervention",
    "zones d intervention",
    "lieu de mise en oeuvre",
    "zone de mise en oeuvre",
    "zones de mise en oeuvre",
    "aho bikorerwa",
    "aho bishyirwa mu bikorwa",
    "aho ibikorwa bikorerwa",
    "uturere",
  ],
  achievements: [
    "achievements",
    "achievement",
    "results",
    "realisations",
    "resultats",
    "ibyagezweho",
    "ibyakozwe",
  ],
  ongoing: [
    "ongoing planned activities",
    "ongoing and planned activities",
    "ongoing activities",
    "activites en cours et prevues",
    "activites en cours prevues",
    "activites en cours",
    "ibikorwa bikomeje",
    "ibikorwa bikomeje n ibiteganyijwe",
    "ibikorwa bikomeje biteganyijwe",
  ],
  planned: [
    "planned activities",
    "next steps",
    "activites prevues",
    "ibiteganyijwe",
    "ibikorwa biteganyijwe",
  ],
  status: ["status", "statut", "etat", "uko bihagaze", "imiterere"],
  duration: ["duration", "validity", "period", "duree", "validite", "igihe", "igihe bimara"],
  comments: ["comments", "remarks", "observations", "notes", "commentaires", "ibitekerezo", "icyitonderwa"],
  roles: [
    "main roles areas of cooperation",
    "main roles",
    "roles",
    "role",
    "roles principaux",
    "roles principaux domaines de cooperation",
    "uruhare",
    "inshingano z ingenzi",
    "inshingano z ingenzi ibyo bafatanyamo",
  ],
  agreementKind: ["type", "type of agreement", "kind", "agreement type", "type d accord", "ubwoko"],
};

/** The export's own column headers (reportExport.columns) in each language: a report we wrote always reads back. */
const EXPORTED_COLUMNS: readonly (readonly [string, ColumnKey])[] = [
  ["sn", "serial"],
  ["partners", "partner"],
  ["fieldActivities", "commitments"],
  ["signedOn", "signedOn"],
  ["areas", "areas"],
  ["achievements", "achievements"],
  ["ongoing", "ongoing"],
  ["stakeholder", "partner"],
  ["roles", "roles"],
];

export const COLUMN_SYNONYMS: Record<ColumnKey, readonly string[]> = (() => {
  const out = Object.fromEntries(
    Object.entries(WRITTEN_SYNONYMS).map(([key, list]) => [key, [...list]]),
  ) as Record<ColumnKey, string[]>;
  for (const language of REPORT_LANGUAGES) {
    const t = reportLabels(language);
    for (const [label, key] of EXPORTED_COLUMNS) {
      const header = normaliseHeader(t(`reportExport.columns.${label}`));
      if (header && !out[key].includes(header)) out[key].push(header);
    }
  }
  return out;
})();

/** "Section", "Igice": the column in which the export's flat CSV names each row's section. */
const SECTION_HEADERS = new Set([
  "section",
  "sections",
  "partie",
  "igice",
  ...REPORT_LANGUAGES.map((language) =>
    normaliseHeader(reportLabels(language)("reportExport.columns.section")),
  ),
]);

/** The export's header of an other field whose label reads as one of its own headers: "Status (other field)". */
const OTHER_FIELD_HEADERS = REPORT_LANGUAGES.map((language) => {
  const [before = "", after = ""] = reportLabels(language)("reportExport.otherFieldColumn", {
    label: "\u0001",
  }).split("\u0001");
  return { before: before.toLowerCase(), after: after.toLowerCase() };
});

/** "Status (other field)", "Status (autre champ)" → "Status": the label the export told apart; null otherwise. */
export function exportedOtherFieldLabel(header: string): string | null {
  const text = header.trim();
  const lower = text.toLowerCase();
  for (const { before, after } of OTHER_FIELD_HEADERS) {
    if (lower.length <= before.length + after.length) continue;
    if (lower.startsWith(before) && lower.endsWith(after))
      return text.slice(before.length, text.length - after.length).trim() || null;
  }
  return null;
}

export function isSectionHeader(header: string): boolean {
  return SECTION_HEADERS.has(normaliseHeader(header));
}

function normaliseHeader(header: string): string {
  // "œuvre": NFKD leaves the ligature whole.
  return normaliseForSearch(
    header
      .replace(/<[^>]*>/g, " ")
      .replace(/œ/g, "oe")
      .replace(/Œ/g, "OE"),
  )
    .replace(/[.@]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Levenshtein distance, for typos such as "achievments" or "partener". */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}

const MIN_SCORE = 0.75;

/** How well a header reads as each key (0 – 1). */
export function scoreHeader(header: string): { key: ColumnKey; score: number } | null {
  const text = normaliseHeader(header);
  if (text === "") return null;
  let best: { key: ColumnKey; score: number } | null = null;
  for (const [key, synonyms] of Object.entries(COLUMN_SYNONYMS) as [ColumnKey, readonly string[]][]) {
    for (const synonym of synonyms) {
      let score = similarity(text, synonym);
      // "PARTNER' NAMES / CONTACTS": a longer header that starts with a synonym of 4+ letters; the longer
      // the synonym, the surer ("inshingano z ingenzi …" is the roles, not "inshingano", the commitments).
      if (score < MIN_SCORE && synonym.length >= 4 && text.startsWith(`${synonym} `))
        score = 0.8 + (0.15 * synonym.length) / text.length;
      if (score > (best?.score ?? 0)) best = { key, score };
    }
  }
  return best && best.score >= MIN_SCORE ? best : null;
}

/**
 * Reads a header row. Each key goes to its best column; a choice the user made (by header text) wins.
 * "ONGOING/PLANNED" reads as ongoing; the text of each entry decides whether it is planned.
 * A column no key is given to (unknown, or a second reading of a key another column holds) is "other": its cells
 * are kept with the agreement, unless the user chose to ignore it. `samples` are the first cell of each column.
 */
export function mapColumns(
  headers: readonly string[],
  chosen: Readonly<Record<string, ColumnChoice>> = {},
  samples: readonly (string | null)[] = [],
): ImportColumn[] {
  const columns: ImportColumn[] = headers.map((header, index) => {
    const text = normaliseHeader(header);
    const sample = samples[index] ?? null;
    const choice = chosen[header.trim()] ?? chosen[text];
    if (choice) return { index, header: header.trim(), key: choice, score: 0, sample };
    // The export's own "Status (other field)" is the other field it was, whatever its words read as.
    if (exportedOtherFieldLabel(header))
      return { index, header: header.trim(), key: OTHER_COLUMN, score: 0, sample };
    const best = scoreHeader(header);
    return { index, header: header.trim(), key: best?.key ?? OTHER_COLUMN, score: best?.score ?? 0, sample };
  });
  // One column per key: the best-scored keeps it (the user's choices are never displaced).
  const byKey = new Map<ColumnKey, ImportColumn>();
  for (const column of columns) {
    const key = column.key;
    if (key === IGNORE_COLUMN || key === OTHER_COLUMN) continue;
    const holder = byKey.get(key);
    const userChose = (c: ImportColumn) => c.score === 0;
    if (!holder) byKey.set(key, column);
    else if (!userChose(holder) && (userChose(column) || column.score > holder.score)) {
      holder.key = OTHER_COLUMN;
      byKey.set(key, column);
    } else column.key = OTHER_COLUMN;
  }
  return columns;
}

/** The columns whose cells are kept as other fields. */
export function otherColumns(columns: readonly ImportColumn[]): ImportColumn[] {
  return columns.filter((c) => c.key === OTHER_COLUMN);
}

export function columnIndex(columns: readonly ImportColumn[], key: ColumnKey): number | null {
  return columns.find((c) => c.key === key)?.index ?? null;
}

/** A header row names at least the partner and one other meaningful column (as read, or as the user chose). */
export function looksLikeHeader(
  headers: readonly string[],
  chosen: Readonly<Record<string, ColumnChoice>> = {},
): boolean {
  const keys = new Set(
    headers
      .map((h) => chosen[h.trim()] ?? chosen[normaliseHeader(h)] ?? scoreHeader(h)?.key)
      .filter((k) => k !== undefined && k !== IGNORE_COLUMN && k !== OTHER_COLUMN),
  );
  return keys.has("partner") && keys.size >= 2;
}
