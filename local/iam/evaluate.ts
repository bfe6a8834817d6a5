/**
 * Identity-based policy evaluation within one account, as in "Policy evaluation logic" and
 * "Policy evaluation for requests within a single account" (IAM User Guide):
 * 1. by default every request is denied (implicit deny);
 * 2. a matching Deny statement in any applicable policy denies (explicit deny), whatever allows;
 * 3. otherwise a matching Allow statement allows;
 * 4. a permissions boundary, when the role has one, must allow as well (its Deny also denies).
 * A statement matches when its Action (or NotAction), its Resource (or NotResource) and its
 * Condition all match the request.
 */
import { conditionHolds } from "./conditions.ts";
import type { PolicyDocument, RequestContext, Statement } from "./policy.ts";
import { matchAction, matchResource } from "./wildcard.ts";

export interface AuthorizationRequest {
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  context?: RequestContext;
}

export type Decision =
  | { decision: "allow"; policy: string; statement: number }
  | { decision: "explicitDeny"; policy: string; statement: number; boundary?: boolean }
  | { decision: "implicitDeny"; boundary?: boolean };

export interface PrincipalPolicies {
  identity: readonly PolicyDocument[];
  /** The role's permissions boundary, if any. */
  boundary?: PolicyDocument;
}

/**
 * Replaces policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the
 * escapes `${*}`, `${?}`, `${$}`) with request values; undefined when one has no value and no
 * default, which makes the element match nothing ("IAM policy elements: Variables and tags").
 */
export function substituteVariables(text: string, context: RequestContext): string | undefined {
  if (!text.includes("${")) return text;
  let missing = false;
  const out = text.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
    const trimmed = inner.trim();
    if (trimmed === "*" || trimmed === "?" || trimmed === "$") return trimmed;
    const [key = "", fallback] = trimmed.split(/\s*,\s*/);
    const value = context[key];
    if (typeof value === "string") return value;
    const quoted = fallback?.match(/^'(.*)'$/)?.[1];
    if (quoted !== undefined) return quoted;
    missing = true;
    return "";
  });
  return missing ? undefined : out;
}

function statementMatches(st: Statement, req: AuthorizationRequest, ctx: RequestContext): boolean {
  const actionMatches = st.action
    ? st.action.some((p) => matchAction(p, req.action))
    : !(st.notAction ?? []).some((p) => matchAction(p, req.action));
  if (!actionMatches) return false;
  const resourceMatch = (p: string) => {
    const pattern = substituteVariables(p, ctx);
    return pattern !== undefined && matchResource(pattern, req.resource);
  };
  const resourceMatches = st.resource
    ? st.resource.some(resourceMatch)
    : !(st.notResource ?? []).some(resourceMatch);
  if (!resourceMatches) return false;
  return st.condition
    ? conditionHolds(st.condition, ctx, (v) => substituteVariables(v, ctx))
    : true;
}

function scan(
  policies: readonly PolicyDocument[],
  req: AuthorizationRequest,
  ctx: RequestContext,
): { deny?: { policy: string; statement: number }; allow?: { policy: string; statement: number } } {
  let allow: { policy: string; statement: number } | undefined;
  for (const policy of policies) {
    for (const [i, st] of policy.statements.entries()) {
      if (!statementMatches(st, req, ctx)) continue;
      if (st.effect === "Deny") return { deny: { policy: policy.name, statement: i } };
      allow ??= { policy: policy.name, statement: i };
    }
  }
  return allow ? { allow } : {};
}

/** Decides one request against a principal's policies. */
export function evaluate(principal: PrincipalPolicies, req: AuthorizationRequest): Decision {
  const ctx = req.context ?? {};
  const identity = scan(principal.identity, req, ctx);
  const boundary = principal.boundary ? scan([principal.boundary], req, ctx) : undefined;
  if (identity.deny) return { decision: "explicitDeny", ...identity.deny };
  if (boundary?.deny) return { decision: "explicitDeny", ...boundary.deny, boundary: true };
  if (!identity.allow) return { decision: "implicitDeny" };
  if (boundary && !boundary.allow) return { decision: "implicitDeny", boundary: true };
  return { decision: "allow", ...identity.allow };
}

/**
 * The message AWS services send with AccessDeniedException for an identity-based denial, e.g.
 * "User: arn:aws:sts::…:assumed-role/R/F is not authorized to perform: dynamodb:PutItem on
 * resource: arn:aws:dynamodb:…:table/T because no identity-based policy allows the
 * dynamodb:PutItem action".
 */
export function denialMessage(
  principalArn: string,
  req: AuthorizationRequest,
  decision: Exclude<Decision, { decision: "allow" }>,
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${req.action} on resource: ${req.resource}`;
  if (decision.decision === "explicitDeny") {
    return `${head} with an explicit deny in ${decision.boundary ? "a permissions boundary" : "an identity-based policy"}`;
  }
  if (decision.boundary) {
    return `${head} because no permissions boundary allows the ${req.action} action`;
  }
  return `${head} because no identity-based policy allows the ${req.action} action`;
}
