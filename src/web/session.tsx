// Who is signed in, whether setup is needed, and what their roles allow: shared by every page.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type Action, isAllowed, maySomewhere, type RecordScope, type Resource } from "../kernel/policy";
import type { Me, UserActor } from "../modules/access/access.schema";
import { signOut as apiSignOut, client, unwrap } from "./api";
import { forgetDeviceData } from "./device-store";
import { applyLocale, rememberSignedIn } from "./i18n";
import { forgetPendingChoice, pendingChoiceOf, settleLocale, takeSignedOutChoice } from "./locale-choice";

type SessionState =
  | { status: "loading" }
  | { status: "setup-needed" }
  | { status: "signed-out" }
  | { status: "signed-in"; me: Me }
  | { status: "unreachable" };

type Session = {
  state: SessionState;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  /** Whether the signed-in user's roles allow this (the server checks again). */
  can(resource: Resource, action: Action, record?: RecordScope): boolean;
  /** Whether the user may do this to some record (in one of their scopes): a "new" button, before there is a record. */
  canSomewhere(resource: Resource, action: Action): boolean;
};

const SessionContext = createContext<Session | null>(null);

/**
 * Shows the language picked before signing in, or switched to on a page left before the account saved it, and saves
 * it on the account; otherwise the account's.
 */
async function withSignedOutChoice(me: Me): Promise<Me> {
  // Kept until the account has it: this page may be left before its own save ends (a switch, then at once another
  // page), and the next page must still show and save the switch.
  const pending = pendingChoiceOf(sessionStorage, me.id);
  const saved = () => {
    if (pending) forgetPendingChoice(sessionStorage, me.id, pending);
  };
  const { show, save } = settleLocale(me.locale, takeSignedOutChoice(sessionStorage) ?? pending);
  await applyLocale(show);
  if (!save) {
    saved();
    return me;
  }
  // Saving is a convenience: when it fails, the language still shows for this visit. keepalive: the request outlives
  // the page when the person moves on at once.
  return unwrap(
    client.api.me.$patch(
      { header: { "if-match": `"${me.version}"` }, json: { locale: save } },
      { init: { keepalive: true } },
    ),
  )
    .then((updated) => {
      saved();
      return updated;
    })
    .catch(() => me);
}

function actorOf(me: Me): UserActor {
  return {
    kind: "user",
    userId: me.id,
    label: me.email,
    grants: me.grants,
    organisationIds: me.organisationIds,
  };
}

// One request that answers "nobody" with a 200: a signed-out page logs no failed request.
const askSession = () => unwrap(client.api.session.$get());

// Asked as soon as the app's code runs, while the language's catalog is fetched (i18n.ts): the first screen waits for
// one round trip, not one after the other. Taken by the first refresh; a failure is handled there (unreachable).
let earlySession: ReturnType<typeof askSession> | null = typeof window === "undefined" ? null : askSession();
earlySession?.catch(() => undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const refresh = useCallback(async () => {
    try {
      const pending = earlySession ?? askSession();
      earlySession = null;
      const session = await pending;
      if (session.setupNeeded) setState({ status: "setup-needed" });
      else if (!session.me) setState({ status: "signed-out" });
      else setState({ status: "signed-in", me: await withSignedOutChoice(session.me) });
    } catch {
      setState({ status: "unreachable" });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The next first load in this browser fetches the whole catalog at once when it will be needed (i18n.ts).
  useEffect(() => {
    if (state.status === "signed-in" || state.status === "signed-out")
      rememberSignedIn(state.status === "signed-in");
  }, [state.status]);

  const value = useMemo<Session>(
    () => ({
      state,
      refresh,
      async signOut() {
        // First, so that a sign-out that fails offline still leaves nothing of this user on the phone.
        await forgetDeviceData();
        await apiSignOut();
        setState({ status: "signed-out" });
      },
      can(resource, action, record) {
        return state.status === "signed-in" && isAllowed(actorOf(state.me), resource, action, record);
      },
      canSomewhere(resource, action) {
        return state.status === "signed-in" && maySomewhere(state.me.grants, resource, action);
      },
    }),
    [state, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("useMe on a page that does not require sign-in");
  return state.me;
}
