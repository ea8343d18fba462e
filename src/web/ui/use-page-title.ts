// Each page says what it is: the window's title follows the page's level-one heading ("Agreements – Ubufatanye"), and
// moving to another page inside the app moves the focus to that heading, so a screen reader announces the new page
// rather than staying silent on the link just pressed. Pages load their data after they open, so the heading is
// watched for until it appears (and for changes of its text: a record's name once loaded).
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

/** How long after a move the heading may still take the focus: later, the reader may have moved on. */
const FOCUS_WINDOW_MS = 4000;

/** The page's own heading: its level-one heading, or where that is only the app's name (the sign-in card), the next. */
function pageHeading(appName: string): HTMLElement | null {
  const text = (el: Element) => el.textContent?.replace(/\s+/g, " ").trim();
  const first = document.querySelector<HTMLElement>("main h1, h1");
  if (!first || text(first) !== appName) return first;
  return document.querySelector<HTMLElement>("h2") ?? first;
}

export function usePageTitle(): void {
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const appName = t("app.name");
  const firstPage = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is a new page: watch for its heading afresh
  useEffect(() => {
    // The first page of a visit keeps the browser's own start (top of the document); later ones move the focus.
    let mayFocus = !firstPage.current;
    firstPage.current = false;
    const movedAt = performance.now();
    let focusedHeading: HTMLElement | null = null;
    const apply = () => {
      const heading = pageHeading(appName);
      const text = heading?.textContent?.replace(/\s+/g, " ").trim();
      document.title = text ? `${text} – ${appName}` : appName;
      if (!heading || performance.now() - movedAt > FOCUS_WINDOW_MS) return;
      // The same page for another record keeps the last one's heading until it loads, then draws its own (or a
      // failure's): the focus, lost with the old heading, goes to the new one.
      const lost = focusedHeading && !focusedHeading.isConnected && document.activeElement === document.body;
      if (!mayFocus && !lost) return;
      mayFocus = false;
      // A page that put the focus somewhere itself (a search field, a form's first field) keeps it there.
      const active = document.activeElement;
      if (active && active !== document.body && heading.closest("main")?.contains(active)) return;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      focusedHeading = heading;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [pathname, appName]);
}
