// How IATI results map onto the logframe: levels, units, lower bounds for parts, qualitative values, languages.
import { describe, expect, it } from "vitest";
import { type IatiResult, objectiveOf, planIatiResults } from "./iati-results.import";

const text = (en: string, fr?: string) => ({
  narrative: [en, ...(fr ? [{ "#text": fr, "@xml:lang": "fr" }] : [])],
});
const period = (start: string, end: string, extra: object) => ({
  "period-start": { "@iso-date": start },
  "period-end": { "@iso-date": end },
  ...extra,
});

describe("planIatiResults", () => {
  const results: IatiResult[] = [
    { "@type": "2", title: text("Detainees know their rights", "Les détenus connaissent leurs droits") },
    { "@type": "3", title: text("Justice is accessible") },
    { "@type": "3", title: text("A second impact") },
    {
      "@type": "1",
      title: text("Legal aid clinics"),
      indicator: [
        {
          "@measure": "1",
          title: text("Number of awareness sessions held", "Nombre de séances"),
          period: [
            period("2024-01-01", "2024-12-31", {
              target: [{ "@value": "12" }],
              actual: [{ "@value": "14" }],
            }),
            period("2024-01-01", "2024-12-31", { target: [{ "@value": "99" }] }),
          ],
        },
        {
          "@measure": "5",
          title: text("Quality of services"),
          baseline: [{ "@year": "2023", comment: text("Poor") }],
          period: [period("2024-01-01", "2024-12-31", { actual: [{ comment: text("Improving") }] })],
        },
        {
          "@measure": "2",
          title: text("Share of cases closed"),
          period: [
            period("2024-01-01", "2024-06-30", {
              actual: [
                { "@value": "40", dimension: [{ "@name": "sex", "@value": "female" }] },
                { "@value": "35", dimension: [{ "@name": "sex", "@value": "male" }] },
              ],
            }),
          ],
        },
      ],
    },
  ];
  const plan = planIatiResults(results, "en");

  it("makes the first impact the objective, other impacts and outcomes outcomes, the rest outputs", () => {
    expect(plan.map((r) => [r.level, r.text])).toEqual([
      ["outcome", "Detainees know their rights"],
      ["objective", "Justice is accessible"],
      ["outcome", "A second impact"],
      ["output", "Legal aid clinics"],
    ]);
    expect(plan[0]?.titles).toEqual({
      en: "Detainees know their rights",
      fr: "Les détenus connaissent leurs droits",
    });
    expect(objectiveOf(plan, "Programme")).toBe("Justice is accessible");
    expect(objectiveOf(planIatiResults([{ "@type": "1" }], "en"), "Legal aid 2024")).toBe("Legal aid 2024");
    expect(objectiveOf([], "Legal aid 2024")).toBeUndefined();
  });

  it("counts events when a unit indicator's title says so, keeps one target per period", () => {
    const [sessions] = plan[3]?.indicators ?? [];
    expect(sessions?.input.unit).toBe("events");
    expect(sessions?.titles).toEqual({ en: "Number of awareness sessions held", fr: "Nombre de séances" });
    expect(sessions?.input.targets).toEqual([
      { periodStart: "2024-01-01", periodEnd: "2024-12-31", value: 12 },
    ]);
    expect(sessions?.results).toEqual([
      { periodStart: "2024-01-01", periodEnd: "2024-12-31", valueKind: "exact", value: 14, text: null },
    ]);
  });

  it("keeps words as words: a qualitative indicator's baseline and actual", () => {
    const quality = plan[3]?.indicators[1];
    expect(quality?.input).toMatchObject({
      unit: "text",
      baselineValue: null,
      baselineText: "Baseline year 2023. Poor",
      baselineDate: null,
      targets: [],
    });
    expect(quality?.results).toEqual([
      { periodStart: "2024-01-01", periodEnd: "2024-12-31", valueKind: "qualitative", text: "Improving" },
    ]);
  });

  it("keeps shares given only per part in words: no share of the whole is made up", () => {
    const share = plan[3]?.indicators[2];
    expect(share?.input).toMatchObject({ unit: "percent", calculation: "latest" });
    expect(share?.results).toEqual([
      {
        periodStart: "2024-01-01",
        periodEnd: "2024-06-30",
        valueKind: "qualitative",
        text: "40% (sex female); 35% (sex male)",
      },
    ]);
  });
});
