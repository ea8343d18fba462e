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
    const moved = !firstPage.current;
    firstPage.current = false;
    const movedAt = performance.now();
    // What had the focus when the move began (the link pressed, or the last page's heading when the same page shows
    // another record): anything else in the content afterwards was put there by the new page, and stays.
    const focusBefore = document.activeElement;
    let focusedOnce = false;
    const apply = () => {
      const heading = pageHeading(appName);
      const text = heading?.textContent?.replace(/\s+/g, " ").trim();
      document.title = text ? `${text} – ${appName}` : appName;
      if (!moved || !heading || performance.now() - movedAt > FOCUS_WINDOW_MS) return;
      const active = document.activeElement;
      const lost = !active || active === document.body;
      if (!lost && active !== focusBefore && heading.closest("main")?.contains(active)) return;
      // Once on the heading; again only if the focus fell to the page (the heading it was on was redrawn: the same
      // page for another record keeps the last one's heading until it loads, then draws its own or a failure's).
      if (focusedOnce && !lost) return;
      if (active === heading) return;
      focusedOnce = true;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [pathname, appName]);
}
