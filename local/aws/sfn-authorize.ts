/**
 * The `authorize` hook of the Step Functions runtime's server (packages/local-stepfunctions):
 * for each API call the runtime names the IAM action (`states:<Operation>`) and the resource
 * it targets (the state machine, the execution, or a task token's state machine), and this
 * decides it with the caller's role policies. The runtime passes the request headers only, so
 * the caller is identified by its access key and session token (which only that function's
 * workers hold); the front in local/aws/sfn-gateway.ts has verified the signature over the
 * whole request. Given the raw body (and method and URL), the hook verifies the signature
 * itself.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { AwsAuthorizer } from "./authorizer.ts";

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
