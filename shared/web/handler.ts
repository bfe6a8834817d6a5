import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import {
  ATTACHMENT_SCRIPT_CSP,
  attachmentUploadOrigin,
} from "../attachments/web/attachment-csp.ts";
import { clock } from "../clock.ts";
import { requireEnvironment } from "../config.ts";
import type { RouteContract } from "../contract/define.ts";
import { environmentOf } from "../contract/environment.ts";
import {
  bodyText,
  checkBodySize,
  DEFAULT_FORM_LIMIT,
  mediaTypeOf,
  readParams,
  readQuery,
} from "../http/edge.ts";
import { pipeline } from "../http/middleware.ts";
import { sanitizeValue } from "../http/sanitize.ts";
import { securityHeaders } from "../http/security-headers.ts";
import {
  DomainError,
  MfaRequiredError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../kernel/errors.ts";
import type { Channel } from "../kernel/types.ts";
import { logger } from "../logger.ts";
import { observed } from "../observability.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import { DRAFT_SCRIPT_CSP } from "./draft-script.ts";
import { esc, layout } from "./html.ts";
import { type Lang, langOf, t } from "./i18n.ts";
import { sessionOf, signInUrl, type WebSession } from "./session.ts";

export type PageEvent = APIGatewayProxyEventV2;
export type PageResult = APIGatewayProxyStructuredResultV2;

export interface PageCtx {
  event: PageEvent;
  lang: Lang;
  /** The path and query as requested, without `lang` (for links back here). */
  self: string;
  session: WebSession | undefined;
  now: string;
  path(name: string): string;
  query(name: string): string | undefined;
  /** Every query parameter, checked as text at the edge. */
  queryAll(): Record<string, string>;
  tx(session: WebSession, channel: Channel): TransitionContext;
  /**
   * The fields of the form posted (application/x-www-form-urlencoded, at most the route's
   * maxBodyBytes): every value checked as text (a control character is a field error) and
   * NFC-normalized. A 415 for another media type, a 413 above the size.
   */
  form(): Record<string, string>;
  /** A complete page in the layout; `saved` tells the browser it may forget that form's draft. */
  page(status: number, title: string, body: string, opts?: { saved?: string }): PageResult;
  redirect(location: string): PageResult;
  /** 303 to the sign-in, coming back here afterwards. */
  signIn(): PageResult;
}

/**
 * Security headers of every page: nothing but inline styles may load, forms post only to this
 * origin, no framing, and no Referer, so that a link id in the address never leaks to anyone.
 */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  // connect-src: the attachment form's script asks its own server for a presigned upload and
  // PUTs the file to S3 (shared/attachments/web/attachment-script.ts).
  "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; script-src ${DRAFT_SCRIPT_CSP} ${ATTACHMENT_SCRIPT_CSP}; connect-src 'self' ${attachmentUploadOrigin()}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

function selfOf(event: PageEvent): string {
  const q = new URLSearchParams(event.rawQueryString ?? "");
  q.delete("lang");
  const qs = q.toString();
  return `${event.rawPath}${qs ? `?${qs}` : ""}`;
}

/**
 * Wraps a server-rendered page: language, session (verified cookie), and errors rendered as
 * pages in the reader's language rather than JSON. Pages authenticate themselves (the route is
 * public at the gateway so that a browser without a bearer header can reach it).
 */
export function pageHandler(
  route: RouteContract,
  fn: (ctx: PageCtx) => Promise<PageResult>,
  opts: { mfaEnrolment?: boolean } = {},
) {
  requireEnvironment(environmentOf(route.grants));
  const lambdaHandler = async (event: PageEvent): Promise<PageResult> => {
    const { lang, setCookie } = langOf(event.queryStringParameters, event.cookies);
    const self = selfOf(event);
    const errorPage = (status: number, message: string, user?: WebSession["actor"]): PageResult =>
      page(
        status,
        t(lang, "error"),
        `<h1>${esc(t(lang, "error"))}</h1><p class="notice error" role="alert">${esc(message)}</p><p><a href="/app">${esc(t(lang, "navHome"))}</a></p>`,
        user,
      );
    const page = (
      status: number,
      title: string,
      body: string,
      user?: WebSession["actor"],
      saved?: string,
    ): PageResult => ({
      statusCode: status,
      headers: PAGE_HEADERS,
      ...(setCookie ? { cookies: [setCookie] } : {}),
      body: layout({
        lang,
        title,
        body,
        path: self,
        ...(user?.name ? { userName: user.name } : {}),
        ...(user ? { user: { id: user.id, role: user.role } } : {}),
        ...(saved ? { saved } : {}),
      }),
    });
    // The edge, before the session is read: path parameters and query text are checked first.
    let params: Record<string, string>;
    let query: Record<string, string>;
    try {
      params = readParams(route, event);
      query = readQuery(route, event) as Record<string, string>;
    } catch (err) {
      if (err instanceof DomainError) return errorPage(err.status, err.message);
      throw err;
    }
    let session: WebSession | undefined;
    try {
      session = await sessionOf(event, opts);
    } catch (err) {
      // A privileged sign-in without TOTP: to the enrolment page, back here afterwards.
      if (err instanceof MfaRequiredError) {
        return {
          statusCode: 303,
          headers: {
            ...PAGE_HEADERS,
            location: `${err.enrolPath}?next=${encodeURIComponent(self)}`,
          },
          body: "",
        };
      }
      // Signed in, but the account is not set up (two role groups, no unit): say so.
      if (err instanceof DomainError) return errorPage(err.status, err.message);
      throw err;
    }
    const user = session?.actor;
    const sessionPage = (status: number, title: string, body: string, opts?: { saved?: string }) =>
      page(status, title, body, user, opts?.saved);
    const ctx: PageCtx = {
      event,
      lang,
      self,
      session,
      now: clock.iso(),
      path(name) {
        return params[name] ?? "";
      },
      query(name) {
        return query[name];
      },
      queryAll() {
        return { ...query };
      },
      tx(s, channel) {
        return { actor: s.actor, channel, at: clock.iso() };
      },
      form() {
        return readForm(route, event);
      },
      page: sessionPage,
      redirect(location) {
        return {
          statusCode: 303,
          headers: { ...PAGE_HEADERS, location },
          ...(setCookie ? { cookies: [setCookie] } : {}),
          body: "",
        };
      },
      signIn() {
        return ctx.redirect(signInUrl(self));
      },
    };
    try {
      return await fn(ctx);
    } catch (err) {
      if (err instanceof DomainError) {
        const msg =
          err.status === 403
            ? t(lang, "forbidden")
            : err.status === 404
              ? t(lang, "notFound")
              : err.message;
        return errorPage(err.status, msg, user);
      }
      logger.error("page failed", { route: event.routeKey, error: (err as Error).name });
      return sessionPage(
        500,
        t(lang, "error"),
        `<h1>${esc(t(lang, "error"))}</h1><p class="notice error" role="alert">${esc(t(lang, "error"))}.</p>`,
      );
    }
  };
  // HEAD (link checkers use it) is the GET page without its body: same status and headers.
  const answer = async (event: PageEvent): Promise<PageResult> => {
    if (event.requestContext?.http?.method !== "HEAD") return lambdaHandler(event);
    const res = await lambdaHandler(event);
    return { ...res, body: "", isBase64Encoded: false };
  };
  const handler = observed(pipeline<PageEvent, PageResult, Error, Context>(answer), route.path).use(
    securityHeaders(),
  );
  return { handler, lambdaHandler: answer };
}

/** The fields of an url-encoded form post, checked like any text at the edge. */
export function readForm(route: RouteContract, event: PageEvent): Record<string, string> {
  checkBodySize(event, route.request?.maxBodyBytes ?? DEFAULT_FORM_LIMIT);
  const text = bodyText(event);
  const type = mediaTypeOf(event);
  if (text !== "" && type !== "application/x-www-form-urlencoded") {
    throw new UnsupportedMediaTypeError(
      `a form post must be application/x-www-form-urlencoded${type ? `, not ${type}` : ""}`,
      "application/x-www-form-urlencoded",
    );
  }
  const raw = Object.fromEntries(new URLSearchParams(text));
  const { value, errors } = sanitizeValue(raw);
  if (errors.length > 0)
    throw new ValidationError("the form holds text that is not allowed", errors);
  return value as Record<string, string>;
}
