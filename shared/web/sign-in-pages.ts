import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { SignInFailure } from "../access/use-cases/web-sign-in.ts";
import { esc, layout } from "./html.ts";

/**
 * Responses of the sign-in routes: redirects and a small bilingual error page (Vietnamese
 * first, English below). They carry no stack trace, token, code or personal data.
 */
const HEADERS = {
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

const TEXT: Record<SignInFailure | "internal", { status: number; vi: string; en: string }> = {
  state: {
    status: 400,
    vi: "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.",
    en: "The sign-in has expired or is not valid. Please sign in again.",
  },
  denied: {
    status: 403,
    vi: "Đăng nhập đã bị hủy hoặc bị từ chối.",
    en: "The sign-in was cancelled or refused.",
  },
  exchange: {
    status: 502,
    vi: "Không hoàn tất được đăng nhập. Vui lòng thử lại sau ít phút.",
    en: "The sign-in could not be completed. Please try again in a few minutes.",
  },
  token: {
    status: 401,
    vi: "Không xác minh được danh tính đăng nhập. Vui lòng đăng nhập lại.",
    en: "Your sign-in could not be verified. Please sign in again.",
  },
  "unknown-user": {
    status: 403,
    vi: "Tài khoản của bạn chưa được thiết lập trong hệ thống (vai trò, đơn vị). Vui lòng liên hệ quản trị viên.",
    en: "Your account is not set up in the application (role, unit). Please contact an administrator.",
  },
  internal: {
    status: 500,
    vi: "Đã xảy ra lỗi. Vui lòng thử lại.",
    en: "Something went wrong. Please try again.",
  },
};

/** A 302 with optional Set-Cookie values. */
export function redirectTo(
  location: string,
  cookies: readonly string[] = [],
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 302,
    headers: { ...HEADERS, location },
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
    body: "",
  };
}

/** The error page of a failed sign-in; `retry` links to a new sign-in (omitted where it would loop). */
export function signInErrorPage(
  reason: SignInFailure | "internal",
  retry: string | undefined,
  cookies: readonly string[] = [],
  /** What exactly is wrong with the account (e.g. two role groups), for the administrator. */
  detail?: string,
): APIGatewayProxyStructuredResultV2 {
  const t = TEXT[reason];
  const link = retry
    ? `<p><a href="${esc(retry)}">Đăng nhập lại</a> <span lang="en">· Sign in again</span></p>`
    : "";
  const body = `<h1>Không đăng nhập được <span lang="en" class="meta">· Sign-in failed</span></h1>
<p class="notice error" role="alert">${esc(t.vi)}<br><span lang="en">${esc(t.en)}</span></p>${detail ? `<p class="meta" lang="en">${esc(detail)}</p>` : ""}${link}`;
  return {
    statusCode: t.status,
    headers: { ...HEADERS, "content-type": "text/html; charset=utf-8" },
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
    body: layout({ lang: "vi", title: "Đăng nhập", body, path: "/auth/sign-in" }),
  };
}
