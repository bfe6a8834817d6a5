import middy from "@middy/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { clock } from "../clock.ts";
import { requireEnvironment } from "../config.ts";
import type { RouteContract } from "../contract/define.ts";
import { environmentOf } from "../contract/environment.ts";
import { readParams, readQuery } from "../http/edge.ts";
import { securityHeaders } from "../http/security-headers.ts";
import { DomainError } from "../kernel/errors.ts";
import type { Channel } from "../kernel/types.ts";
import { logger } from "../logger.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
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
  /** A complete page in the layout. */
  page(status: number, title: string, body: string): PageResult;
  redirect(location: string): PageResult;
  /** 303 to the sign-in, coming back here afterwards. */
  signIn(): PageResult;
}

/**
 * Security headers of every page: nothing but inline styles may load, forms post only to this
 * origin, no framing, and no Referer, so that a link id in the address never leaks to anyone.
 */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
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
export function pageHandler(route: RouteContract, fn: (ctx: PageCtx) => Promise<PageResult>) {
  requireEnvironment(environmentOf(route.grants));
  const lambdaHandler = async (event: PageEvent): Promise<PageResult> => {
    const { lang, setCookie } = langOf(event.queryStringParameters, event.cookies);
    const self = selfOf(event);
    const errorPage = (status: number, message: string, userName?: string): PageResult =>
      page(
        status,
        t(lang, "error"),
        `<h1>${esc(t(lang, "error"))}</h1><p class="notice error" role="alert">${esc(message)}</p><p><a href="/app/tasks">${esc(t(lang, "back"))}</a></p>`,
        userName,
      );
    const page = (status: number, title: string, body: string, userName?: string): PageResult => ({
      statusCode: status,
      headers: HEADERS,
      ...(setCookie ? { cookies: [setCookie] } : {}),
      body: layout({
        lang,
        title,
        body,
        path: self,
        ...(userName ? { userName } : {}),
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
      session = await sessionOf(event);
    } catch (err) {
      // Signed in, but the account is not set up (two role groups, no unit): say so.
      if (err instanceof DomainError) return errorPage(err.status, err.message);
      throw err;
    }
    const userName = session?.actor.name;
    const sessionPage = (status: number, title: string, body: string) =>
      page(status, title, body, userName);
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
      page: sessionPage,
      redirect(location) {
        return {
          statusCode: 303,
          headers: { ...HEADERS, location },
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
        return errorPage(err.status, msg, userName);
      }
      logger.error("page failed", { route: event.routeKey, error: (err as Error).name });
      return sessionPage(
        500,
        t(lang, "error"),
        `<h1>${esc(t(lang, "error"))}</h1><p class="notice error" role="alert">${esc(t(lang, "error"))}.</p>`,
      );
    }
  };
  const handler = middy<PageEvent, PageResult, Error, Context>(lambdaHandler).use(
    securityHeaders(),
  );
  return { handler, lambdaHandler };
}
