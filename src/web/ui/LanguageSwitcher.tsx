// Switches the interface language; remembered in the browser and, when signed in, on the user.
import { useTranslation } from "react-i18next";
import type { Locale } from "../../modules/access/access.schema";
import { client, unwrap } from "../api";
import { applyLocale, LANGUAGES } from "../i18n";
import { useSession } from "../session";

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { state, refresh } = useSession();
  const change = async (locale: Locale) => {
    applyLocale(locale);
    if (state.status === "signed-in") {
      // Remembering the language is a convenience: a failure (e.g. changed in another tab) must not disturb.
      await unwrap(
        client.api.me.$patch({ header: { "if-match": `"${state.me.version}"` }, json: { locale } }),
      ).catch(() => undefined);
      await refresh();
    }
  };
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        value={i18n.language}
        onChange={(e) => void change(e.target.value as Locale)}
        aria-label={t("nav.language")}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
