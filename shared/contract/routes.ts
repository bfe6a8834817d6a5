/**
 * Every route of the system. Capabilities keep their routes in their own `routes.ts` so that
 * they grow without touching each other; this list is what the CDK app, the OpenAPI document
 * and the access-matrix test read.
 */
import { ACCESS_ROUTES } from "../access/routes.ts";
import { ATTACHMENT_ROUTES } from "../attachments/routes.ts";
import { AUDIT_ROUTES } from "../audit/routes.ts";
import { BATCH_ROUTES } from "../batches/routes.ts";
import { DIRECTORY_ROUTES } from "../directory/routes.ts";
import { DOCUMENT_ROUTES } from "../documents/routes.ts";
import { FUNDING_ROUTES } from "../funding/routes.ts";
import { MONITORING_ROUTES } from "../monitoring/routes.ts";
import { NORM_ROUTES } from "../norms/routes.ts";
import { PROPOSAL_ROUTES } from "../proposals/routes.ts";
import { REGISTRY_ROUTES } from "../registry/routes.ts";
import { REVIEW_ROUTES } from "../review/routes.ts";
import type { RouteContract } from "./define.ts";
import { DOCS_ROUTES } from "./docs-routes.ts";

/**
 * Routes by the stack that deploys them. One CloudFormation stack holds at most 500 resources
 * and a route costs about eight (function, role, policy, log group, permission, integration,
 * route, alarm), so route functions are deployed in one stack per group (infra/routes-stack.ts).
 * A group is a set of capabilities, never a count: moving a route to another group replaces it
 * (deleted in one stack, created in the other), so groups follow capabilities and stay stable.
 * Synthesis fails when a group's stack nears the limit (infra/stack-limits.ts).
 */
export const ROUTE_GROUPS = {
  Proposals: [...PROPOSAL_ROUTES, ...REVIEW_ROUTES],
  Registry: REGISTRY_ROUTES,
  Money: [...NORM_ROUTES, ...FUNDING_ROUTES, ...DOCUMENT_ROUTES],
  Admin: [...DIRECTORY_ROUTES, ...AUDIT_ROUTES, ...ACCESS_ROUTES, ...DOCS_ROUTES],
  Monitoring: [...MONITORING_ROUTES],
  Batches: BATCH_ROUTES,

  Attachments: ATTACHMENT_ROUTES,
} as const satisfies Record<string, readonly RouteContract[]>;

export type RouteGroup = keyof typeof ROUTE_GROUPS;

export const ROUTES: readonly RouteContract[] = Object.values(ROUTE_GROUPS).flat();
