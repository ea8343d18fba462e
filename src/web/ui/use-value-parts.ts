// The parts a field is typed in (day, month, year) for a value its form holds as one string.
import { useState } from "react";

/**
 * The parts for `value`, and a change that updates them and tells the form the value they make. Parts that do not
 * yet make a date are kept while the form's value is the one they make; a value the form sets itself (a draft
 * restored, a conflict resolved) replaces them. The comparison happens while rendering, with the parts as they are
 * now — not in an effect, which under Preact runs a frame later: by then the next part may have been typed, and the
 * effect compared those newer parts with the older value and emptied the field (a CI run lost a typed date so).
 */
export function useValueParts<P>(
  value: string,
  partsOf: (value: string) => P,
  valueOfParts: (parts: P) => string,
  onChange: (value: string) => void,
): [P, (patch: Partial<P>) => void] {
  const [state, setState] = useState(() => ({ seen: value, parts: partsOf(value) }));
  let current = state;
  if (value !== state.seen) {
    current = { seen: value, parts: valueOfParts(state.parts) === value ? state.parts : partsOf(value) };
    setState(current);
  }
  const change = (patch: Partial<P>) => {
    const parts = { ...current.parts, ...patch };
    setState({ seen: current.seen, parts });
    onChange(valueOfParts(parts));
  };
  return [current.parts, change];
}
