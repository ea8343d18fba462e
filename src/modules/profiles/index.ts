// Public surface of the profiles module: an organisation's profile, composed from the other modules' services.
export { profileRoutes } from "./profiles.routes";
export * from "./profiles.schema";
export { getOrganisationProfile } from "./profiles.service";
