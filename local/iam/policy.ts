/**
 * IAM policy documents as the local evaluator reads them: resolved template JSON (intrinsics
 * already replaced with local ARNs), normalised so that single values are one-element lists.
 */

/** Values of the request context: a condition key holds one string or a set of strings. */
export type ContextValue = string | readonly string[];
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

export interface Statement {
  sid?: string;
  effect: "Allow" | "Deny";
  /** Exactly one of action / notAction is set. */
  action?: readonly string[];
  notAction?: readonly string[];
  /** Exactly one of resource / notResource is set (identity-based policies need one). */
  resource?: readonly string[];
  notResource?: readonly string[];
  /** operator → key → policy values. */
  condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  /** Where the policy comes from (e.g. "Project8App/CreateProposalRoleDefaultPolicy…"). */
  name: string;
  version?: string;
  statements: readonly Statement[];
}

/** A policy the local evaluator cannot honour (named in the message, refused at start-up). */
export class PolicyError extends Error {
  override name = "PolicyError";
}

const list = (v: unknown, where: string): string[] => {
  const values = Array.isArray(v) ? v : [v];
  return values.map((x) => {
    if (typeof x === "string") return x;
    if (typeof x === "number" || typeof x === "boolean") return String(x);
    throw new PolicyError(`${where}: expected strings, got ${JSON.stringify(x)}`);
  });
};

/** Parses a resolved `PolicyDocument` (JSON) into statements; throws PolicyError on anything unknown. */
export function parsePolicy(name: string, document: unknown): PolicyDocument {
  if (typeof document !== "object" || document === null) {
    throw new PolicyError(`${name}: the policy document is not an object`);
  }
  const doc = document as { Version?: unknown; Statement?: unknown };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements = raw.map((st, i) => parseStatement(`${name}.Statement[${i}]`, st));
  return {
    name,
    ...(typeof doc.Version === "string" ? { version: doc.Version } : {}),
    statements,
  };
}

function parseStatement(where: string, raw: unknown): Statement {
  if (typeof raw !== "object" || raw === null) throw new PolicyError(`${where}: not an object`);
  const st = raw as Record<string, unknown>;
  if (st.Effect !== "Allow" && st.Effect !== "Deny") {
    throw new PolicyError(`${where}: Effect must be Allow or Deny`);
  }
  if ((st.Action === undefined) === (st.NotAction === undefined)) {
    throw new PolicyError(`${where}: exactly one of Action and NotAction`);
  }
  if ((st.Resource === undefined) === (st.NotResource === undefined)) {
    throw new PolicyError(`${where}: exactly one of Resource and NotResource`);
  }
  if (st.Principal !== undefined || st.NotPrincipal !== undefined) {
    throw new PolicyError(`${where}: Principal belongs in resource-based policies`);
  }
  const out: Statement = {
    effect: st.Effect,
    ...(typeof st.Sid === "string" ? { sid: st.Sid } : {}),
    ...(st.Action !== undefined ? { action: list(st.Action, `${where}.Action`) } : {}),
    ...(st.NotAction !== undefined ? { notAction: list(st.NotAction, `${where}.NotAction`) } : {}),
    ...(st.Resource !== undefined ? { resource: list(st.Resource, `${where}.Resource`) } : {}),
    ...(st.NotResource !== undefined
      ? { notResource: list(st.NotResource, `${where}.NotResource`) }
      : {}),
  };
  if (st.Condition !== undefined) {
    if (typeof st.Condition !== "object" || st.Condition === null) {
      throw new PolicyError(`${where}.Condition: not an object`);
    }
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(st.Condition)) {
      if (typeof block !== "object" || block === null) {
        throw new PolicyError(`${where}.Condition.${operator}: not an object`);
      }
      condition[operator] = Object.fromEntries(
        Object.entries(block).map(([key, values]) => [
          key,
          list(values, `${where}.Condition.${operator}.${key}`),
        ]),
      );
    }
    return { ...out, condition };
  }
  return out;
}
