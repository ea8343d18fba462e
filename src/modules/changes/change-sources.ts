// Which module each record of the feed belongs to, whether its label may be shown, and where its page is.
import type { ChangeEntityType, ChangeModule } from "./changes.schema";

export type ChangeSource = {
  module: ChangeModule;
  /**
   * Whether the audit row's label (a name, a title) may be shown. False for confidential records: an incident's or a
   * referral's reference, a visit's or a recommendation's wording say more than "it changed" to someone looking over
   * a shoulder, and the link leads those who may read it to the record anyway.
   */
  labelled: boolean;
  /** The record's page in the browser app, when it has one. */
  link(id: string): string | null;
};

export const CHANGE_SOURCES: Record<ChangeEntityType, ChangeSource> = {
  organisation: { module: "organisations", labelled: true, link: (id) => `/organisations/${id}` },
  agreement: { module: "agreements", labelled: true, link: (id) => `/agreements/${id}` },
  programme: { module: "programmes", labelled: true, link: (id) => `/programmes/${id}` },
  reported_presence_import: { module: "coordination", labelled: true, link: () => "/coordination" },
  reporting_body: { module: "reporting", labelled: true, link: () => "/reports/obligations" },
  reporting_obligation: { module: "reporting", labelled: true, link: () => "/reports/obligations" },
  submission: { module: "reporting", labelled: true, link: (id) => `/reports/${id}` },
  district_meeting: { module: "meetings", labelled: true, link: (id) => `/meetings/${id}` },
  incident: { module: "incidents", labelled: false, link: (id) => `/incidents/${id}` },
  referral: { module: "incidents", labelled: false, link: (id) => `/referrals/${id}` },
  service_provider: { module: "incidents", labelled: true, link: () => "/service-providers" },
  monitoring_visit: { module: "monitoring", labelled: false, link: (id) => `/monitoring/visits/${id}` },
  recommendation: {
    module: "monitoring",
    labelled: false,
    link: (id) => `/monitoring/recommendations/${id}`,
  },
  partnership: { module: "partnerships", labelled: true, link: (id) => `/partnerships/${id}` },
  place: { module: "places", labelled: true, link: () => null },
};

/** The entity types of one module, or of all. */
export function entityTypesOf(module: ChangeModule | undefined): ChangeEntityType[] {
  return (Object.keys(CHANGE_SOURCES) as ChangeEntityType[]).filter(
    (type) => module === undefined || CHANGE_SOURCES[type].module === module,
  );
}
