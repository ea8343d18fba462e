// Who a request's session cookie belongs to and what they may do, kept in memory between requests (issue 20): every
// API request used to read the session, the user twice, the grants and the organisations — five round trips, a third
// of a list's answer. A cached answer costs one read of the auth epoch, a counter the database raises on every change
// to users, grants, user organisations, sessions and second factors (triggers, migration 0038): any change on any
// instance makes every instance read the user again on its next request. Entries live 30 s at most (the second
// factor's grace period ends at a time, not by a change) and never past their session's end.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../db/client";
import type { UserActor } from "../kernel";

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
/** better-auth's session cookie, with the __Secure- prefix it takes on HTTPS. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/;

type Entry = { actor: UserActor; epoch: string; until: number };

/** What a request resolves to when it is not in the cache: the actor (null: no valid session) and when it ends. */
export type LoadedActor = { actor: UserActor | null; sessionEndsAt: Date } | null;

export type ActorCache = {
  /**
   * The actor of the request with this Cookie header: from the cache when the auth epoch has not moved since it
   * was read, else from `load` (then kept). Requests without a session cookie are not cached.
   */
  resolve(cookieHeader: string | undefined, load: () => Promise<LoadedActor>): Promise<UserActor | null>;
  size(): number;
};

export function createActorCache(db: Executor, now: () => number = Date.now): ActorCache {
  const entries = new Map<string, Entry>();
  const currentEpoch = async () =>
    (await queryRows<{ value: string }>(db, sql`select value::text as value from auth_epoch`))[0]?.value ??
    "";
  return {
    async resolve(cookieHeader, load) {
      const token = cookieHeader ? SESSION_COOKIE.exec(cookieHeader)?.[1] : undefined;
      if (!token) return (await load())?.actor ?? null;
      // Keyed by a digest: the cache holds no usable token.
      const key = createHash("sha256").update(token).digest("base64url");
      // Read before the user is: a change made while loading raises the epoch past the one kept with the entry.
      const epoch = await currentEpoch();
      const hit = entries.get(key);
      if (hit && hit.epoch === epoch && hit.until > now()) return hit.actor;
      entries.delete(key);
      const loaded = await load();
      if (!loaded?.actor) return null;
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, {
        actor: loaded.actor,
        epoch,
        until: Math.min(now() + TTL_MS, loaded.sessionEndsAt.getTime()),
      });
      return loaded.actor;
    },
    size: () => entries.size,
  };
}
