// Switches the interface language; remembered in the browser and, when signed in, on the user.
import { useTranslation } from "react-i18next";
import type { Locale } from "../../modules/access/access.schema";
import { client, unwrap } from "../api";
import { applyLocale, LANGUAGES } from "../i18n";
import { useSession } from "../session";

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { state } = useSession();
  const change = async (locale: Locale) => {
    applyLocale(locale);
    if (state.status === "signed-in") {
      await unwrap(client.api.me.$patch({ json: { locale } })).catch(() => undefined);
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
