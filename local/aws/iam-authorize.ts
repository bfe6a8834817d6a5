import type { IncomingHttpHeaders } from "node:http";
import type { AccessCheck, Authorize, ConditionValues } from "./authorize.ts";
import type { ReceivedRequest } from "./request.ts";

/**
 * The local KMS, SES and S3 behind the stack's IAM authorizer (local/aws/authorizer.ts: per-role
 * credentials, SigV4 verification, the template's policies): the same `Authorize` the
 * services take, so wiring it is one argument. Typed by the shape it needs, not by import, so
 * this file stands on its own until both pieces of work are on one branch.
 */

export interface IamPrincipalLike {
  arn: string;
}

export type IamIdentifyResult<P> =
  | { ok: true; principal: P }
  | { ok: false; code: string; message: string; expired?: boolean };

export type IamAuthorizeResult =
  | { allowed: true }
  | { allowed: false; message: string; request: { action: string; resource: string } };

export interface IamAuthorizerLike<P extends IamPrincipalLike> {
  identify(
    req: { method: string; url: string; headers: IncomingHttpHeaders; body?: Buffer },
    service: string,
    opts?: { uriEscapePath?: boolean },
  ): IamIdentifyResult<P>;
  authorize(
    principal: P,
    requests: readonly { action: string; resource: string; context?: ConditionValues }[],
  ): IamAuthorizeResult;
}

/** Node-style headers (lower-case names, repeated values comma-joined) from raw headers. */
function headersOf(req: ReceivedRequest): IncomingHttpHeaders {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? "").toLowerCase();
    const value = req.rawHeaders[i + 1] ?? "";
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}

/** The verifier's JSON-protocol codes in the vocabulary of authorize.ts (each service maps them). */
function failureCode(code: string, expired: boolean | undefined, message: string): string {
  if (expired) return "RequestExpired";
  switch (code) {
    case "MissingAuthenticationTokenException":
      return "MissingAuthenticationToken";
    case "IncompleteSignatureException":
      return "IncompleteSignature";
    case "UnrecognizedClientException":
      return "InvalidClientTokenId";
    default:
      return /does not match/.test(message) ? "SignatureDoesNotMatch" : "InvalidSignatureException";
  }
}

export function fromIamAuthorizer<P extends IamPrincipalLike>(
  iam: IamAuthorizerLike<P>,
): Authorize {
  return async (call) => {
    const identified = iam.identify(
      {
        method: call.request.method,
        url: call.request.url,
        headers: headersOf(call.request),
        body: call.request.body,
      },
      call.service,
      { uriEscapePath: call.service !== "s3" },
    );
    if (!identified.ok) {
      return {
        allowed: false,
        reason: "unauthenticated",
        code: failureCode(identified.code, identified.expired, identified.message),
        message: identified.message,
      };
    }
    const requests = call.checks.map((c: AccessCheck) => ({
      action: c.action,
      resource: c.resource,
      context: { ...call.context, ...c.context },
    }));
    const outcome = iam.authorize(identified.principal, requests);
    if (outcome.allowed) return { allowed: true, principal: identified.principal.arn };
    return {
      allowed: false,
      reason: "denied",
      principal: identified.principal.arn,
      action: outcome.request.action,
      resource: outcome.request.resource,
      message: outcome.message,
    };
  };
}
