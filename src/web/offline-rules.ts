// What the service worker does with each request: the app shell from its cache, and the few API answers the
// report form needs (network first, the last answer when offline). Decision 018 says why these and no others.

/** Cache names; the version is the build's (a hash of the shell's file names), so a new build starts afresh. */
export const SHELL_CACHE_PREFIX = "ubufatanye-shell-";
/** Removed at sign-out by the page too (device-store.ts deletes every cache whose name starts with "ubufatanye-api"). */
export const API_CACHE = "ubufatanye-api";

export type RequestRule = "page" | "asset" | "api" | "network";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/**
 * The GET answers the report form reads to open offline: who is signed in, the report itself, and its pickers'
 * reference data (bodies, districts and sectors, themes). Nothing else — no list, no incident, no document, no export.
 */
const OFFLINE_API = [
  // Setup state and who is signed in, in one answer (session.tsx).
  /^\/api\/session$/,
  new RegExp(`^/api/submissions/${UUID}$`),
  /^\/api\/reporting-bodies$/,
  /^\/api\/places$/,
  /^\/api\/themes$/,
];

/** Places the pickers ask for: districts, or the sectors of one district; any other search is not kept. */
function isPickerQuery(url: URL): boolean {
  if (url.pathname !== "/api/places") return true;
  const kind = url.searchParams.get("kind");
  return kind === "district" || (kind === "sector" && url.searchParams.has("parentId"));
}

/**
 * Confidential cases (issue 17): never kept on the device, whatever is added to OFFLINE_API later. A shared phone
 * must hold nothing of an incident, a person in one or a referral, not even until sign-out.
 */
const NEVER_KEPT = /^\/api\/(incidents|incident-persons|referrals)(\/|$)/i;

export function ruleFor(request: { method: string; mode: string; url: string }, origin: string): RequestRule {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== origin) return "network";
  if (NEVER_KEPT.test(url.pathname)) return "network";
  if (url.pathname.startsWith("/api/")) {
    return OFFLINE_API.some((re) => re.test(url.pathname)) && isPickerQuery(url) ? "api" : "network";
  }
  // The public portal's pages are the server's HTML, not the app: never answered with the app's shell.
  if (/^\/public(\/|$)/.test(url.pathname)) return "network";
  if (request.mode === "navigate") return "page";
  // The logo, in the header of every page, is part of the shell.
  if (url.pathname.startsWith("/assets/") || url.pathname === "/favicon.svg") return "asset";
  return "network";
}

/** After this long without an answer (a 3G link that says nothing), the kept answer is used if there is one. */
export const SLOW_NETWORK_MS = 8000;

/**
 * The network's answer; when it fails, or is still silent after `slowMs`, the kept one (`kept`), if any — otherwise
 * the network's failure, or its late answer.
 */
export async function networkFirst(
  answer: Promise<Response>,
  kept: () => Promise<Response | undefined>,
  slowMs = SLOW_NETWORK_MS,
): Promise<Response> {
  // A late failure after the kept answer was used is nobody's error.
  answer.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, slowMs, undefined);
  });
  try {
    const first = await Promise.race([answer, slow]);
    if (first) return first;
  } catch (error) {
    const fallback = await kept();
    if (fallback) return fallback;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return (await kept()) ?? answer;
}
