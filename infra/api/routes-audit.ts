import type { RouteDef } from "./routes.ts";

/** Routes of the audit capability: auditor queries, exports, chain verification. */
export const AUDIT_ROUTES: readonly RouteDef[] = [
  {
    id: "ListAuditEvents",
    method: "GET",
    path: "/v1/audit/events",
    entry: "functions/api/audit-events.ts",
    auth: "jwt",
    grants: { data: "read", audit: "read" },
  },
  {
    id: "VerifyAuditChains",
    method: "GET",
    path: "/v1/audit/verify",
    entry: "functions/api/audit-verify.ts",
    auth: "jwt",
    grants: { data: "read", audit: "read" },
  },
];
