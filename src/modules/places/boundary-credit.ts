// The built-in district boundaries' file and the credit its licence asks for: shared by the server and the map
// (no dependencies, so the 3W page's first load stays small).

/** geoBoundaries' simplified ADM2 TopoJSON (boundary year 2012, from NISR): see reference/SOURCES.md. */
export const BUILT_IN_BOUNDARIES = {
  name: "rwanda-districts-adm2.topojson",
  attribution:
    "Boundaries: geoBoundaries (wmgeolab) / National Institute of Statistics of Rwanda (NISR), 2012; CC BY 4.0",
  licence: "CC BY 4.0",
  licenceUrl: "https://creativecommons.org/licenses/by/4.0/",
} as const;
