import type { RouteDef } from "./routes.ts";

/**
 * Routes of the approver experience: web task inbox, email links, claiming, routing as data.
 * Pages and link pages are public at the gateway (a browser sends a cookie, not a bearer
 * header) and authenticate themselves from the verified `p8_token` cookie; JSON APIs use the JWT
 * authorizer.
 */
export const APPROVER_ROUTES: readonly RouteDef[] = [
  // web pages (server-rendered)
  {
    id: "WebInbox",
    method: "GET",
    path: "/app/tasks",
    entry: "functions/web/inbox.ts",
    auth: "none",
    grants: { data: "read" },
  },
  {
    id: "WebTaskPage",
    method: "GET",
    path: "/app/tasks/{id}",
    entry: "functions/web/get-task-page.ts",
    auth: "none",
    grants: { data: "read", audit: "read" },
  },
  {
    id: "WebTaskAction",
    method: "POST",
    path: "/app/tasks/{id}",
    entry: "functions/web/post-task-page.ts",
    auth: "none",
    grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"], mail: true },
  },
  // email links
  {
    id: "OpenEmailLink",
    method: "GET",
    path: "/l/{linkId}",
    entry: "functions/web/open-link.ts",
    auth: "none",
    grants: { data: "read" },
  },
  {
    id: "DecideByEmailLink",
    method: "POST",
    path: "/l/{linkId}",
    entry: "functions/web/decide-by-link.ts",
    auth: "none",
    grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  },
  // task assignment
  {
    id: "ClaimTask",
    method: "POST",
    path: "/v1/tasks/{id}/claim",
    entry: "functions/api/claim-task.ts",
    auth: "jwt",
    grants: { data: "readwrite" },
  },
  {
    id: "UnclaimTask",
    method: "POST",
    path: "/v1/tasks/{id}/unclaim",
    entry: "functions/api/unclaim-task.ts",
    auth: "jwt",
    grants: { data: "readwrite" },
  },
  {
    id: "ReassignTask",
    method: "POST",
    path: "/v1/tasks/{id}/reassign",
    entry: "functions/api/reassign-task.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append", mail: true },
  },
  // routing and review timetable as data (admin)
  {
    id: "SetReviewUnit",
    method: "PUT",
    path: "/v1/units/{id}/review-unit",
    entry: "functions/api/set-review-unit.ts",
    auth: "jwt",
    grants: { data: "readwrite", audit: "append" },
  },
  {
    id: "GetReviewSettings",
    method: "GET",
    path: "/v1/settings/review",
    entry: "functions/api/get-review-settings.ts",
    auth: "jwt",
    grants: { data: "read" },
  },
  {
    id: "PutReviewSettings",
    method: "PUT",
    path: "/v1/settings/review",
    entry: "functions/api/put-review-settings.ts",
    auth: "jwt",
    grants: { data: "readwrite" },
  },
];
