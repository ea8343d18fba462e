// A table cell's HTML (or plain text) → its paragraphs and bullets as plain text blocks.
import { type HTMLElement, type Node, NodeType, parse } from "node-html-parser";

const BLOCK_TAGS = new Set(["p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol", "table"]);

function collect(node: Node, blocks: string[], current: { text: string }): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    current.text += node.text;
    return;
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const tag = (node as HTMLElement).rawTagName?.toLowerCase() ?? "";
  if (tag === "br") {
    flush(blocks, current);
    return;
  }
  const isBlock = BLOCK_TAGS.has(tag);
  if (isBlock) flush(blocks, current);
  for (const child of node.childNodes) collect(child, blocks, current);
  if (isBlock) flush(blocks, current);
}

function flush(blocks: string[], current: { text: string }): void {
  const text = cleanText(current.text);
  if (text !== "") blocks.push(text);
  current.text = "";
}

/** Whitespace collapsed, non-breaking spaces as spaces, trimmed. */
export function cleanText(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Blocks of one HTML fragment, as written (bullet markers kept). */
export function htmlBlocks(html: string): string[] {
  const root = parse(html, { comment: false });
  const blocks: string[] = [];
  const current = { text: "" };
  for (const child of root.childNodes) collect(child, blocks, current);
  flush(blocks, current);
  return blocks;
}

/** The whole fragment as one line of plain text. */
export function htmlText(html: string): string {
  return cleanText(htmlBlocks(html).join(" "));
}

/** Plain text (a spreadsheet or CSV cell) as HTML: one paragraph per line. */
export function textAsHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`)
    .join("");
}

const ENDS_SENTENCE = /[.;:!?)"”]$/;

/**
 * A cell continued on the following lines of a text export: the last paragraph before the break and the
 * first after it are one paragraph unless the first ended a sentence ("…with those of government and" +
 * "other development agencies…").
 */
export function joinCellParts(parts: readonly string[]): string[] {
  const blocks: string[] = [];
  for (const part of parts) {
    const next = htmlBlocks(part);
    const last = blocks.at(-1);
    const first = next[0];
    if (last !== undefined && first !== undefined && !ENDS_SENTENCE.test(last)) {
      blocks[blocks.length - 1] = `${last} ${first}`;
      blocks.push(...next.slice(1));
    } else blocks.push(...next);
  }
  return blocks;
}

// "➤ ", "• ", "- ", "-", ". ", "a. ", "1) " at the start of a paragraph.
const MARKER = /^(?:[➤•·▪◦●○■□►▶✓✔*–—-]+|\.(?=\s)|[a-z][.)](?=\s)|\d{1,2}[.)](?=\s))\s*/u;

/** Starts with a bullet marker. */
export function hasMarker(block: string): boolean {
  return MARKER.test(block);
}

export function stripMarker(block: string): string {
  return block.replace(MARKER, "").trim();
}

/**
 * Paragraphs → items: bullet markers removed, paragraphs holding several inline bullets
 * (". Providing wheelchairs… facilities. . Training of…") split, items with no letter ("• .....") dropped.
 */
export function blockItems(blocks: readonly string[]): string[] {
  const items: string[] = [];
  for (const block of blocks) {
    const pieces = hasMarker(block) ? block.split(/(?<=[.;!?])\s+(?=(?:[.•➤–-]|[a-z]\.)\s*\S)/u) : [block];
    for (const piece of pieces) {
      const item = stripMarker(piece);
      if (/\p{L}/u.test(item)) items.push(item);
    }
  }
  return items;
}
