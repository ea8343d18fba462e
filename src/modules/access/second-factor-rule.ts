// Administrators use a second factor: who must set one up, by when, and whether their administration is held back.
import type { Grant } from "./access.schema";

/**
 * An administrator without a second factor keeps the role for this long after the account was made (enough for
 * the first-start setup or a new administrator to install an authenticator app), being led to the security page
 * at every sign-in; after it, the administrator grants are withheld until a second factor is verified.
 */
export const ADMIN_SECOND_FACTOR_GRACE_HOURS = 24;

export type SecondFactorStatus = {
  enabled: boolean;
  /** The user holds an administrator grant and has no verified second factor. */
  required: boolean;
  /** Until when administration works without one (ISO date), when required. */
  requiredBy: string | null;
  /** Past requiredBy: administrator grants are withheld. */
  overdue: boolean;
};

export function secondFactorStatus(
  user: { twoFactorEnabled: boolean; createdAt: Date },
  grants: readonly Grant[],
  now: Date = new Date(),
): SecondFactorStatus {
  const isAdministrator = grants.some((g) => g.role === "administrator");
  if (user.twoFactorEnabled || !isAdministrator)
    return { enabled: user.twoFactorEnabled, required: false, requiredBy: null, overdue: false };
  const requiredBy = new Date(user.createdAt.getTime() + ADMIN_SECOND_FACTOR_GRACE_HOURS * 3600 * 1000);
  return { enabled: false, required: true, requiredBy: requiredBy.toISOString(), overdue: now >= requiredBy };
}

/** The grants that act: all of them, less administrator grants while a required second factor is overdue. */
export function actingGrants(grants: readonly Grant[], status: SecondFactorStatus): Grant[] {
  return status.overdue ? grants.filter((g) => g.role !== "administrator") : [...grants];
}
