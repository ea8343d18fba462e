// The interface language as one of the three the app knows (i18next may report regional variants).
import { useTranslation } from "react-i18next";

export type UiLocale = "en" | "fr" | "rw";

export function useUiLocale(): UiLocale {
  const { i18n } = useTranslation();
  const lang = i18n.language.slice(0, 2);
  return lang === "fr" || lang === "rw" ? lang : "en";
}
