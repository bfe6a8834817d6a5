import middy from "@middy/core";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { actorFromClaims, claimsOf, type RequestActor } from "../access/actor.ts";
import { isThrottling } from "../aws/transact.ts";
import { clock } from "../clock.ts";
import { runIdempotent } from "../idempotency/run-idempotent.ts";
import { UnavailableError, ValidationError } from "../kernel/errors.ts";
import { logger } from "../logger.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import { problemOf, problemResponse } from "./problem.ts";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface RequestCtx {
  event: ApiEvent;
  actor: RequestActor;
  /** Actor, channel and time for domain transitions. */
  tx: TransitionContext;
  path(name: string): string;
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
    path(name) {
      const v = event.pathParameters?.[name];
      if (!v)
        throw new ValidationError(`missing path parameter ${name}`, [
          { field: name, message: "required" },
        ]);
      return v;
    },
    header(name) {
      return event.headers?.[name.toLowerCase()];
    },
  };
}

/** Maps any error to problem+json; logs 5xx with the request id, never the body. */
const problemMiddleware = (): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> => ({
  onError: async (request) => {
    // Throttling that outlived the SDK's retries, or back-off that outlived the function's time
    // (middy's TimeoutError), is overload, not a bug: 503 + Retry-After.
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

export interface ApiHandlerOptions {
  /**
   * Honour the `Idempotency-Key` header (shared/http/idempotency.ts): a retried request gets
   * the first response back and never applies its change twice. For POSTs that change state.
   */
  idempotent?: boolean;
}

/**
 * Wraps an API use case: resolves the actor from the verified JWT claims, runs the use case,
 * maps typed errors to RFC 9457 problems. Returns both the middy handler and the bare one.
 */
export function apiHandler(
  fn: (ctx: RequestCtx) => Promise<ApiResult>,
  options: ApiHandlerOptions = {},
) {
  const lambdaHandler = async (event: ApiEvent): Promise<ApiResult> => {
    const actor = await actorFromClaims(claimsOf(event));
    if (!options.idempotent) return fn(requestCtx(event, actor));
    return runIdempotent(event, actor.id, () => fn(requestCtx(event, actor)));
  };
  const handler = middy<ApiEvent, ApiResult, Error, Context>(lambdaHandler).use(
    problemMiddleware(),
  );
  return { handler, lambdaHandler };
}

/** For public routes (docs): no actor, same error mapping. */
export function publicHandler(fn: (event: ApiEvent) => Promise<ApiResult>) {
  return middy<ApiEvent, ApiResult, Error, Context>(fn).use(problemMiddleware());
}

/** Reads the expected version from If-Match ("3" or W/"3") or the body; 428 when neither. */
export function expectedVersion(
  ctx: RequestCtx,
  bodyVersion: number | undefined,
): number | undefined {
  const h = ctx.header("if-match");
  if (h) {
    const n = Number(h.replace(/^W\//, "").replace(/"/g, ""));
    if (!Number.isInteger(n) || n < 1) {
      throw new ValidationError('If-Match must be the proposal\'s version, e.g. "3"', [
        { field: "If-Match", message: "invalid" },
      ]);
    }
    return n;
  }
  return bodyVersion;
}
