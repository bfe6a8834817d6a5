/**
 * Authentication and authorization of a local AWS request: the SigV4 signature names the
 * principal (local/aws/sigv4.ts), its role's policies from the template decide
 * (local/iam/evaluate.ts). Shared by the DynamoDB gateway, the Step Functions endpoint and
 * whatever local service comes next.
 *
 * LOCAL_IAM=report logs each denial and lets the request through (to list what a change would
 * break); the default, enforce, refuses it as AWS would.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { envChoice } from "../env-choice.ts";
import {
  type AuthorizationRequest,
  type Decision,
  denialMessage,
  evaluate,
} from "../iam/evaluate.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../template/types.ts";
import type { CredentialStore, Principal } from "./credentials.ts";
import { type SignedRequest, type VerifyResult, verifySigV4 } from "./sigv4.ts";

export type IamMode = "enforce" | "report";

export type AuthorizationOutcome =
  | { allowed: true }
  | {
      allowed: false;
      /** The first request the principal may not make. */
      request: AuthorizationRequest;
      decision: Exclude<Decision, { decision: "allow" }>;
      message: string;
    };

export interface AwsAuthorizer {
  readonly mode: IamMode;
  readonly credentials: CredentialStore;
  identify(req: SignedRequest, service: string, opts?: { uriEscapePath?: boolean }): VerifyResult;
  /** Evaluates the requests in order; the first denied one is reported (and, in report mode, logged only). */
  authorize(principal: Principal, requests: readonly AuthorizationRequest[]): AuthorizationOutcome;
}

export const iamModeFromEnv = (env: NodeJS.ProcessEnv = process.env): IamMode =>
  envChoice("LOCAL_IAM", env.LOCAL_IAM, ["enforce", "report"]);

/** The global condition keys AWS puts in every request context of an assumed role. */
function globalContext(principal: Principal): Record<string, string> {
  const now = Date.now();
  return {
    "aws:PrincipalArn": `arn:aws:iam::${LOCAL_ACCOUNT}:role/${principal.roleName}`,
    "aws:PrincipalAccount": LOCAL_ACCOUNT,
    "aws:PrincipalType": "AssumedRole",
    "aws:userid": `AROA${principal.roleName
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 17)}:${principal.sessionName}`,
    "aws:RequestedRegion": LOCAL_REGION,
    "aws:CurrentTime": new Date(now).toISOString(),
    "aws:EpochTime": String(Math.floor(now / 1000)),
    // Every SDK call to AWS is HTTPS; plain HTTP is an artefact of the local endpoints.
    "aws:SecureTransport": "true",
  };
}

export function createAuthorizer(opts: {
  credentials: CredentialStore;
  mode: IamMode;
  log?: (line: string) => void;
}): AwsAuthorizer {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    mode: opts.mode,
    credentials: opts.credentials,
    identify: (req, service, o = {}) =>
      verifySigV4(req, opts.credentials, { service, region: LOCAL_REGION, ...o }),
    authorize(principal, requests) {
      if (principal.admin) return { allowed: true };
      const global = globalContext(principal);
      for (const request of requests) {
        const withContext = { ...request, context: { ...global, ...request.context } };
        const decision = evaluate(principal.policies, withContext);
        if (decision.decision === "allow") continue;
        const message = denialMessage(principal.arn, request, decision);
        if (opts.mode === "report") {
          log(`iam (report only): would refuse: ${message}`);
          continue;
        }
        log(`iam: AccessDeniedException: ${message}`);
        return { allowed: false, request, decision, message };
      }
      return { allowed: true };
    },
  };
}

/** An error of the AWS JSON protocols (DynamoDB 1.0, Step Functions 1.0): HTTP 400 and `__type`. */
export function sendAwsJsonError(
  res: ServerResponse,
  contentType: string,
  code: string,
  message: string,
  status = 400,
): void {
  const body = JSON.stringify({
    __type: `com.amazon.coral.service#${code}`,
    message,
    Message: message,
  });
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
    "x-amzn-errortype": code,
  });
  res.end(body);
}
