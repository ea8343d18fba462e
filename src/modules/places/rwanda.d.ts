// Minimal typings for the CommonJS `rwanda` npm package (v2.1.6): only the functions the places module uses.
declare module "rwanda" {
  /** Province keys of the package: "East", "Kigali", "North", "South", "West". */
  export function Provinces(): string[];
  /** Districts of one or several provinces, or of all provinces when called without an argument. */
  export function Districts(provinces?: string | string[]): string[];
  /** Sectors of one district; undefined when the province is unknown (throws when the district is unknown). */
  export function Sectors(province: string, district: string): string[] | undefined;
  /** All sectors of Rwanda (names repeat across districts). */
  export function Sectors(): string[];
}
