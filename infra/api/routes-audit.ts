import type { RouteDef } from "./routes.ts";

/** Routes of the audit capability: auditor queries, exports, chain verification. */
export const AUDIT_ROUTES: readonly RouteDef[] = [];
