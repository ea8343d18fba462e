// Public surface of the themes module.
export { BUILT_IN_THEMES } from "./built-in-themes";
export { themeRoutes } from "./themes.routes";
export * from "./themes.schema";
export {
  createTheme,
  deleteTheme,
  findThemeCodes,
  listThemes,
  loadBuiltInThemes,
  updateTheme,
} from "./themes.service";
