import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { actorFromClaims, claimsOf, type RequestActor } from "../access/actor.ts";
import { roleMay } from "../access/policy.ts";
import { isThrottling } from "../aws/transact.ts";
import { clock } from "../clock.ts";
import { requireEnvironment } from "../config.ts";
import type { InputOf, RouteContract } from "../contract/define.ts";
import { environmentOf } from "../contract/environment.ts";
import { runIdempotent } from "../idempotency/run-idempotent.ts";
import { ForbiddenError, UnavailableError } from "../kernel/errors.ts";
import { logger } from "../logger.ts";
import { observed } from "../observability.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import { headerOf, readBody, readEnvelope, readInput } from "./edge.ts";
import { type MiddlewareObj, pipeline } from "./middleware.ts";
import { problemOf, problemResponse } from "./problem.ts";
import { securityHeaders } from "./security-headers.ts";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface RequestCtx {
  event: ApiEvent;
  actor: RequestActor;
  /** Actor, channel and time for domain transitions. */
  tx: TransitionContext;
  header(name: string): string | undefined;
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

function requestCtx(event: ApiEvent, actor: RequestActor): RequestCtx {
  return {
    event,
    actor,
    tx: { actor, channel: "api", at: clock.iso() },
    header: (name) => headerOf(event, name),
  };
}

/** Maps any error to problem+json; logs 5xx with the request id, never the body. */
const problemMiddleware = (): MiddlewareObj<ApiEvent, ApiResult, Error, Context> => ({
  onError: async (request) => {
    // Throttling that outlived the SDK's retries, or back-off that outlived the function's time
    // (the pipeline's TimeoutError, as middy's), is overload, not a bug: 503 + Retry-After.
    if (isThrottling(request.error) || request.error?.name === "TimeoutError") {
      request.error = new UnavailableError("the data store is busy; retry shortly", 1);
    }
    const problem = problemOf(request.error, request.event.rawPath);
    if (problem.status >= 500) {
      logger.error("request failed", {
        route: request.event.routeKey,
        requestId: request.context.awsRequestId,
        error: request.error?.name,
        message: problem.status === 503 ? request.error?.message : undefined,
        stack: request.error?.stack?.split("\n").slice(0, 4).join(" | "),
      });
    }
    request.response = problemResponse(problem, request.error);
  },
});

/**
 * Wraps the handler of one route of the contract: the edge reads and checks the route's input
 * (path, query, If-Match, body) before anything else, then the actor is resolved from the
 * verified JWT claims, the use case runs (once per Idempotency-Key when the route is
 * idempotent), and typed errors become RFC 9457 problems. Returns the wrapped handler and the
 * bare one.
 */
export function apiHandler<R extends RouteContract>(
  route: R,
  fn: (ctx: RequestCtx, input: InputOf<R>) => Promise<ApiResult>,
) {
  requireEnvironment(environmentOf(route.grants));
  const lambdaHandler = async (event: ApiEvent): Promise<ApiResult> => {
    const envelope = readEnvelope(route, event);
    const actor = await actorFromClaims(claimsOf(event));
    if (route.action && !roleMay(actor.role, route.action)) {
      throw new ForbiddenError(`role ${actor.role} may not ${route.action}`);
    }
    const input = { ...envelope, body: readBody(route, event) } as InputOf<R>;
    if (!route.request?.idempotent) return fn(requestCtx(event, actor), input);
    return runIdempotent(event, actor.id, () => fn(requestCtx(event, actor), input));
  };
  const handler = observed(pipeline<ApiEvent, ApiResult, Error, Context>(lambdaHandler), route.path)
    .use(securityHeaders())
    .use(problemMiddleware());
  return { handler, lambdaHandler };
}

/** For public routes (docs): no actor, the same edge and error mapping. */
export function publicHandler<R extends RouteContract>(
  route: R,
  fn: (event: ApiEvent, input: InputOf<R>) => Promise<ApiResult>,
) {
  requireEnvironment(environmentOf(route.grants));
  return observed(
    pipeline<ApiEvent, ApiResult, Error, Context>(async (event: ApiEvent) =>
      fn(event, readInput(route, event)),
    ),
    route.path,
  )
    .use(securityHeaders())
    .use(problemMiddleware());
}
