/**
 * Fakes for the local AWS services' tests: callers with their own keys and a table of what
 * each may do, evaluated behind real SigV4 authentication.
 */
import {
  type AccessCheck,
  type Authorize,
  type Decision,
  sigV4Authorizer,
} from "../../local/aws/authorize.ts";

export const REGION = "ap-southeast-1";
export const ACCOUNT = "000000000000";

export interface FakeCaller {
  accessKeyId: string;
  secretAccessKey: string;
  /** `action resource` patterns with `*` wildcards, as in an IAM policy. */
  allow: readonly string[];
  deny?: readonly string[];
}

export const credentialsOf = (c: FakeCaller) => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
});

export const roleArn = (c: FakeCaller) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${c.accessKeyId}/${c.accessKeyId}`;

const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  ).test(value);

function decide(caller: FakeCaller, check: AccessCheck): Decision {
  const text = `${check.action} ${check.resource}`;
  if ((caller.deny ?? []).some((p) => matches(p, text))) return "explicit-deny";
  return caller.allow.some((p) => matches(p, text)) ? "allow" : "implicit-deny";
}

/** SigV4 against the callers' secrets, then their allow/deny lists; records every check. */
export function fakeAuthorizer(callers: readonly FakeCaller[]): {
  authorize: Authorize;
  checks: (AccessCheck & { principal: string })[];
  contexts: Record<string, unknown>[];
} {
  const checks: (AccessCheck & { principal: string })[] = [];
  const contexts: Record<string, unknown>[] = [];
  const byKey = new Map(callers.map((c) => [c.accessKeyId, c]));
  const byPrincipal = new Map(callers.map((c) => [roleArn(c), c]));
  const authorize = sigV4Authorizer({
    credentials: (id) => {
      const c = byKey.get(id);
      return c ? { secretAccessKey: c.secretAccessKey, principal: roleArn(c) } : undefined;
    },
    evaluate: (principal, check, context) => {
      checks.push({ ...check, principal });
      contexts.push({ ...context });
      const caller = byPrincipal.get(principal);
      return caller ? decide(caller, check) : "implicit-deny";
    },
  });
  return { authorize, checks, contexts };
}
