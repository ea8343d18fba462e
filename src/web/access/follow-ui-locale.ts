// The language of a new account or an invitation starts as the administrator's own (it was always Kinyarwanda), and
// follows the interface's while nobody has chosen another in the form.
import { useEffect, useRef } from "react";
import type { Locale } from "../../modules/access/access.schema";
import type { UiLocale } from "../ui/locale";

export function useFollowUiLocale<D extends { locale: Locale }>(
  uiLocale: UiLocale,
  setDraft: (update: (draft: D) => D) => void,
): void {
  const last = useRef(uiLocale);
  useEffect(() => {
    const previous = last.current;
    last.current = uiLocale;
    if (previous !== uiLocale) setDraft((d) => (d.locale === previous ? { ...d, locale: uiLocale } : d));
  }, [uiLocale, setDraft]);
}
