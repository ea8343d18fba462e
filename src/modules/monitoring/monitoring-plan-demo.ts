// Example roadmap for a first start: the NCHR's draft roadmap towards its start as NPM (seed 002: the workshop with
// APT in July 2018 — internal organisation after the SWOT analysis, NPM work, communication and cooperation). Pure
// data; the module's example-data loader creates the items through createPlanItem, for the NPM's organisation.
import type { PlanItemInput } from "./monitoring-plan.schema";

export type RoadmapExampleItem = Omit<PlanItemInput, "monitoringOrganisationId">;

export function roadmapExampleItems(): RoadmapExampleItem[] {
  return [
    {
      area: "internal_organisation",
      title: "Establish the NPM unit within the Commission, with its own staff and budget line",
      owner: "Chairperson and Executive Secretary",
      dueOn: "2018-12-31",
      status: "done",
    },
    {
      area: "internal_organisation",
      title:
        "Reform internal procedures found wanting in the SWOT analysis (visit approval, report sign-off)",
      owner: "Executive Secretary",
      dueOn: "2019-06-30",
      status: "in_progress",
      progress: 60,
    },
    {
      area: "internal_organisation",
      title: "Train Commissioners and staff on OPCAT and the preventive approach",
      owner: "NPM unit with APT",
      dueOn: "2019-03-31",
      status: "done",
    },
    {
      area: "internal_organisation",
      title: "Code of conduct and confidentiality rules for monitors",
      owner: "NPM unit",
      dueOn: "2019-09-30",
      status: "not_started",
    },
    {
      area: "npm_work",
      title: "Adopt a visit methodology and checklists (APT Detention Focus themes)",
      owner: "Head of NPM unit",
      dueOn: "2019-03-31",
      status: "done",
    },
    {
      area: "npm_work",
      title: "First annual plan of visits to places of detention",
      owner: "Head of NPM unit",
      dueOn: "2019-04-30",
      status: "in_progress",
      progress: 80,
    },
    {
      area: "npm_work",
      title: "Visit correctional facilities, police stations and transit centres as planned",
      owner: "NPM monitors",
      dueOn: "2019-12-31",
      status: "in_progress",
      progress: 35,
    },
    {
      area: "npm_work",
      title: "Annual NPM report with recommendations to the authorities",
      owner: "NPM unit",
      dueOn: "2020-03-31",
      status: "not_started",
    },
    {
      area: "communication_and_cooperation",
      title: "Communication strategy and tools for the NPM's visibility (leaflet, web page)",
      owner: "Communication officer",
      dueOn: "2019-06-30",
      status: "in_progress",
      progress: 40,
    },
    {
      area: "communication_and_cooperation",
      title: "Regular dialogue with the authorities: memoranda with RCS and RNP on access to places",
      owner: "Chairperson",
      dueOn: "2019-09-30",
      status: "in_progress",
      progress: 50,
    },
    {
      area: "communication_and_cooperation",
      title: "Cooperation with APT, the SPT and civil society organisations working in detention",
      owner: "NPM unit",
      dueOn: "2019-12-31",
      status: "postponed",
      progress: 10,
    },
  ];
}
