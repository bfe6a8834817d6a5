import { roleMay } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoUserStore } from "../../shared/directory/adapters/dynamo-user-store.ts";
import { FOUR_EYES_ROLES, statusOf, type UserStatus } from "../../shared/directory/domain/users.ts";
import type { DirectoryUser, Unit } from "../../shared/directory/ports.ts";
import { WebUsers } from "../../shared/directory/routes.ts";
import { listUsers } from "../../shared/directory/use-cases/manage-users.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { NATION_ID, ROLES } from "../../shared/kernel/types.ts";
import { ROLE_NAMES } from "../../shared/kernel/vocabulary.ts";
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  inputField,
  selectField,
} from "../../shared/web/forms.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

export const USERS_PATH = "/app/admin/users";

const STATUS: Record<UserStatus, { vi: string; en: string; tone: string }> = {
  awaiting_approval: {
    vi: "Chờ quản trị thứ hai phê duyệt",
    en: "Awaiting a second admin",
    tone: "b-warn",
  },
  pending: { vi: "Đang tạo tài khoản", en: "Account being created", tone: "b-warn" },
  active: { vi: "Đang hoạt động", en: "Active", tone: "b-ok" },
  disabled: { vi: "Đã khoá", en: "Disabled", tone: "b-bad" },
};

const unitName = (lang: Lang, units: Map<string, Unit>, id: string) => {
  const u = units.get(id);
  return u ? (lang === "vi" ? u.nameVi : u.nameEn) : id;
};

function button(csrf: string, op: string, username: string, label: string, secondary = false) {
  return `<form method="post" action="${USERS_PATH}" class="inline">${csrfField(csrf)}<input type="hidden" name="op" value="${op}"><input type="hidden" name="username" value="${esc(username)}"><button type="submit"${secondary ? ' class="secondary"' : ""}>${esc(label)}</button></form>`;
}

function row(lang: Lang, s: WebSession, u: DirectoryUser, units: Map<string, Unit>, csrf: string) {
  const st = statusOf(u);
  const badge = `<span class="badge ${STATUS[st].tone}">${esc(L(lang, STATUS[st].vi, STATUS[st].en))}</span>`;
  const actions: string[] = [];
  if (st === "awaiting_approval") {
    actions.push(
      u.requestedBy === s.actor.id
        ? `<span class="meta">${esc(L(lang, "Bạn đã đề nghị: cần một quản trị viên khác phê duyệt.", "You asked for this: another admin must approve it."))}</span>`
        : button(csrf, "approve", u.username, L(lang, "Phê duyệt", "Approve")),
    );
  }
  if (st === "pending")
    actions.push(
      button(
        csrf,
        "complete",
        u.username,
        L(lang, "Hoàn tất tạo tài khoản", "Complete the account"),
      ),
    );
  if (
    (st === "active" || st === "pending" || st === "awaiting_approval") &&
    u.username !== s.actor.id
  )
    actions.push(button(csrf, "disable", u.username, L(lang, "Khoá", "Disable"), true));
  if (st === "disabled")
    actions.push(button(csrf, "enable", u.username, L(lang, "Mở khoá", "Enable")));
  return `<li><strong>${esc(u.name)}</strong> · ${esc(u.username)} ${badge}<div class="meta">${esc(ROLE_NAMES[u.role][lang])} · ${esc(unitName(lang, units, u.unitId))} · ${esc(u.email)}</div>${actions.length ? `<div class="actions">${actions.join("")}</div>` : ""}</li>`;
}

