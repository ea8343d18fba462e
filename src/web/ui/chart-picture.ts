// A chart drawn by Observable Plot made one picture for assistive technology: its name on the outer <svg>, and the
// names Plot gives its inner groups ("bar", "rule") removed — an unnamed role may not carry aria-label, and the figures
// are read from the table that stands beside every chart.
export function asPicture(chart: Element, label: string): void {
  for (const inner of chart.querySelectorAll("[aria-label], [aria-description]")) {
    inner.removeAttribute("aria-label");
    inner.removeAttribute("aria-description");
  }
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", label);
}
