import { isSameSitePath } from "../../shared/access/domain/redirect.ts";
import { DEMO_USERS } from "../demo/users.ts";
import { escapeHtml, page } from "../html.ts";

/** Name of the cookie carrying the signed-in user's token for the web pages. */
export const TOKEN_COOKIE = "p8_token";

/**
 * Only paths of this site (the same rule as the web sign-in's, shared/access/domain/redirect.ts):
 * an open redirect would let a link send a signed-in user anywhere.
 */
export function safeNext(next: string | null | undefined): string {
  return isSameSitePath(next) ? next : "/";
}

/** The local sign-in page: pick a demo user (no password, local only). */
export function loginPage(next: string): string {
  const rows = DEMO_USERS.map(
    (u) => `<tr><td><form method="post" action="/_local/login">
<input type="hidden" name="username" value="${escapeHtml(u.username)}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button>${escapeHtml(u.username)}</button></form></td>
<td>${escapeHtml(u.name)}</td><td>${escapeHtml(u.descriptionVi)}<br><span class="en">${escapeHtml(u.descriptionEn)}</span></td>
<td>${escapeHtml(u.role)}</td><td>${escapeHtml(u.unitId)}</td></tr>`,
  ).join("\n");
  return page(
    "Đăng nhập (cục bộ)",
    `<h1>Đăng nhập bằng người dùng mẫu <span class="en">Sign in as a demo user</span></h1>
<p>Chỉ dùng trên máy cục bộ: không cần mật khẩu. <span class="en">Local stack only: no password.</span></p>
<table><thead><tr><th>Tài khoản <span class="en">User</span></th><th>Họ tên <span class="en">Name</span></th>
<th>Vai trò <span class="en">Role</span></th><th></th><th>Đơn vị <span class="en">Unit</span></th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}

/**
 * Set-Cookie for a signed-in user: HttpOnly, so page scripts never read the token; a
 * browser-session cookie (no Max-Age), as on AWS; the token's own expiry bounds the session.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; Path=/; SameSite=Lax`;
}
