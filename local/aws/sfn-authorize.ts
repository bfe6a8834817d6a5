/**
 * The `authorize` hook of the Step Functions runtime's server (packages/local-stepfunctions):
 * for each API call the runtime names the IAM action (`states:<Operation>`) and the resource
 * it targets (the state machine, the execution, or a task token's state machine), and this
 * decides it with the caller's role policies. The runtime passes the request headers only, so
 * the caller is identified by its access key and session token, which only that function's
 * instances hold; the front in local/aws/sfn-gateway.ts has verified the signature over the
 * whole request before the runtime sees it.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AwsAuthorizer } from "./authorizer.ts";

export interface AuthorizeHookRequest {
  /** `StartExecution` or `states:StartExecution`. */
  action: string;
  resource: string;
  headers: IncomingHttpHeaders;
}

export type AuthorizeHookResult =
  | { allowed: true }
  | {
      allowed: false;
      message: string;
      /** The AWS error code (AccessDeniedException, UnrecognizedClientException…). */
      errorType: string;
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
    });
    const key = credentialOf(req.headers);
    if (!key) return refused("MissingAuthenticationTokenException", "Missing Authentication Token");
    const entry = authorizer.credentials.lookup(key);
    const token = req.headers["x-amz-security-token"];
    if (!entry || (entry.sessionToken !== undefined && token !== entry.sessionToken)) {
      return refused(
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    }
    const action = req.action.startsWith("states:") ? req.action : `states:${req.action}`;
    const outcome = authorizer.authorize(entry.principal, [{ action, resource: req.resource }]);
    return outcome.allowed ? { allowed: true } : refused("AccessDeniedException", outcome.message);
  };
}
