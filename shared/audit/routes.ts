/** Routes of the audit capability: auditor queries, exports, chain verification. */
import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { lazy } from "../validation/lazy.ts";

const auditQuery = {
  proposalId:
    "one proposal (its lifecycle chain; stream=personal-reads for the reads of its personal data)",
  stream: "with proposalId: changes (default) | personal-reads",
  provinceId: "a province (default: yours)",
  reviewUnitId: "a reviewing unit",
  communeId: "a commune",
  actorId: "a user (username) or system",
  type: "an event type, e.g. review.approved, disbursement.recorded, personal.read",
  from: "inclusive, ISO-8601 UTC (2026-06-01 or 2026-06-01T00:00:00Z)",
  to: "exclusive, ISO-8601 UTC",
  order: "asc (default) | desc",
  limit: "1-100 (default 50)",
  cursor: "nextCursor of the previous page",
  format: "json (default) | csv (UTF-8 with BOM) | xlsx",
};

export const ListAuditEvents = /* @__PURE__ */ defineRoute({
  id: "ListAuditEvents",
  method: "GET",
  path: "/v1/audit/events",
  entry: "functions/api/audit-events.ts",
  auth: "jwt",
  action: "audit.read",
  grants: { data: "read", audit: "read" },
  request: { queryDocs: auditQuery },
  doc: {
    tag: "Audit",
    summary: "Query the audit trail (auditors), or export it as CSV / XLSX",
    summaryVi: "Tra cứu nhật ký kiểm toán, xuất CSV / XLSX",
    description:
      "Give at most one of proposalId, provinceId, reviewUnitId, communeId, actorId, type (none: your province). Events come in time order, a page at a time; every query is served by the table key or one of its indexes. Exports (format=csv|xlsx) hold up to 10,000 events; the header x-next-cursor says where to continue. Times are UTC in JSON; exports also show Vietnam time.",
  },
});

export const VerifyQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    proposalId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  }),
);

export const VerifyAuditChains = /* @__PURE__ */ defineRoute({
  id: "VerifyAuditChains",
  method: "GET",
  path: "/v1/audit/verify",
  entry: "functions/api/audit-verify.ts",
  auth: "jwt",
  action: "audit.verify",
  grants: { data: "read", audit: "read", auditDigest: "verify" },
  request: {
    query: VerifyQuery,
    queryDocs: {
      proposalId: "one proposal",
      limit: "without proposalId: proposals per page, 1-100 (default 25)",
      cursor: "nextCursor of the previous page",
    },
  },
  doc: {
    tag: "Audit",
    summary:
      "Verify the hash chains of one proposal, or of every proposal in your scope (paginated)",
    summaryVi: "Kiểm tra tính toàn vẹn chuỗi nhật ký",
    description:
      "Recomputes every event's hash, checks each link to the previous event and the recorded head, and checks each stream against the head the latest signed digest recorded for it (hourly digests signed with a KMS key, kept in an Object Lock bucket: `anchor` names the digest), which reveals events rewritten together with their head. The report names the first broken link (stream, sequence number, reason). A broken chain is reported with status 200 and ok=false. Events younger than the last digest rest on the hash chain alone.",
  },
});

export const WebAuditPage = /* @__PURE__ */ defineRoute({
  id: "WebAuditPage",
  method: "GET",
  path: "/app/audit",
  entry: "functions/web/audit-page.ts",
  auth: "none",
  grants: { data: "read", audit: "read" },
  request: { queryDocs: auditQuery },
  doc: {
    tag: "Web",
    summary: "Auditors' web page: the audit trail with filters, paging and CSV / XLSX download",
    summaryVi: "Trang nhật ký kiểm toán",
    description:
      "Server-rendered; signs in from the p8_token cookie (redirects to the sign-in otherwise). Same filters as GET /v1/audit/events.",
  },
});

export const AUDIT_ROUTES = [ListAuditEvents, VerifyAuditChains, WebAuditPage];
