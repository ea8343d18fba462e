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
  isSetupNeeded,
  listUsers,
  loadUserActor,
  setMyLocale,
} from "./access.service";
export {
  type Auth,
  CLIENT_IP_HEADER,
  createAuth,
  DEFAULT_SESSION_ABSOLUTE_SECONDS,
  DEFAULT_SESSION_IDLE_SECONDS,
  resolveAuthSecret,
} from "./better-auth";
export {
  assertPasswordStrong,
  checkPasswordStrength,
  MIN_PASSWORD_LENGTH,
  type PasswordWeakness,
} from "./password-strength";
