/**
 * The observability middleware of every handler (API routes, pages, workflow tasks, schedules):
 * the Lambda context on each log line (shared/logger.ts, Powertools' fields), the correlation ids of the invocation, and the
 * business metrics flushed as one EMF line when it ends (after a success or an error alike).
 * Temporary log keys are reset after each invocation, so one request's ids never reach the next
 * one's lines.
 *
 * Correlation ids:
 * - `correlation_id`: the API Gateway request id (`requestContext.requestId`), the id API
 *   Gateway's access log and the `x-amzn-requestid`-style traces carry;
 * - `proposalId`: the proposal a route's `{id}` names (`/v1/proposals/{id}/…`,
 *   `/app/proposals/{id}`) or a workflow payload's `proposalId`, when it has the form of an id.
 */

import type { Context } from "aws-lambda";
import type { MiddlewareObj } from "./http/middleware.ts";
import { structuredLogger } from "./logger.ts";
import { flushMetrics } from "./metrics.ts";

/** Characters and length of a proposal id (shared/contract/params.ts, ProposalIdParam). */
const PROPOSAL_ID = /^[A-Za-z0-9._~-]{1,64}$/;
const PROPOSAL_PATH = /\/proposals\/\{id\}(\/|$)/;

export interface Correlation {
  correlationId?: string;
  proposalId?: string;
}

type Shape = {
  requestContext?: { requestId?: unknown };
  pathParameters?: Record<string, unknown> | null;
  proposalId?: unknown;
};

/** The ids of an invocation's event; `routePath` is the contract's path of an HTTP route. */
export function correlationOf(event: unknown, routePath?: string): Correlation {
  if (typeof event !== "object" || event === null) return {};
  const e = event as Shape;
  const out: Correlation = {};
  const requestId = e.requestContext?.requestId;
  if (typeof requestId === "string" && requestId !== "") out.correlationId = requestId.slice(0, 80);
  const candidate =
    routePath && PROPOSAL_PATH.test(routePath) ? e.pathParameters?.id : e.proposalId;
  if (typeof candidate === "string" && PROPOSAL_ID.test(candidate)) out.proposalId = candidate;
  return out;
}

const correlate = (routePath?: string): MiddlewareObj => ({
  before: (request) => {
    const { correlationId, proposalId } = correlationOf(request.event, routePath);
    if (correlationId) structuredLogger.setCorrelationId(correlationId);
    if (proposalId) structuredLogger.appendKeys({ proposalId });
  },
});

/** The invocation's context on every line; its keys forgotten when it ends, however it ends. */
const lambdaContext = (): MiddlewareObj<never, never, Error, Context> => ({
  before: (request) => structuredLogger.addContext(request.context),
  after: () => structuredLogger.resetKeys(),
  onError: () => structuredLogger.resetKeys(),
});

const flush = (): MiddlewareObj => ({
  after: () => flushMetrics(),
  onError: () => flushMetrics(),
});

/**
 * Adds the observability middlewares to a handler's pipeline; use it first, so that they wrap the
 * others (their `onError` runs last: the error's log line still has the ids).
 */
export function observed<H extends { use(m: MiddlewareObj<never, never, Error, Context>): H }>(
  handler: H,
  routePath?: string,
): H {
  return handler.use(flush()).use(lambdaContext()).use(correlate(routePath));
}
