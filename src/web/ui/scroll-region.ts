// A table that may scroll sideways on a phone: keyboard users must reach it to scroll it (tabIndex 0), and what they
// reach is named, so a screen reader says which table this is.
export function scrollRegion(label: string): { role: "region"; "aria-label": string; tabIndex: 0 } {
  return { role: "region", "aria-label": label, tabIndex: 0 };
}
