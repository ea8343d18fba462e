// Strings inside a parsed JSON value: which hold U+0000 (PostgreSQL text cannot store it), found without recursion.
import type { FieldError } from "./app-errors";

/** U+0000 written visibly, for a field name in a problem. */
export const visibleNul = (text: string) => text.replaceAll("\u0000", "\\u0000");

export const NUL_MESSAGE = "Remove the invisible control character (U+0000).";

export type Found = { path: string[]; key: boolean };
/** A place in the JSON value: its key and its parent's place (paths are built only for what is found). */
type Place = { key: string; parent: Place | null } | null;

const pathOf = (place: Place): string[] => {
  const path: string[] = [];
  for (let p = place; p; p = p.parent) path.push(p.key);
  return path.reverse();
};

/**
 * Every string and key of a JSON value that `test` picks, in document order, with its path; iterative and without
 * copying paths, so a body nested a hundred thousand arrays deep (a hostile boundary file) costs one loop.
 */
export function findStrings(value: unknown, test: (s: string) => boolean, firstOnly: boolean): Found[] {
  const found: Found[] = [];
  const stack: { value: unknown; place: Place }[] = [{ value, place: null }];
  while (stack.length > 0 && !(firstOnly && found.length > 0)) {
    const next = stack.pop();
    if (!next) break;
    const { value: v, place } = next;
    if (typeof v === "string") {
      if (test(v)) found.push({ path: pathOf(place), key: false });
    } else if (v === KEY_MARK) {
      found.push({ path: pathOf(place), key: true });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], place: { key: String(i), parent: place } });
    } else if (v && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [string, unknown];
        // A key that fails is reported as the field itself, and its value is not looked into.
        stack.push({ value: test(key) ? KEY_MARK : item, place: { key, parent: place } });
      }
    }
  }
  return found;
}
const KEY_MARK = Symbol("key");

/** Every string (or key) of a JSON value that holds U+0000, as field errors: what the routes' validation adds. */
export function nulFieldErrors(value: unknown): FieldError[] {
  return findStrings(value, (s) => s.includes("\u0000"), false).map(
    ({ path, key }): FieldError => ({
      path: (key ? [...path.slice(0, -1), visibleNul(path[path.length - 1] ?? "")] : path).join("."),
      message: NUL_MESSAGE,
      code: "nul_character",
      in: "body",
    }),
  );
}
