// Public surface of the access module.

export { type Action, isAllowed, listScope, POLICY, type Resource, type ServiceContext } from "../../kernel";
export { accessRoutes } from "./access.routes";
export * from "./access.schema";
export {
  changeMyPassword,
  createAdministrator,
  createFirstAdministrator,
  createUser,
  getMe,
  getUser,
  isSetupNeeded,
  listUsers,
  loadUserActor,
  setMyLocale,
  updateUser,
} from "./access.service";
export { userActivityCsvHeader, userActivityCsvRows } from "./audit-activity.export";
export { auditActivityRoutes } from "./audit-activity.routes";
export {
  type Auth,
  CLIENT_IP_HEADER,
  createAuth,
  DEFAULT_SESSION_ABSOLUTE_SECONDS,
  DEFAULT_SESSION_IDLE_SECONDS,
  resolveAuthSecret,
} from "./better-auth";
export { breakGlassRoutes } from "./break-glass.routes";
export * from "./break-glass.schema";
export { activeBreakGlass, listBreakGlass, openBreakGlass } from "./break-glass.service";
export {
  type AccountLinks,
  acceptInvitation,
  DEFAULT_INVITATION_DAYS,
  inviteUser,
  listInvitations,
  lookupInvitation,
} from "./invitations.service";
export { type AccountMail, RESET_LINK_MINUTES } from "./password-reset.service";
export {
  assertPasswordStrong,
  checkPasswordStrength,
  MIN_PASSWORD_LENGTH,
  type PasswordWeakness,
} from "./password-strength";
