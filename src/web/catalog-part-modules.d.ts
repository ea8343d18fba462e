// The catalog's parts as the build makes them (vite.config.ts, catalogParts): `virtual:catalog-part/<lang>/<part>`.
declare module "virtual:catalog-part/*" {
  const sections: Record<string, unknown>;
  export default sections;
}
