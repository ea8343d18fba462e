// The kernel every module builds on: who is acting, the one policy table, transactions, versioned children.
export * from "./actor.schema";
export {
  assertAllowed,
  assertAllowedOnResource,
  assertChangeStaysInScope,
  assertVersion,
  inTransaction,
  isForeignKeyViolation,
  isUniqueViolation,
  nowOf,
  preconditionFailed,
  type ServiceContext,
  type TransactionContext,
  tableOfError,
  todayOf,
} from "./context";
export * from "./jobs";
export {
  ACTIONS,
  type Action,
  isAllowed,
  type ListScope,
  listScope,
  POLICY,
  RESOURCES,
  type RecordScope,
  type Resource,
  type Rule,
} from "./policy";
export { atVersion, nextVersion } from "./versioned.store";
export { versionColumns } from "./versioned.table";
export {
  addChild,
  type ChildAction,
  type ChildDefinition,
  changeChild,
  type ParentRecord,
  removeChild,
  type VersionedRow,
} from "./versioned-child";
