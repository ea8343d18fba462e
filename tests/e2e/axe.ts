// axe-core in the browser tests: the WCAG 2.1 A and AA rules run on a page as it is shown, for the walk over every
// page (accessibility.test.ts) and for the states other walk-throughs reach (a record only they create, a form's errors).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Violation = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, each with up to three of its elements. */
export async function violationsOn(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy rightly refuses an inline script tag.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  }, WCAG_21_AA);
}

/** No WCAG 2.1 A/AA violation on the page as it is now; `where` names the state in the failure. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = (await violationsOn(page)).map(
    (v) => `${v.id} (${v.impact}) ${v.help} — ${v.targets.join(" | ")}`,
  );
  expect(found, `accessibility of ${where}`).toEqual([]);
}
