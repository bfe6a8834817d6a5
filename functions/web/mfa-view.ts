import { MFA_ENROL_PATH, mfaRequired } from "../../shared/access/domain/mfa.ts";
import { groupedSecret } from "../../shared/access/use-cases/enrol-totp.ts";
import { ENROLMENT_COOKIE, safeNext } from "../../shared/access/use-cases/web-sign-in.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { cookieValue, csrfToken, signInUrl, type WebSession } from "../../shared/web/session.ts";
import { signInEnvironment } from "./auth-environment.ts";

/** What the enrolment page shows (GET: status; POST: the secret, a wrong code, done). */
export type MfaState =
  | { kind: "status" }
  | { kind: "secret"; secret: string; uri: string }
  | { kind: "wrong-code"; message?: string }
  | { kind: "enabled" };

const TEXT = {
  vi: {
    title: "Xác thực hai lớp (ứng dụng xác thực)",
    required:
      "Vai trò của anh/chị (quản trị, Trung ương, tỉnh, tài chính, lãnh đạo đơn vị, thẩm định) phải đăng nhập bằng mật khẩu và mã 6 chữ số từ ứng dụng xác thực (TOTP) trên điện thoại. Trước khi đăng ký, các trang khác và API không mở được.",
    optional:
      "Vai trò của anh/chị không bắt buộc xác thực hai lớp; anh/chị vẫn có thể bật nếu có điện thoại thông minh.",
    enrolled: "Lần đăng nhập này đã dùng ứng dụng xác thực. Không cần làm gì thêm.",
    continue: "Tiếp tục",
    steps:
      "Cài một ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…), bấm “Bắt đầu”, thêm tài khoản bằng đường dẫn hoặc mã bí mật, rồi nhập mã 6 chữ số ứng dụng hiển thị.",
    start: "Bắt đầu",
    secretIntro: "Thêm tài khoản vào ứng dụng xác thực:",
    openApp: "Mở trong ứng dụng xác thực (trên điện thoại này)",
    orType: "hoặc nhập mã bí mật:",
    code: "Mã 6 chữ số trong ứng dụng",
    verify: "Xác nhận",
    wrongCode: "Mã không đúng hoặc đã hết hạn. Bấm “Bắt đầu” để nhận mã bí mật mới và thử lại.",
    enabled:
      "Đã bật xác thực hai lớp. Hãy đăng nhập lại: từ nay mỗi lần đăng nhập sẽ hỏi mã 6 chữ số.",
    signInAgain: "Đăng nhập lại",
    needSignIn: "Cần đăng nhập lại để bắt đầu đăng ký (phiên đăng ký đã hết hạn hoặc chưa có).",
    local:
      "Máy chạy thử (local stack): không có Cognito ở đây. Người dùng mẫu có vai trò bắt buộc đã được coi là đã đăng ký; trên AWS trang này đăng ký với Cognito.",
  },
  en: {
    title: "Two-step sign-in (authenticator app)",
    required:
      "Your role (admin, national, province, finance, unit lead, approver) must sign in with the password and a 6-digit code from an authenticator app (TOTP) on a phone. Until you enrol, the other pages and the API stay closed.",
    optional:
      "Your role does not require two-step sign-in; you can still turn it on if you have a smartphone.",
    enrolled: "This sign-in used the authenticator app. Nothing more to do.",
    continue: "Continue",
    steps:
      "Install an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…), press “Start”, add the account with the link or the secret key, then type the 6-digit code the app shows.",
    start: "Start",
    secretIntro: "Add the account to your authenticator app:",
    openApp: "Open in the authenticator app (on this phone)",
    orType: "or type the secret key:",
    code: "6-digit code from the app",
    verify: "Confirm",
    wrongCode:
      "The code is wrong or has expired. Press “Start” for a new secret key and try again.",
    enabled: "Two-step sign-in is on. Sign in again: from now on every sign-in asks for the code.",
    signInAgain: "Sign in again",
    needSignIn: "Sign in again to start the enrolment (its session has expired or is missing).",
    local:
      "Local stack: there is no Cognito here. Demo users of the roles that require it count as enrolled; on AWS this page enrols with Cognito.",
  },
} as const;

/** The access token of the sign-in, for the enrolment calls (the p8_enrol cookie). */
export function enrolmentToken(ctx: PageCtx): string | undefined {
  return cookieValue(ctx.event.cookies, ENROLMENT_COOKIE) || undefined;
}

export const isLocal = (): boolean => signInEnvironment().mode === "local";

function startForm(lang: Lang, s: WebSession): string {
  const x = TEXT[lang];
  return `<form method="post" action="${MFA_ENROL_PATH}"><input type="hidden" name="_csrf" value="${esc(csrfToken(s, MFA_ENROL_PATH))}"><button type="submit" name="op" value="start">${esc(x.start)}</button></form>`;
}

function enrolSection(ctx: PageCtx, s: WebSession): string {
  const x = TEXT[ctx.lang];
  if (isLocal()) return `<p class="notice">${esc(x.local)}</p>`;
  if (!enrolmentToken(ctx)) {
    return `<p class="notice">${esc(x.needSignIn)}</p><p><a href="${esc(signInUrl(MFA_ENROL_PATH))}">${esc(x.signInAgain)}</a></p>`;
  }
  return `<p>${esc(x.steps)}</p>${startForm(ctx.lang, s)}`;
}

/** The enrolment page in the reader's language. */
export function renderMfaPage(
  ctx: PageCtx,
  s: WebSession,
  state: MfaState,
  status = 200,
): PageResult {
  const x = TEXT[ctx.lang];
  const next = safeNext(ctx.query("next"));
  const parts = [`<h1>${esc(x.title)}</h1>`];
  parts.push(`<p>${esc(mfaRequired(s.actor.role) ? x.required : x.optional)}</p>`);
  if (state.kind === "status") {
    if (s.mfaEnrolled) {
      parts.push(
        `<p class="notice">${esc(x.enrolled)}</p><p><a href="${esc(next)}">${esc(x.continue)}</a></p>`,
      );
    } else parts.push(enrolSection(ctx, s));
  } else if (state.kind === "secret") {
    parts.push(`<p>${esc(x.secretIntro)}</p>
<p><a href="${esc(state.uri)}">${esc(x.openApp)}</a></p>
<p>${esc(x.orType)} <code style="font-size:1.2em;word-break:break-all">${esc(groupedSecret(state.secret))}</code></p>
<form method="post" action="${MFA_ENROL_PATH}"><input type="hidden" name="_csrf" value="${esc(csrfToken(s, MFA_ENROL_PATH))}">
<label for="code">${esc(x.code)}</label><br><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required style="font-size:1.4em;width:8em">
<button type="submit" name="op" value="verify">${esc(x.verify)}</button></form>`);
  } else if (state.kind === "wrong-code") {
    parts.push(
      `<p class="notice error" role="alert">${esc(state.message ?? x.wrongCode)}</p>${startForm(ctx.lang, s)}`,
    );
  } else {
    parts.push(
      `<p class="notice" role="status">${esc(x.enabled)}</p><p><a href="/auth/sign-out">${esc(x.signInAgain)}</a></p>`,
    );
  }
  return ctx.page(status, x.title, parts.join("\n"));
}
