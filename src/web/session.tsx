// Who is signed in, whether setup is needed, and what their roles allow: shared by every page.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type Action, isAllowed, type RecordScope, type Resource } from "../kernel/policy";
import type { Me, UserActor } from "../modules/access/access.schema";
import { ApiError, signOut as apiSignOut, client, unwrap } from "./api";
import { forgetDeviceData } from "./device-store";
import { applyLocale } from "./i18n";

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
};

const SessionContext = createContext<Session | null>(null);

function actorOf(me: Me): UserActor {
  return {
    kind: "user",
    userId: me.id,
    label: me.email,
    grants: me.grants,
    organisationIds: me.organisationIds,
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const refresh = useCallback(async () => {
    try {
      const setup = await unwrap(client.api.setup.$get());
      if (setup.needed) {
        setState({ status: "setup-needed" });
        return;
      }
      const me = await unwrap(client.api.me.$get());
      applyLocale(me.locale);
      setState({ status: "signed-in", me });
    } catch (error) {
      setState(
        error instanceof ApiError && error.status === 401
          ? { status: "signed-out" }
          : { status: "unreachable" },
      );
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

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
