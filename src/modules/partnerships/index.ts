// Public surface of the partnerships module: routes, schemas, and the use cases the CLI or demo data may call.
export { addMember, removeMember, updateMember } from "./members.service";
export { isPartnershipDemoAvailable, loadPartnershipDemo } from "./partnership-demo";
export { partnershipDemoRoutes } from "./partnership-demo.routes";
export { getPartnershipWork } from "./partnership-work.service";
export { partnershipRoutes } from "./partnerships.routes";
export * from "./partnerships.schema";
export {
  createPartnership,
  deletePartnership,
  getPartnership,
  listPartnerships,
  updatePartnership,
} from "./partnerships.service";
