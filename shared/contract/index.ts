/** The contract's public surface: every route, every function, their types. */
export type {
  AuditAccess,
  DataAccess,
  FunctionContract,
  Grants,
  RouteContract,
  SfnAccess,
} from "./define.ts";
export { SCHEDULED_FUNCTIONS, TRIGGER_FUNCTIONS, WORKFLOW_FUNCTIONS } from "./functions.ts";
export { ROUTE_GROUPS, ROUTES, type RouteGroup } from "./routes.ts";
