// The public portal's pages as light HTML written on the server: no script, one small inline style sheet, readable at
// 360 px and on slow mobile data (decision 031: each page ≤ 60 KB on the wire). Every text is escaped here.
import { reportLabels, type Translate } from "../reports";
import type {
  PublicAgreementList,
  PublicIncidentStatistics,
  PublicLanguage,
  PublicPortal,
  PublicProgrammeList,
  PublicRecommendationList,
  PublicSection,
  PublicThreeW,
} from "./public.schema";
import { PUBLIC_AGREEMENTS_PAGE, PUBLIC_LANGUAGES } from "./public.schema";
import { drawDistrictMap, MAP_SHADES, type MapDistrict } from "./public-map";

export type PublicPageName = "home" | PublicSection | "incidents";

/** The address of each page, and the API answers and downloads behind it. */
export const PUBLIC_PAGE_PATHS: Record<PublicPageName, string> = {
  home: "/public",
  agreements: "/public/agreements",
  threeW: "/public/3w",
  recommendations: "/public/recommendations",
  programmeResults: "/public/programmes",
  incidents: "/public/incidents",
};

const NAV_KEYS: Record<PublicPageName, string> = {
  home: "publicPortal.nav.home",
  agreements: "publicPortal.nav.agreements",
  threeW: "publicPortal.nav.threeW",
  recommendations: "publicPortal.nav.recommendations",
  programmeResults: "publicPortal.nav.programmeResults",
  incidents: "publicPortal.nav.incidents",
};

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1f23;background:#fff}
a{color:#0b5394}header,main,footer{max-width:60rem;margin:0 auto;padding:.75rem 1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #d0d7de}
header .brand{font-weight:700;text-decoration:none;color:#1b1f23}nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem}
.langs{display:flex;gap:.6rem}.langs [aria-current]{font-weight:700;color:#1b1f23;text-decoration:none}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .3rem}
article{border-top:1px solid #e1e4e8;padding:.4rem 0}dl{margin:.2rem 0;display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem}
dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e1e4e8;vertical-align:top}td.n,th.n{text-align:right}
.wrap{overflow-x:auto}.map{width:100%;max-width:36rem;height:auto;display:block}.map .n text{font:bold 11px sans-serif;text-anchor:middle;fill:#1b1f23;paint-order:stroke;stroke:#fff;stroke-width:3px}
.key{display:flex;gap:.3rem;align-items:center;font-size:.85rem}.key i{width:1rem;height:1rem;display:inline-block;border:1px solid #ccc}
.muted{color:#57606a;font-size:.9rem}footer{border-top:1px solid #d0d7de;margin-top:1.5rem}.dl a{margin-right:.8rem}`;

type Frame = {
  lang: PublicLanguage;
  page: PublicPageName;
  licence: string;
  /** The pages that have something published (the home page is always there). */
  pages: readonly PublicPageName[];
  downloads?: { href: string; label: string }[];
};

/** A link to a portal page or file in the page's language. */
export const hrefOf = (path: string, lang: PublicLanguage) => `${path}?lang=${lang}`;

function layout(frame: Frame, t: Translate, title: string, body: string): string {
  const { lang, page } = frame;
  const nav = frame.pages
    .map((p) => {
      const current = p === page ? ' aria-current="page"' : "";
      return `<li><a href="${hrefOf(PUBLIC_PAGE_PATHS[p], lang)}"${current}>${escapeHtml(t(NAV_KEYS[p]))}</a></li>`;
    })
    .join("");
  const langs = PUBLIC_LANGUAGES.map((l) =>
    l === lang
      ? `<a aria-current="true" lang="${l}" href="${hrefOf(PUBLIC_PAGE_PATHS[page], l)}">${escapeHtml(t(`language.${l}`))}</a>`
      : `<a lang="${l}" hreflang="${l}" href="${hrefOf(PUBLIC_PAGE_PATHS[page], l)}">${escapeHtml(t(`language.${l}`))}</a>`,
  ).join("");
  const downloads = frame.downloads?.length
    ? `<p class="dl"><strong>${escapeHtml(t("publicPortal.openData"))}:</strong> ${frame.downloads
        .map((d) => `<a href="${escapeHtml(d.href)}" download>${escapeHtml(d.label)}</a>`)
        .join("")}</p>`
    : "";
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Ubufatanye</title><style>${STYLE}</style></head><body><header><a class="brand" href="${hrefOf("/public", lang)}">Ubufatanye</a><nav aria-label="${escapeHtml(t("publicPortal.language"))}" class="langs">${langs}</nav><nav aria-label="${escapeHtml(t("publicPortal.title"))}"><ul>${nav}</ul></nav></header><main><h1>${escapeHtml(title)}</h1>${body}${downloads}</main><footer><p>${escapeHtml(t("publicPortal.licence", { licence: frame.licence }))}</p><p><a href="/">${escapeHtml(t("publicPortal.signIn"))}</a></p></footer></body></html>`;
}

/** A table's box, scrolled sideways on a narrow phone: reachable by keyboard and named for screen readers. */
const scrollable = (label: string) =>
  `class="wrap" role="region" tabindex="0" aria-label="${escapeHtml(label)}"`;

const name = (o: { name: string; acronym: string | null }) =>
  o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name;

/** Which pages have something to show, from the portal's settings. */
export function publishedPages(portal: PublicPortal): PublicPageName[] {
  const sections = new Set(portal.institutions.flatMap((i) => i.sections));
  const pages: PublicPageName[] = ["home"];
  for (const s of ["agreements", "threeW", "recommendations", "programmeResults"] as const)
    if (sections.has(s)) pages.push(s);
  if (portal.incidentStatistics) pages.push("incidents");
  return pages;
}

export function renderHomePage(lang: PublicLanguage, portal: PublicPortal): string {
  const t = reportLabels(lang);
  const pages = publishedPages(portal);
  const sections = pages
    .filter((p) => p !== "home")
    .map((p) => {
      const by =
        p === "incidents"
          ? ""
          : portal.institutions
              .filter((i) => i.sections.includes(p))
              .map((i) => escapeHtml(name(i)))
              .join(", ");
      const publishers = by ? `<p class="muted">${escapeHtml(t("publicPortal.publishedBy"))}: ${by}</p>` : "";
      return `<li><h2><a href="${hrefOf(PUBLIC_PAGE_PATHS[p], lang)}">${escapeHtml(t(NAV_KEYS[p]))}</a></h2>${publishers}</li>`;
    })
    .join("");
  const body = `<p>${escapeHtml(t("publicPortal.intro"))}</p>${
    sections
      ? `<ul class="sections">${sections}</ul>`
      : `<p>${escapeHtml(t("publicPortal.nothingPublished"))}</p>`
  }`;
  return layout({ lang, page: "home", licence: portal.licence, pages }, t, t("publicPortal.title"), body);
}

export function renderNotPublishedPage(lang: PublicLanguage, portal: PublicPortal): string {
  const t = reportLabels(lang);
  const body = `<p><a href="${hrefOf("/public", lang)}">${escapeHtml(t("publicPortal.backHome"))}</a></p>`;
  return layout(
    { lang, page: "home", licence: portal.licence, pages: publishedPages(portal) },
    t,
    t("publicPortal.notPublished"),
    body,
  );
}

const period = (t: Translate, from: string | null, until: string | null) =>
  [
    from ? t("publicPortal.agreements.from", { date: from }) : "",
    until ? t("publicPortal.agreements.until", { date: until }) : "",
  ]
    .filter(Boolean)
    .join(" ") || t("publicPortal.agreements.none");

/** "120 agreements", or on a register of several pages "Agreements 51–100 of 1,234". */
function pageSummary(t: Translate, list: PublicAgreementList): string {
  if (list.total <= list.agreements.length) return t("publicPortal.agreements.count", { count: list.total });
  return t("publicPortal.agreements.showing", {
    from: list.offset + 1,
    to: list.offset + list.agreements.length,
    total: list.total,
  });
}

/** Links to the page before and after this one, when there are other pages. */
function pageLinks(t: Translate, lang: PublicLanguage, list: PublicAgreementList): string {
  if (list.total <= list.agreements.length) return "";
  const number = Math.floor(list.offset / PUBLIC_AGREEMENTS_PAGE) + 1;
  const link = (n: number, rel: "prev" | "next", label: string) =>
    `<a rel="${rel}" href="${escapeHtml(`${hrefOf(PUBLIC_PAGE_PATHS.agreements, lang)}&page=${n}`)}">${escapeHtml(label)}</a>`;
  const links = [
    number > 1 ? link(number - 1, "prev", t("publicPortal.agreements.previous")) : "",
    list.offset + list.agreements.length < list.total
      ? link(number + 1, "next", t("publicPortal.agreements.next"))
      : "",
  ].filter(Boolean);
  return `<nav class="pages" aria-label="${escapeHtml(t("publicPortal.agreements.pages"))}">${links.join(" ")}</nav>`;
}

export function renderAgreementsPage(
  lang: PublicLanguage,
  portal: PublicPortal,
  list: PublicAgreementList,
): string {
  const t = reportLabels(lang);
  const items = list.agreements
    .map((a) => {
      const row = (label: string, value: string) =>
        value ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>` : "";
      const parties = a.parties.map((p) => `${name(p)} — ${t(`agreements.roles.${p.role}`)}`).join("; ");
      return `<article><h2>${escapeHtml(a.title)}</h2><dl>${row(t(`agreements.kind`), t(`agreements.kinds.${a.kind}`))}${row(t("publicPortal.agreements.keeper"), name(a.keeper))}${row(t("publicPortal.agreements.parties"), parties)}${row(t("publicPortal.agreements.signed"), a.signedOn ?? "")}${row(t("publicPortal.agreements.period"), period(t, a.validFrom, a.validUntil))}${row(t("agreements.status"), t(`agreements.statuses.${a.status}`))}${row(t("publicPortal.agreements.themes"), a.themes.map((x) => x.name).join(", "))}${row(t("publicPortal.agreements.places"), a.places.join(", "))}</dl></article>`;
    })
    .join("");
  const body = `<p>${escapeHtml(pageSummary(t, list))}</p>${items}${pageLinks(t, lang, list)}`;
  return layout(
    {
      lang,
      page: "agreements",
      licence: portal.licence,
      pages: publishedPages(portal),
      downloads: [
        { href: hrefOf("/api/public/agreements.csv", lang), label: t("publicPortal.download.csv") },
        { href: hrefOf("/api/public/agreements", lang), label: t("publicPortal.download.json") },
      ],
    },
    t,
    t("publicPortal.nav.agreements"),
    body,
  );
}

export function renderThreeWPage(
  lang: PublicLanguage,
  portal: PublicPortal,
  threeW: PublicThreeW,
  shapes: readonly MapDistrict[],
): string {
  const t = reportLabels(lang);
  const counts = new Map(threeW.districts.map((d) => [d.code, d.organisations]));
  const districtName = new Map(threeW.districts.map((d) => [d.code, d.name]));
  const map = drawDistrictMap(
    shapes,
    counts,
    (district, count) => t("publicPortal.threeW.districtTitle", { district, count }),
    t("publicPortal.threeW.mapTitle"),
  );
  const key = `<p class="key">${MAP_SHADES.map((c) => `<i style="background:${c}"></i>`).join("")} ${escapeHtml(t("publicPortal.threeW.legend"))}</p>`;
  const credit = threeW.mapCredit
    ? `<p class="muted">${escapeHtml(t("publicPortal.threeW.mapCredit", { credit: threeW.mapCredit }))}</p>`
    : "";
  const themeName = new Map(threeW.themes.map((x) => [x.code, x.name]));
  // One row per organisation: its themes and the districts it works in (a short table on a phone, where a row per
  // district would repeat every nationwide partner thirty times).
  const rows = threeW.organisations.flatMap((o) => {
    const cells = threeW.cells.filter((c) => c.organisation === o.key);
    if (cells.length === 0) return [];
    const themes = [...new Set(cells.map((c) => themeName.get(c.theme) ?? c.theme))].sort();
    const codes = new Set(cells.map((c) => c.district));
    const districts =
      codes.size === shapes.length && shapes.length > 0
        ? t("publicPortal.threeW.allDistricts", { count: codes.size })
        : [...codes]
            .map((code) => districtName.get(code) ?? code)
            .sort()
            .join(", ");
    return [
      `<tr><th scope="row">${escapeHtml(name(o))}</th><td>${escapeHtml(themes.join(", "))}</td><td>${escapeHtml(districts)}</td></tr>`,
    ];
  });
  const table = rows.length
    ? `<h2>${escapeHtml(t("publicPortal.threeW.matrix"))}</h2><div ${scrollable(t("publicPortal.threeW.matrix"))}><table><thead><tr><th scope="col">${escapeHtml(t("publicPortal.threeW.organisations"))}</th><th scope="col">${escapeHtml(t("publicPortal.threeW.theme"))}</th><th scope="col">${escapeHtml(t("publicPortal.threeW.district"))}</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`
    : `<p>${escapeHtml(t("publicPortal.nothingPublished"))}</p>`;
  const body = `<p>${escapeHtml(t("publicPortal.threeW.intro", { date: threeW.date }))}</p>${map}${key}${credit}${table}`;
  return layout(
    {
      lang,
      page: "threeW",
      licence: portal.licence,
      pages: publishedPages(portal),
      downloads: [
        { href: "/api/public/3w.hxl.csv", label: t("publicPortal.download.hxl") },
        { href: hrefOf("/api/public/3w", lang), label: t("publicPortal.download.json") },
      ],
    },
    t,
    t("publicPortal.nav.threeW"),
    body,
  );
}

export function renderRecommendationsPage(
  lang: PublicLanguage,
  portal: PublicPortal,
  list: PublicRecommendationList,
): string {
  const t = reportLabels(lang);
  const items = list.recommendations
    .map((r) => {
      const places = r.allFacilities ? t("monitoring.recommendations.allFacilities") : r.places.join(", ");
      const facts = [
        `${t("publicPortal.recommendations.monitoringBody")} ${name(r.monitoringBody)}`,
        `${t("monitoring.recommendations.addressee")}: ${name(r.addressee)}`,
        `${t("monitoring.recommendations.theme")}: ${t(`monitoring.themes.${r.theme}`)}`,
        `${t("monitoring.recommendations.priority")}: ${t(`monitoring.recommendations.priorities.${r.priority}`)}`,
        t("publicPortal.recommendations.issued", { date: r.issuedOn }),
        r.deadline ? t("publicPortal.recommendations.deadline", { date: r.deadline }) : "",
        places ? `${t("monitoring.recommendations.places")}: ${places}` : "",
      ].filter(Boolean);
      const status = t("publicPortal.recommendations.statusOn", {
        status: t(`monitoring.recommendations.statuses.${r.status}`),
        date: r.statusOn,
      });
      return `<article><h2>${r.number}. ${escapeHtml(r.text)}</h2><p><strong>${escapeHtml(status)}</strong></p><p class="muted">${facts.map(escapeHtml).join(" · ")}</p></article>`;
    })
    .join("");
  const body = `<p>${escapeHtml(t("publicPortal.recommendations.intro"))}</p>${items || `<p>${escapeHtml(t("publicPortal.nothingPublished"))}</p>`}`;
  return layout(
    {
      lang,
      page: "recommendations",
      licence: portal.licence,
      pages: publishedPages(portal),
      downloads: [
        { href: hrefOf("/api/public/recommendations", lang), label: t("publicPortal.download.json") },
      ],
    },
    t,
    t("publicPortal.nav.recommendations"),
    body,
  );
}

const formatNumber = (lang: PublicLanguage, n: number) =>
  new Intl.NumberFormat(lang === "rw" ? "en" : lang).format(n);

export function renderProgrammesPage(
  lang: PublicLanguage,
  portal: PublicPortal,
  list: PublicProgrammeList,
): string {
  const t = reportLabels(lang);
  const items = list.programmes
    .map((p) => {
      const rows = p.indicators
        .map((i) => {
          const actual =
            i.actual === null
              ? i.actualKind === "not_reported"
                ? t("publicPortal.programmes.notReported")
                : "—"
              : i.actualKind === "lower_bound"
                ? t("publicPortal.programmes.atLeast", { value: formatNumber(lang, i.actual) })
                : formatNumber(lang, i.actual);
          return `<tr><td>${escapeHtml(i.title)}</td><td class="n">${i.target === null ? "—" : escapeHtml(formatNumber(lang, i.target))}</td><td class="n">${escapeHtml(actual)}</td></tr>`;
        })
        .join("");
      const table = rows
        ? `<div ${scrollable(p.title)}><table><thead><tr><th scope="col">${escapeHtml(t("publicPortal.programmes.indicator"))}</th><th scope="col" class="n">${escapeHtml(t("publicPortal.programmes.target"))}</th><th scope="col" class="n">${escapeHtml(t("publicPortal.programmes.actual"))}</th></tr></thead><tbody>${rows}</tbody></table></div>`
        : "";
      return `<article><h2>${escapeHtml(p.title)}</h2><p class="muted">${escapeHtml(name(p.lead))} · ${escapeHtml(p.startDate)} – ${escapeHtml(p.endDate)}</p><p>${escapeHtml(t("publicPortal.programmes.peopleReached", { count: formatNumber(lang, p.peopleReached) }))}</p>${table}</article>`;
    })
    .join("");
  const body = `<p>${escapeHtml(t("publicPortal.programmes.intro"))}</p>${items || `<p>${escapeHtml(t("publicPortal.nothingPublished"))}</p>`}`;
  return layout(
    {
      lang,
      page: "programmeResults",
      licence: portal.licence,
      pages: publishedPages(portal),
      downloads: [
        { href: "/api/public/programmes.iati.xml", label: t("publicPortal.download.iati") },
        { href: hrefOf("/api/public/programmes", lang), label: t("publicPortal.download.json") },
      ],
    },
    t,
    t("publicPortal.nav.programmeResults"),
    body,
  );
}

export function renderIncidentsPage(
  lang: PublicLanguage,
  portal: PublicPortal,
  stats: PublicIncidentStatistics,
): string {
  const t = reportLabels(lang);
  const cell = (c: { count: number | null; suppressed: "small" | "complementary" | null }) =>
    c.suppressed === "small"
      ? `<${stats.threshold}`
      : c.suppressed === "complementary" || c.count === null
        ? "–"
        : formatNumber(lang, c.count);
  const table = (
    title: string,
    column: string,
    countColumn: string,
    items: PublicIncidentStatistics["byKind"],
  ) =>
    items.length
      ? `<h2>${escapeHtml(title)}</h2><div ${scrollable(title)}><table><thead><tr><th scope="col">${escapeHtml(column)}</th><th scope="col" class="n">${escapeHtml(countColumn)}</th></tr></thead><tbody>${items
          .map(
            (i) => `<tr><td>${escapeHtml(i.label)}</td><td class="n">${escapeHtml(cell(i.cell))}</td></tr>`,
          )
          .join("")}</tbody></table></div>`
      : "";
  const s = "incidents.statistics";
  const body = `<p>${escapeHtml(t("publicPortal.incidents.intro", { threshold: stats.threshold }))}</p><p><strong>${escapeHtml(cell(stats.incidents))}</strong> ${escapeHtml(t(`${s}.total`))} · <strong>${escapeHtml(cell(stats.victims))}</strong> ${escapeHtml(t(`${s}.victims`))}</p>${table(t(`${s}.byKind`), t(`${s}.byKindColumn`), t(`${s}.count`), stats.byKind)}${table(t("publicPortal.incidents.byYear"), t("publicPortal.incidents.byYearColumn"), t(`${s}.count`), stats.byYear)}${table(t(`${s}.byDistrict`), t(`${s}.byDistrictColumn`), t(`${s}.count`), stats.byDistrict)}${table(t(`${s}.bySex`), t(`${s}.bySexColumn`), t(`${s}.victimCount`), stats.bySex)}${table(t(`${s}.byAgeGroup`), t(`${s}.byAgeGroupColumn`), t(`${s}.victimCount`), stats.byAgeGroup)}<p class="muted">${escapeHtml(t(`${s}.smallNote`, { threshold: stats.threshold }))} ${escapeHtml(t(`${s}.complementaryNote`))}</p>`;
  return layout(
    {
      lang,
      page: "incidents",
      licence: portal.licence,
      pages: publishedPages(portal),
      downloads: [
        { href: hrefOf("/api/public/incident-statistics", lang), label: t("publicPortal.download.json") },
      ],
    },
    t,
    t("publicPortal.nav.incidents"),
    body,
  );
}

/** The page's language: `?lang=` when given, else the first of Accept-Language we have, else English. */
export function chooseLanguage(
  query: string | undefined,
  acceptLanguage: string | undefined,
): PublicLanguage {
  const known = (tag: string): PublicLanguage | undefined =>
    PUBLIC_LANGUAGES.find(
      (l) =>
        tag.trim().toLowerCase().startsWith(l) || (l === "rw" && tag.trim().toLowerCase().startsWith("kin")),
    );
  if (query) {
    const chosen = PUBLIC_LANGUAGES.find((l) => l === query);
    if (chosen) return chosen;
  }
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { tag, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const lang = known(tag);
    if (lang) return lang;
  }
  return "en";
}
