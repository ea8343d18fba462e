// Public surface of the public-portal module: what an administrator publishes, and the signed-out pages and API.

export { PUBLIC_CACHE_CONTROL, publicPageRoutes, publicPortalRoutes } from "./public.routes";
export * from "./public.schema";
export { getPublicPortalSettings, updatePublicPortalSettings } from "./public-settings.service";