export interface UsersPageState {
  status?: number;
  message?: { text: string; kind: "ok" | "error" };
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** The admin's users page: every user of the province, and the form to create one. */
export async function renderUsersPage(ctx: PageCtx, s: WebSession, state: UsersPageState = {}) {
  const lang = ctx.lang;
  if (!roleMay(s.actor.role, "users.manage"))
    throw new ForbiddenError("the users page is for admins");
  const csrf = csrfToken(s, USERS_PATH);
  const [users, provinceUnits, nation] = await Promise.all([
    listUsers({ users: dynamoUserStore }, s.actor),
    dynamoDirectory.listUnits(s.actor.provinceId),
    dynamoDirectory.findUnit(NATION_ID),
  ]);
  const all = [...provinceUnits, ...(nation ? [nation] : [])];
  const units = new Map(all.map((u) => [u.id, u]));
  const errors = state.errors ?? {};
  const v = state.values ?? {};
  const labels: Record<string, string> = {
    username: L(lang, "Tên đăng nhập", "Username"),
    name: L(lang, "Họ và tên", "Full name"),
    email: L(lang, "Thư điện tử", "Email"),
    role: L(lang, "Vai trò", "Role"),
    unitId: L(lang, "Đơn vị", "Unit"),
  };
  const kindLabel: Record<Unit["kind"], string> = {
    nation: L(lang, "Trung ương", "National"),
    province: L(lang, "Tỉnh", "Province"),
    review_unit: L(lang, "Đơn vị thẩm định", "Reviewing units"),
    commune: L(lang, "Xã", "Communes"),
  };
  const form = `<h2>${esc(L(lang, "Tạo người dùng", "New user"))}</h2>
${errorSummary(lang, errors, labels)}
<p class="hint">${esc(L(lang, "Một bước tạo cả tài khoản đăng nhập và mục trong danh bạ. Tài khoản Cán bộ tài chính, Quản trị hệ thống và Cán bộ Trung ương cần một quản trị viên khác phê duyệt.", "One step creates the sign-in account and the directory entry. Finance, administrator and central accounts need another admin's approval."))}</p>
<form method="post" action="${USERS_PATH}" novalidate>${csrfField(csrf)}<input type="hidden" name="op" value="create">
${inputField({ name: "username", label: labels.username ?? "", value: v.username, errors, required: true, maxlength: 64, autocomplete: "off", hint: L(lang, "Chữ thường không dấu, ví dụ canbo.ytý → canbo.yty", "Lowercase, e.g. officer.yty") })}
${inputField({ name: "name", label: labels.name ?? "", value: v.name, errors, required: true, maxlength: 120 })}
${inputField({ name: "email", label: labels.email ?? "", value: v.email, errors, required: true, type: "email", inputmode: "email", maxlength: 254 })}
${selectField({ name: "role", label: labels.role ?? "", value: v.role, errors, required: true, empty: L(lang, "— Chọn vai trò —", "— Choose a role —"), options: ROLES.map((r) => ({ value: r, label: `${ROLE_NAMES[r][lang]}${FOUR_EYES_ROLES.has(r) ? L(lang, " (cần người thứ hai phê duyệt)", " (needs a second admin)") : ""}` })) })}
${selectField({ name: "unitId", label: labels.unitId ?? "", value: v.unitId, errors, required: true, empty: L(lang, "— Chọn đơn vị —", "— Choose a unit —"), options: all.map((u) => ({ value: u.id, label: lang === "vi" ? u.nameVi : u.nameEn, group: kindLabel[u.kind] })) })}
<button type="submit">${esc(L(lang, "Tạo người dùng", "Create user"))}</button></form>`;
  const title = L(lang, "Người dùng", "Users");
  const notice = state.message
    ? `<p class="notice ${state.message.kind}" role="${state.message.kind === "error" ? "alert" : "status"}">${esc(state.message.text)}</p>`
    : "";
  return ctx.page(
    state.status ?? 200,
    title,
    `<h1>${esc(title)}</h1>${notice}<ul class="cards">${users.map((u) => row(lang, s, u, units, csrf)).join("")}</ul>${form}`,
  );
}

/** GET /app/admin/users: the users of the admin's province and the form to create one. */
export const { handler, lambdaHandler } = pageHandler(WebUsers, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const done = ctx.query("done");
  const messages: Record<string, [string, string]> = {
    created: ["Đã tạo người dùng.", "User created."],
    awaiting: [
      "Đã ghi nhận: tài khoản sẽ được tạo khi một quản trị viên khác phê duyệt.",
      "Recorded: the account is created once another admin approves it.",
    ],
    approved: ["Đã phê duyệt và kích hoạt tài khoản.", "Approved and activated."],
    disabled: ["Đã khoá tài khoản và đăng xuất mọi phiên.", "Disabled and signed out everywhere."],
    enabled: ["Đã mở khoá tài khoản.", "Enabled."],
  };
  const m = done ? messages[done] : undefined;
  return renderUsersPage(
    ctx,
    s,
    m ? { message: { text: L(ctx.lang, m[0], m[1]), kind: "ok" } } : {},
  );
});
