/**
 * IAM for the local Step Functions endpoint.
 *
 * `stepFunctionsAuthorization` says what Step Functions authorizes for a call ("Actions,
 * resources, and condition keys for AWS Step Functions"): `states:<Operation>` on the state
 * machine (StartExecution, ListExecutions, DescribeStateMachine…), on the execution
 * (DescribeExecution, StopExecution, GetExecutionHistory…), and on `*` for SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat, whose task token is not a resource IAM can name.
 *
 * `createStepFunctionsAuthorize` is the `authorize` hook of the Step Functions runtime's server
 * (packages/local-stepfunctions): `({action, resource, headers, body?}) => {allowed: true} |
 * {allowed: false, message}`. Given the raw body (and method and URL) it verifies the whole
 * SigV4 signature; given only the headers it can still identify the caller by its access key
 * and session token, which only that function's workers hold.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AuthorizationRequest } from "../iam/evaluate.ts";
import type { AwsAuthorizer } from "./authorizer.ts";

type Body = Record<string, unknown>;

const ON_STATE_MACHINE = new Set([
  "StartExecution",
  "StartSyncExecution",
  "ListExecutions",
  "DescribeStateMachine",
  "UpdateStateMachine",
  "DeleteStateMachine",
  "ListStateMachineVersions",
  "ListStateMachineAliases",
]);
const ON_EXECUTION = new Set([
  "DescribeExecution",
  "StopExecution",
  "GetExecutionHistory",
  "DescribeStateMachineForExecution",
  "RedriveExecution",
]);

/** The one authorization request of a Step Functions call. */
export function stepFunctionsAuthorization(operation: string, body: Body): AuthorizationRequest {
  const op = operation.replace(/^states:/, "").replace(/^AWSStepFunctions\./, "");
  const action = `states:${op}`;
  const arn = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "*");
  if (ON_STATE_MACHINE.has(op)) return { action, resource: arn("stateMachineArn") };
  if (ON_EXECUTION.has(op)) return { action, resource: arn("executionArn") };
  return { action, resource: "*" };
}

export interface AuthorizeHookRequest {
  /** `StartExecution` or `states:StartExecution`. */
  action: string;
  resource: string;
  headers: IncomingHttpHeaders;
  body?: string | Buffer;
  method?: string;
  url?: string;
}

export type AuthorizeHookResult =
  | { allowed: true }
  | {
      allowed: false;
      message: string;
      /** The AWS error code (AccessDeniedException, UnrecognizedClientException…). */
      errorType: string;
      status: number;
    };

export type StepFunctionsAuthorize = (req: AuthorizeHookRequest) => AuthorizeHookResult;

const credentialOf = (headers: IncomingHttpHeaders) =>
  /Credential=([^/,\s]+)\//.exec(String(headers.authorization ?? ""))?.[1];

export function createStepFunctionsAuthorize(authorizer: AwsAuthorizer): StepFunctionsAuthorize {
  return (req) => {
    const refused = (errorType: string, message: string): AuthorizeHookResult => ({
      allowed: false,
      errorType,
      message,
      status: 400,
    });
    let principal: Parameters<AwsAuthorizer["authorize"]>[0];
    if (req.body !== undefined) {
      const identity = authorizer.identify(
        { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body: req.body },
        "states",
      );
      if (!identity.ok) return refused(identity.code, identity.message);
      principal = identity.principal;
    } else {
      const key = credentialOf(req.headers);
      if (!key)
        return refused("MissingAuthenticationTokenException", "Missing Authentication Token");
      const entry = authorizer.credentials.lookup(key);
      const token = req.headers["x-amz-security-token"];
      if (!entry || (entry.sessionToken !== undefined && token !== entry.sessionToken)) {
        return refused(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
        );
      }
      principal = entry.principal;
    }
    const action = req.action.startsWith("states:") ? req.action : `states:${req.action}`;
    const outcome = authorizer.authorize(principal, [{ action, resource: req.resource }]);
    return outcome.allowed ? { allowed: true } : refused("AccessDeniedException", outcome.message);
  };
}
