// Switches the interface language; remembered in the browser and on the user (at once, or at the next sign-in).
import { useTranslation } from "react-i18next";
import type { Locale } from "../../modules/access/access.schema";
import { ApiError, client, unwrap } from "../api";
import { applyLocale, LANGUAGES } from "../i18n";
import { forgetPendingChoice, rememberPendingChoice, rememberSignedOutChoice } from "../locale-choice";
import { useSession } from "../session";

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { state, refresh } = useSession();
  const change = async (locale: Locale) => {
    // The catalog of a language not shown yet is fetched meanwhile: the choice is saved at once, not after it (a
    // reload right after the change must find the account's language changed).
    const shown = applyLocale(locale);
    // Before sign-in the choice is remembered for the sign-in, which keeps it on the account (session.tsx).
    if (state.status !== "signed-in") rememberSignedOutChoice(sessionStorage, locale);
    else {
      // Until the account has it, the tab remembers it: a page loaded before the save ends shows it and saves it.
      const userId = state.me.id;
      rememberPendingChoice(sessionStorage, userId, locale);
      // Remembering the language is a convenience: a failure must not disturb. A 412 is the account changed since
      // this page read it — by the previous switch, when two come quickly, whose session read is still on its way
      // (the second choice was lost, and the next page showed the first): saved again on the current version.
      // keepalive: the request outlives the page, when the person moves on at once.
      const save = (version: number) =>
        unwrap(
          client.api.me.$patch(
            { header: { "if-match": `"${version}"` }, json: { locale } },
            { init: { keepalive: true } },
          ),
        );
      await save(state.me.version)
        .catch(async (error: unknown) => {
          if (!(error instanceof ApiError && error.status === 412)) throw error;
          await save((await unwrap(client.api.me.$get())).version);
        })
        .then(() => forgetPendingChoice(sessionStorage, userId, locale))
        .catch(() => undefined);
      await shown;
      await refresh();
    }
    await shown;
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
