/**
 * Every route of the system. Capabilities keep their routes in their own `routes.ts` so that
 * they grow without touching each other; this list is what the CDK app, the OpenAPI document
 * and the access-matrix test read.
 */
import { ACCESS_ROUTES } from "../access/routes.ts";
import { AUDIT_ROUTES } from "../audit/routes.ts";
import { DIRECTORY_ROUTES } from "../directory/routes.ts";
import { FUNDING_ROUTES } from "../funding/routes.ts";
import { MONITORING_ROUTES } from "../monitoring/routes.ts";
import { NORM_ROUTES } from "../norms/routes.ts";
import { PROPOSAL_ROUTES } from "../proposals/routes.ts";
import { REVIEW_ROUTES } from "../review/routes.ts";
import type { RouteContract } from "./define.ts";
import { DOCS_ROUTES } from "./docs-routes.ts";

export const ROUTES: readonly RouteContract[] = [
  ...PROPOSAL_ROUTES,
  ...REVIEW_ROUTES,
  ...NORM_ROUTES,
  ...FUNDING_ROUTES,
  ...DIRECTORY_ROUTES,
  ...AUDIT_ROUTES,
  ...MONITORING_ROUTES,
  ...ACCESS_ROUTES,
  ...DOCS_ROUTES,
];
