// IATI activity file → its activities, in a parsing worker (kernel/files): no DTD or entity is accepted, the schema
// check is libxml2 compiled to WebAssembly (no file system, no network, bounded memory), then fast-xml-parser reads it.
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";
import { AppError, type FieldError, invalid } from "../../shared/app-errors";
import { IATI_RESULT_ARRAYS, type IatiResult } from "./iati-results.import";

type Narrative = string | { "#text"?: string; "@xml:lang"?: string };
export type IatiElement = {
  narrative?: Narrative[];
  "@type"?: string;
  "@role"?: string;
  "@ref"?: string;
  "@code"?: string;
};
type IatiDated = { "@iso-date"?: string };
export type IatiValue = { "#text"?: string; "@currency"?: string; "@value-date"?: string } | string;
export type IatiBudgetElement = {
  "@type"?: string;
  "@status"?: string;
  "period-start"?: IatiDated;
  "period-end"?: IatiDated;
  value?: IatiValue;
};
export type IatiTransactionElement = {
  "@ref"?: string;
  "transaction-type"?: IatiElement;
  "transaction-date"?: IatiDated;
  value?: IatiValue;
  description?: IatiElement[];
  "provider-org"?: IatiElement;
  "receiver-org"?: IatiElement;
};
/** An org of a planned disbursement: an IATI element that may name the activity the money comes from or goes to. */
export type IatiDisbursementOrgElement = IatiElement & {
  "@provider-activity-id"?: string;
  "@receiver-activity-id"?: string;
};
export type IatiPlannedDisbursementElement = {
  "@type"?: string;
  "period-start"?: IatiDated;
  "period-end"?: IatiDated;
  value?: IatiValue;
  "provider-org"?: IatiDisbursementOrgElement;
  "receiver-org"?: IatiDisbursementOrgElement;
};
/** Plain text that another namespace's attribute would turn into an object. */
export type IatiPlainText = string | { "#text"?: string };
export type IatiContactInfoElement = {
  "@type"?: string;
  organisation?: IatiElement;
  department?: IatiElement;
  "person-name"?: IatiElement;
  "job-title"?: IatiElement;
  telephone?: IatiPlainText[];
  email?: IatiPlainText[];
  website?: IatiPlainText[];
  "mailing-address"?: IatiElement[];
};
type IatiVocabularyElement = IatiElement & {
  "@vocabulary"?: string;
  "@vocabulary-uri"?: string;
  "@percentage"?: string;
};
export type IatiActivity = {
  "iati-identifier"?: string;
  "@xml:lang"?: string;
  "@default-currency"?: string;
  title?: IatiElement;
  description?: IatiElement[];
  "participating-org"?: IatiElement[];
  "activity-status"?: IatiElement;
  "activity-date"?: (IatiElement & IatiDated)[];
  "contact-info"?: IatiContactInfoElement[];
  "recipient-country"?: (IatiElement & { "@percentage"?: string })[];
  "recipient-region"?: IatiVocabularyElement[];
  location?: IatiElement[];
  sector?: IatiVocabularyElement[];
  tag?: IatiVocabularyElement[];
  "policy-marker"?: (IatiVocabularyElement & { "@significance"?: string })[];
  budget?: IatiBudgetElement[];
  "planned-disbursement"?: IatiPlannedDisbursementElement[];
  transaction?: IatiTransactionElement[];
  result?: IatiResult[];
};

const ARRAYS = new Set([
  "iati-activity",
  "narrative",
  "participating-org",
  "activity-date",
  "recipient-country",
  "location",
  "sector",
  "description",
  "budget",
  "transaction",
  "contact-info",
  "telephone",
  "email",
  "website",
  "mailing-address",
  "recipient-region",
  "tag",
  "policy-marker",
  "planned-disbursement",
  ...IATI_RESULT_ARRAYS,
]);

/** The schema files the activities schema includes or imports: all of them sit in the schema's folder. */
const SCHEMA_COMPANIONS = ["iati-common.xsd", "xml.xsd"];
/** libxml2's WebAssembly memory: 256 MB (4,096 pages of 64 KB), enough for a 20 MB file, never more. */
const XMLLINT_MEMORY_PAGES = 4_096;

/**
 * A DOCTYPE declares a DTD or entities: external ones read files and URLs (XXE), nested ones expand to gigabytes
 * (billion laughs). IATI files never need one, so any is refused before a parser sees the file.
 */
export function refuseDoctype(xml: string, file: string, field = "xml"): void {
  if (!/<!DOCTYPE|<!ENTITY/i.test(xml)) return;
  const message = `${file} declares a DTD or entities (<!DOCTYPE …>); IATI files never need one, and for safety it was refused.`;
  throw new AppError("validation", message, [
    { path: field, code: "xml_dtd_refused", message, params: { file }, in: "body" },
  ]);
}

/** The IATI 2.03 activities schema check: each problem with its line and element; none when the file is valid. */
export async function validateIatiXml(xml: string, schemaPath: string): Promise<FieldError[]> {
  const folder = dirname(schemaPath);
  const [schema, ...companions] = await Promise.all(
    [basename(schemaPath), ...SCHEMA_COMPANIONS].map(async (name) => ({
      fileName: name,
      contents: await readFile(join(folder, name), "utf8"),
    })),
  );
  const result = await validateXML({
    xml: [{ fileName: "activities.xml", contents: xml }],
    schema: schema ?? [],
    preload: companions,
    maxMemoryPages: XMLLINT_MEMORY_PAGES,
    // --nonet: libxml2 never fetches a URL (there is no network in WebAssembly either; this says it twice).
    modifyArguments: (args) => ["--nonet", ...args],
  });
  if (result.valid) return [];
  const errors: FieldError[] = [];
  for (const e of result.errors) {
    // "activities.xml:12: Schemas validity error : Element 'title': …"
    const m = /^.*?:(\d+): (?:element ([^:]+): )?(?:[^:]+ error : )?(.*)$/.exec(e.rawMessage);
    if (!m || e.rawMessage.endsWith("fails to validate") || e.rawMessage.trim() === "") continue;
    const message = (m[3] ?? e.rawMessage).trim();
    // libxml2 2.9 wrote "element title:" before the message; later versions name it only inside: "Element 'title'".
    const element = m[2] ?? /^Element '([^']+)'/.exec(message)?.[1];
    errors.push({ path: `line ${m[1]}${element ? `, element ${element}` : ""}`, message });
  }
  if (errors.length === 0)
    errors.push({ path: "file", message: result.rawOutput.trim() || "The file is not valid." });
  return errors;
}

/**
 * What the parsing worker runs: the activities of a file that passed the IATI schema check, or the AppError that
 * stops the import (a DTD, schema errors, no activity).
 */
export async function readIatiActivities(
  xml: string,
  schemaPath: string,
  file: string,
): Promise<IatiActivity[]> {
  refuseDoctype(xml, file);
  const errors = await validateIatiXml(xml, schemaPath);
  if (errors.length > 0) throw invalid(errors, "The file does not follow the IATI 2.03 schema.");
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    // Only XML's five predefined entities remain to decode: no DOCTYPE gets this far.
    isArray: (name) => ARRAYS.has(name),
  }).parse(xml) as { "iati-activities"?: { "iati-activity"?: IatiActivity[] } };
  const activities = parsed["iati-activities"]?.["iati-activity"] ?? [];
  if (activities.length === 0)
    throw invalid([{ path: "iati-activities", message: "The file holds no activity." }]);
  return activities;
}
