/** Routes of the directory capability: units and routing as data. */

import * as z from "zod/mini";
import { defineRoute } from "../contract/define.ts";
import { UnitIdParam } from "../contract/params.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { NewUnitInput, NewUserInput, ReviewUnitInput } from "./schemas.ts";

export const ListUnits = /* @__PURE__ */ defineRoute({
  id: "ListUnits",
  method: "GET",
  path: "/v1/units",
  entry: "functions/api/list-units.ts",
  auth: "jwt",
  action: "units.read",
  grants: { data: "read" },
  doc: {
    tag: "Reference",
    summary: "Units of your province (communes and reviewing units)",
    summaryVi: "Danh sách đơn vị",
  },
});

export const SetReviewUnit = /* @__PURE__ */ defineRoute({
  id: "SetReviewUnit",
  method: "PUT",
  path: "/v1/units/{id}/review-unit",
  entry: "functions/api/set-review-unit.ts",
  auth: "jwt",
  action: "units.manage",
  grants: { data: "readwrite", audit: "append" },
  request: { params: { id: UnitIdParam }, body: ReviewUnitInput },
  problems: ["conflict"],
  doc: {
    tag: "Admin",
    summary: "Set which unit reviews a commune (routing as data)",
    summaryVi: "Đặt đơn vị thẩm định của xã",
    description:
      "Open tasks stay where they are; the commune's next review task goes to the new unit. Audited on the stream UNIT#<commune>.",
  },
});

const UsernameParam = /* @__PURE__ */ lazy(() =>
  z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{2,63}$/)),
);
const UserAction = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ action: z.enum(["approve", "disable", "enable"]) })),
  {
    id: "UserActionInput",
  },
);

export const CreateUnit = /* @__PURE__ */ defineRoute({
  id: "CreateUnit",
  method: "POST",
  path: "/v1/units",
  entry: "functions/api/create-unit.ts",
  auth: "jwt",
  action: "units.manage",
  grants: { data: "readwrite", audit: "append" },
  request: { body: NewUnitInput },
  successStatus: 201,
  doc: {
    tag: "Admin",
    summary: "Create a reviewing unit or a commune of your province",
    summaryVi: "Tạo đơn vị",
    description:
      "A commune names the unit that reviews it. Written with its audit event (unit.created on UNIT#<id>); an id that exists is a 400 naming `id`.",
  },
});

export const ListUsers = /* @__PURE__ */ defineRoute({
  id: "ListUsers",
  method: "GET",
  path: "/v1/users",
  entry: "functions/api/list-users.ts",
  auth: "jwt",
  action: "users.manage",
  grants: { data: "read" },
  doc: {
    tag: "Admin",
    summary: "Users of your province, every status (pending, awaiting approval, active, disabled)",
    summaryVi: "Danh sách người dùng",
  },
});

export const CreateUser = /* @__PURE__ */ defineRoute({
  id: "CreateUser",
  method: "POST",
  path: "/v1/users",
  entry: "functions/api/create-user.ts",
  auth: "jwt",
  action: "users.manage",
  grants: { data: "readwrite", audit: "append", identity: "manage" },
  request: { body: NewUserInput },
  successStatus: 201,
  doc: {
    tag: "Admin",
    summary: "Create a user: the directory entry and the sign-in account in one step",
    summaryVi: "Tạo người dùng",
    description:
      "The directory entry is written first (`pending`, with its audit event user.created, one transaction), then the Cognito account (AdminCreateUser, AdminAddUserToGroup, idempotent), then the entry becomes `active`. Sending the same user again completes one a crash left pending. Finance, admin and central roles start `awaiting_approval`: a second admin approves (POST /v1/users/{username}/status, action approve) before the account exists. The unit's kind must fit the role (commune officer: commune; approver, unit lead: reviewing unit; finance, province officer, auditor, admin: province; central: the nation).",
  },
});

export const UpdateUserStatus = /* @__PURE__ */ defineRoute({
  id: "UpdateUserStatus",
  method: "POST",
  path: "/v1/users/{username}/status",
  entry: "functions/api/update-user-status.ts",
  auth: "jwt",
  action: "users.manage",
  grants: { data: "readwrite", audit: "append", identity: "manage" },
  request: { params: { username: UsernameParam }, body: UserAction },
  problems: ["conflict"],
  doc: {
    tag: "Admin",
    summary: "Approve (a second admin), disable or enable a user",
    summaryVi: "Phê duyệt, khoá, mở khoá người dùng",
    description:
      "disable: the directory entry first (user.disabled), then the Cognito account is disabled and its sessions signed out (AdminDisableUser, AdminUserGlobalSignOut); a retry repeats the provider's half. enable: finance, admin and central users wait for a second admin's approve; others are enabled at once. approve: 403 for the admin who created or enabled the user.",
  },
});

export const WebUsers = /* @__PURE__ */ defineRoute({
  id: "WebUsers",
  method: "GET",
  path: "/app/admin/users",
  entry: "functions/web/users-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Admins: users (create, approve, disable, enable)",
    summaryVi: "Quản trị: người dùng",
  },
});

export const WebUsersAction = /* @__PURE__ */ defineRoute({
  id: "WebUsersAction",
  method: "POST",
  path: "/app/admin/users",
  entry: "functions/web/users-action.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append", identity: "manage" },
  request: { form: true },
  doc: {
    tag: "Web",
    summary: "Users page form post: create, approve, disable, enable",
    summaryVi: "Gửi biểu mẫu người dùng",
    description:
      "application/x-www-form-urlencoded with `_csrf` and `op` (create | approve | disable | enable).",
  },
});

export const WebUnits = /* @__PURE__ */ defineRoute({
  id: "WebUnits",
  method: "GET",
  path: "/app/units",
  entry: "functions/web/units-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Units of the province and which unit reviews which commune (forms for admins)",
    summaryVi: "Đơn vị và phân công thẩm định",
  },
});

export const WebUnitsAction = /* @__PURE__ */ defineRoute({
  id: "WebUnitsAction",
  method: "POST",
  path: "/app/units",
  entry: "functions/web/units-action.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append" },
  request: { form: true },
  doc: {
    tag: "Web",
    summary: "Units page form post: create a unit, set a commune's reviewing unit",
    summaryVi: "Gửi biểu mẫu đơn vị",
    description: "application/x-www-form-urlencoded with `_csrf` and `op` (create | route).",
  },
});

export const DIRECTORY_ROUTES = [
  ListUnits,
  SetReviewUnit,
  CreateUnit,
  ListUsers,
  CreateUser,
  UpdateUserStatus,
  WebUsers,
  WebUsersAction,
  WebUnits,
  WebUnitsAction,
];
