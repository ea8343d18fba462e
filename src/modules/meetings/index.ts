// Public surface of the district meetings module: routes, schemas, and the use cases the CLI or demo data may call.
export { addActionItem, removeActionItem, updateActionItem } from "./action-items.service";
export { agendaDocument, exportAgendaDocx } from "./meetings.export";
export { meetingRoutes } from "./meetings.routes";
export * from "./meetings.schema";
export {
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetings,
  regenerateAgenda,
  updateMeeting,
} from "./meetings.service";
// For the recent-changes feed: the same scope condition as the meeting list uses.
export { meetingScopeCondition } from "./meetings.store";
