// The service worker: keeps the app shell (index.html, the first load's and the report form's assets) for offline
// use, and the report form's few API answers (offline-rules.ts); built to /sw.js with the shell list filled in.
import { API_CACHE, networkFirst, ruleFor, SHELL_CACHE_PREFIX } from "./offline-rules";

// The WebWorker lib cannot be loaded beside DOM in one program: the few service-worker types used here.
type ExtendableEvent = Event & { waitUntil(work: Promise<unknown>): void };
type FetchEvent = ExtendableEvent & { request: Request; respondWith(answer: Promise<Response>): void };
type ServiceWorkerScope = {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
};

/** Replaced at build time (vite.config.ts): the build's version and the shell's URLs. */
declare const __SHELL__: { version: string; files: string[] };

const scope = self as unknown as ServiceWorkerScope;
const SHELL = `${SHELL_CACHE_PREFIX}${__SHELL__.version}`;

scope.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(__SHELL__.files))
      .then(() => scope.skipWaiting()),
  );
});

// Older builds' shells go; the API answers stay (same shape across builds, and removed at sign-out).
scope.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== SHELL).map((n) => caches.delete(n)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

/** A page of the app: the network's answer, or offline (or silent) the shell's index.html (the router draws it). */
function page(request: Request): Promise<Response> {
  return networkFirst(fetch(request), () => caches.match("/index.html", { cacheName: SHELL }));
}

/** Hashed assets never change: from the cache, else fetched and kept (a page's chunk first used online). */
async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  const answer = await fetch(request);
  if (answer.ok) {
    const copy = answer.clone();
    void caches.open(SHELL).then((cache) => cache.put(request, copy));
  }
  return answer;
}

/** Network first, each good answer kept; a refusal (401: signed out) removes the kept one. */
async function api(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  const answer = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(request, res.clone());
    else if (res.status === 401 || res.status === 403 || res.status === 404) await cache.delete(request);
    return res;
  });
  return networkFirst(answer, () => cache.match(request));
}

scope.addEventListener("fetch", (event) => {
  const rule = ruleFor(event.request, scope.location.origin);
  if (rule === "page") event.respondWith(page(event.request));
  else if (rule === "asset") event.respondWith(asset(event.request));
  else if (rule === "api") event.respondWith(api(event.request));
});
