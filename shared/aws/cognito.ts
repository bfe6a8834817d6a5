import { type JsonService, jsonRpc } from "./json-rpc.ts";

/**
 * The Cognito user pool operations the functions call (AWS JSON 1.1,
 * `AWSCognitoIdentityProviderService`, signing name `cognito-idp`). The Admin* operations are
 * signed with the function's role; the user's own TOTP operations are authorized by the user's
 * access token alone and go unsigned, as the SDK sends them (`smithy.api#noAuth`). Locally
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER points it at local/aws/cognito/.
 */
export const COGNITO_SERVICE: JsonService = {
  service: "cognito-idp",
  endpointVariable: "COGNITO_IDENTITY_PROVIDER",
  hostPrefix: "cognito-idp",
  targetPrefix: "AWSCognitoIdentityProviderService",
  version: "1.1",
};

/** The operations authorized by the access token in their input, sent unsigned. */
const BEARER = new Set(["AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference"]);

type Op =
  | "AdminCreateUser"
  | "AdminAddUserToGroup"
  | "AdminEnableUser"
  | "AdminDisableUser"
  | "AdminUserGlobalSignOut"
  | "AdminGetUser"
  | "AssociateSoftwareToken"
  | "VerifySoftwareToken"
  | "SetUserMFAPreference";

/** Calls one operation with its SDK-named input; returns the parsed output. */
export const cognito = <T = Record<string, unknown>>(op: Op, input: Record<string, unknown>) =>
  jsonRpc<T>(COGNITO_SERVICE, op, input, { unsigned: BEARER.has(op) });
