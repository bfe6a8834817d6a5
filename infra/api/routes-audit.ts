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
  // the auditors' web page: public at the gateway, signs in from the p8_token cookie
  {
    id: "WebAuditPage",
    method: "GET",
    path: "/app/audit",
    entry: "functions/web/audit-page.ts",
    auth: "none",
    grants: { data: "read", audit: "read" },
  },
];
