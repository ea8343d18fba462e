// What the app keeps on the device: one IndexedDB store of drafts (key → value), and, at sign-out, nothing at all.
// Hand-written rather than a dependency: four calls over one object store (decision 018).

const DB_NAME = "ubufatanye";
const STORE = "drafts";

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  // A failed open (private mode, quota) is tried again next time rather than remembered.
  opened.catch(() => {
    opened = null;
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const readDeviceValue = (key: string): Promise<unknown> => run("readonly", (s) => s.get(key));
export const writeDeviceValue = (key: string, value: unknown): Promise<IDBValidKey> =>
  run("readwrite", (s) => s.put(value, key));
export const removeDeviceValue = (key: string): Promise<undefined> => run("readwrite", (s) => s.delete(key));

/**
 * At sign-out: every draft and every kept API answer go, so the next person on a shared phone finds nothing of this
 * one's. (The prefix is offline-rules.ts's API_CACHE; that file is the service worker's and is not imported here, to
 * keep sw.js free of shared chunks.)
 */
export async function forgetDeviceData(): Promise<void> {
  const drafts = typeof indexedDB === "undefined" ? undefined : run("readwrite", (s) => s.clear());
  const answers =
    typeof caches === "undefined"
      ? undefined
      : caches
          .keys()
          .then((names) =>
            Promise.all(names.filter((n) => n.startsWith("ubufatanye-api")).map((n) => caches.delete(n))),
          );
  await Promise.allSettled([drafts, answers]);
}
