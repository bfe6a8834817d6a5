import type { ReceivedRequest } from "./request.ts";
import { type SigV4Credentials, verifySigV4 } from "./signing.ts";

/**
 * How the local KMS, SES and S3 decide whether a call is allowed: each service says which IAM
 * actions on which resources a request needs (as AWS's service authorization reference lists
 * them), and an injected `Authorize` authenticates the caller and evaluates its policies.
 * The services know nothing about roles or policies; the local stack passes the evaluator of
 * the template's IAM policies, tests pass fakes.
 */

export type ConditionValues = Readonly<Record<string, string | readonly string[]>>;

export type AwsServiceName = "kms" | "ses" | "s3" | "cognito-idp";

/** One action on one resource, e.g. `kms:Decrypt` on a key ARN. */
export interface AccessCheck {
  action: string;
  resource: string;
  /** Condition keys of this check only (e.g. the KMS context of an SSE-KMS upload). */
  context?: ConditionValues;
}

export interface AwsCall {
  service: AwsServiceName;
  request: ReceivedRequest;
  /** Everything the call needs, in the order AWS evaluates it; the first refused one is reported. */
  checks: readonly AccessCheck[];
  /** The request's condition keys (`kms:EncryptionContext:purpose`, `ses:FromAddress`, `s3:prefix`, ...). */
  context: ConditionValues;
}

export type Authorization =
  | { allowed: true; principal: string }
  | { allowed: false; reason: "unauthenticated"; code: string; message: string }
  | {
      allowed: false;
      reason: "denied";
      principal: string;
      action: string;
      resource: string;
      message: string;
    };

export type Authorize = (call: AwsCall) => Promise<Authorization>;

/** An IAM decision for one action on one resource. */
export type Decision = "allow" | "implicit-deny" | "explicit-deny";

/** A caller's credentials and the principal they identify (a role session ARN). */
export interface CallerCredentials extends SigV4Credentials {
  principal: string;
}

export interface SigV4AuthorizerOptions {
  /** The credentials behind an access key id; undefined for an unknown key. */
  credentials(accessKeyId: string): CallerCredentials | undefined;
  /** The principal's policies' decision on one action, resource and request context. */
  evaluate(
    principal: string,
    check: AccessCheck,
    context: ConditionValues,
  ): Decision | Promise<Decision>;
  now?: () => number;
}

/** AWS's wording of a refusal (the same for KMS, SES and S3 today). */
export function deniedMessage(principal: string, check: AccessCheck, decision: Decision): string {
  const why =
    decision === "explicit-deny"
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${check.action} action`;
  return `User: ${principal} is not authorized to perform: ${check.action} on resource: ${check.resource} ${why}`;
}

/**
 * Authentication by SigV4 (header or presigned query), then every check through `evaluate`:
 * the first check that is not allowed refuses the call.
 */
export function sigV4Authorizer(opts: SigV4AuthorizerOptions): Authorize {
  return async (call) => {
    let caller: CallerCredentials | undefined;
    const verified = verifySigV4(call.request, {
      service: call.service,
      credentials: (id) => {
        caller = opts.credentials(id);
        return caller;
      },
      ...(opts.now ? { now: opts.now } : {}),
    });
    if (!verified.ok || !caller) {
      const failure = verified.ok
        ? { code: "InvalidClientTokenId", message: "unknown access key" }
        : verified.failure;
      return { allowed: false, reason: "unauthenticated", ...failure };
    }
    const context: ConditionValues = {
      "aws:PrincipalArn": caller.principal,
      "aws:SecureTransport": "false",
      "aws:CurrentTime": new Date((opts.now ?? Date.now)()).toISOString(),
      ...call.context,
    };
    for (const check of call.checks) {
      const decision = await opts.evaluate(
        caller.principal,
        check,
        check.context ? { ...context, ...check.context } : context,
      );
      if (decision !== "allow") {
        return {
          allowed: false,
          reason: "denied",
          principal: caller.principal,
          action: check.action,
          resource: check.resource,
          message: deniedMessage(caller.principal, check, decision),
        };
      }
    }
    return { allowed: true, principal: caller.principal };
  };
}

/** The account root of the local account: who the shared local credentials identify. */
export const LOCAL_ROOT_PRINCIPAL = "arn:aws:iam::000000000000:root";

/**
 * Authentication with one shared key pair and every authenticated call allowed: what the local
 * stack uses until per-role credentials and the policy evaluator are wired in.
 */
export function sharedKeyAuthorizer(accessKeyId: string, secretAccessKey: string): Authorize {
  return sigV4Authorizer({
    credentials: (id) =>
      id === accessKeyId ? { secretAccessKey, principal: LOCAL_ROOT_PRINCIPAL } : undefined,
    evaluate: () => "allow",
  });
}
