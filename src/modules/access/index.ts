// Public surface of the access module.

export { type Action, isAllowed, listScope, POLICY, type Resource, type ServiceContext } from "../../kernel";
export * from "./access.schema";
export {
  createAdministrator,
  createFirstAdministrator,
  createUser,
  getMe,
  isSetupNeeded,
  listUsers,
  loadUserActor,
  setMyLocale,
} from "./access.service";
export { type Auth, CLIENT_IP_HEADER, createAuth, resolveAuthSecret } from "./better-auth";
