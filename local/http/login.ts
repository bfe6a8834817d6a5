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

/**
 * The local sign-in page: pick a demo user (no password, local only), or type the username of
 * a user an admin created (local/identity.ts knows them from the local user pool). One card
 * per user, so that it fits a 360 px phone.
 */
export function loginPage(next: string, error?: string): string {
  const rows = DEMO_USERS.map(
    (u) => `<li><form method="post" action="/_local/login">
<input type="hidden" name="username" value="${escapeHtml(u.username)}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button>${escapeHtml(u.username)}</button></form>
<div><strong>${escapeHtml(u.name)}</strong> · ${escapeHtml(u.unitId)}</div>
<div>${escapeHtml(u.descriptionVi)} <span class="en">${escapeHtml(u.descriptionEn)}</span></div></li>`,
  ).join("\n");
  return page(
    "Đăng nhập (cục bộ)",
    `<style>ul.users{list-style:none;padding:0;margin:0}ul.users li{border:1px solid #ccc;border-radius:6px;padding:.5rem;margin:.4rem 0;overflow-wrap:anywhere}
ul.users button,form.other button{min-height:44px;width:100%;text-align:left}form.other input{width:100%;font-size:1rem;padding:.4rem;box-sizing:border-box}body{margin:1rem auto}</style>
<h1>Đăng nhập bằng người dùng mẫu <span class="en">Sign in as a demo user</span></h1>
<p>Chỉ dùng trên máy cục bộ: không cần mật khẩu. <span class="en">Local stack only: no password.</span></p>
${error ? `<p role="alert" style="color:#a00000">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/_local/login" class="other"><label>Tài khoản do quản trị tạo <span class="en">A user an admin created</span>
<input name="username" autocomplete="username" required maxlength="64"></label>
<input type="hidden" name="next" value="${escapeHtml(next)}"><button>Đăng nhập <span class="en">Sign in</span></button></form>
<ul class="users">${rows}</ul>`,
  );
}

/**
 * Set-Cookie for a signed-in user: HttpOnly, so page scripts never read the token; a
 * browser-session cookie (no Max-Age), as on AWS; the token's own expiry bounds the session.
 */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; Path=/; SameSite=Lax`;
}
