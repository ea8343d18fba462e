// Every table of every module, for drizzle-kit and the typed query builder.
export * from "../modules/access/access.table";
export * from "../modules/agreements/agreements.table";
export * from "../modules/audit/audit.table";
export * from "../modules/coordination/coordination.table";
export * from "../modules/incidents/incidents.table";
export * from "../modules/library/library.table";
export * from "../modules/mail/mail.table";
export * from "../modules/meetings/meetings.table";
export * from "../modules/monitoring/monitoring.table";
export * from "../modules/organisations/organisations.table";
export * from "../modules/partnerships/partnerships.table";
export * from "../modules/places/place-boundaries.table";
export * from "../modules/places/places.table";
export * from "../modules/programmes/programmes.table";
export * from "../modules/public/public.table";
export * from "../modules/reporting/reporting.table";
export * from "../modules/themes/themes.table";
