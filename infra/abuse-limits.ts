/**
 * Abuse limits of the public surface: the HTTP API stage's throttling (a default for every
 * route, tighter limits for the routes without a gateway authorizer) and the reserved
 * concurrency of the functions behind public routes, so that a flood on one public page can
 * neither run up the bill nor starve the JWT routes and the workflow of Lambda concurrency.
 * The optional CloudFront + WAF front (`-c waf=true`, infra/edge.ts) adds per-IP rate rules.
 *
 * API Gateway's limits are per stage and route for all callers together (a token bucket:
 * `rateLimit` requests per second, `burstLimit` at once), not per client: they bound the total.
 */

export interface RouteLimit {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Requests allowed at once above the steady rate. */
  readonly burstLimit: number;
}

/** Every route of the stage unless a tighter limit applies (the account's default is 10,000/5,000). */
export const STAGE_DEFAULT_LIMIT: RouteLimit = { rateLimit: 50, burstLimit: 100 };

export type PublicRouteClass = "email-link" | "sign-in" | "docs" | "page";

export interface PublicRouteLimit extends RouteLimit {
  /** Reserved concurrency of each function behind such a route. */
  readonly reservedConcurrency: number;
}

/**
 * Public routes by what they serve. Email-link pages are what a leaked or guessed link hits;
 * the sign-in routes start and finish the Cognito code flow; the docs are static; the web
 * pages verify the session cookie themselves and carry the approvers' daily work.
 */
export const PUBLIC_ROUTE_LIMITS: Readonly<Record<PublicRouteClass, PublicRouteLimit>> = {
  "email-link": { rateLimit: 5, burstLimit: 10, reservedConcurrency: 5 },
  "sign-in": { rateLimit: 10, burstLimit: 20, reservedConcurrency: 5 },
  docs: { rateLimit: 2, burstLimit: 5, reservedConcurrency: 2 },
  page: { rateLimit: 20, burstLimit: 40, reservedConcurrency: 10 },
};

/** The class of a public route, by its path; a new public route is at least a "page". */
export function publicRouteClass(route: { readonly path: string }): PublicRouteClass {
  if (route.path.startsWith("/l/")) return "email-link";
  if (route.path.startsWith("/auth/")) return "sign-in";
  if (route.path === "/docs" || route.path === "/openapi.json" || route.path === "/v1")
    return "docs";
  return "page";
}
