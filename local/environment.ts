import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FunctionSpec } from "./template/accessors.ts";
import { LOCAL_REGION } from "./template/types.ts";

export interface LocalEndpoints {
  dataDir: string;
  dynamoPort: number;
  sfnPort: number;
  smtpPort: number;
  httpPort: number;
  /** AWS_ENDPOINT_URL_KMS, _SESV2, _S3: the local KMS, SES and S3 (local/aws/services.ts). */
  aws: Record<string, string>;
}

/**
 * The variables every handler shares locally: the union of the functions' template
 * environments, then the local overrides (endpoints of the local AWS services).
 * All functions run in one process, so a variable two functions define differently cannot be
 * honoured; that fails here, except for variables the local overrides replace anyway.
 */
export function mergedEnvironment(
  functions: readonly FunctionSpec[],
  local: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  const definedBy: Record<string, string> = {};
  const conflicts: string[] = [];
  for (const fn of functions) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (name in local) continue;
      const previous = merged[name];
      if (previous !== undefined && previous !== value) {
        conflicts.push(
          `${name}: "${previous}" (${definedBy[name]}) vs "${value}" (${fn.logicalId})`,
        );
        continue;
      }
      merged[name] = value;
      definedBy[name] = fn.logicalId;
    }
  }
  if (conflicts.length > 0) {
    throw new Error(
      `functions define the same environment variable with different values, which one local process cannot honour:\n  ${conflicts.join("\n  ")}`,
    );
  }
  return { ...merged, ...local };
}

/**
 * Local values that replace the AWS ones: endpoints and credentials. Mail and keys need no
 * replacement: handlers call SES and KMS as on AWS, and reach the local ones.
 */
export async function localOverrides(endpoints: LocalEndpoints): Promise<Record<string, string>> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    // Any other AWS call fails fast here instead of reaching a real account with a
    // developer's credentials; the service-specific endpoints below take precedence.
    AWS_ENDPOINT_URL: "http://127.0.0.1:1",
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${endpoints.dynamoPort}`,
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${endpoints.sfnPort}`,
    ...endpoints.aws,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    APP_BASE_URL: `http://127.0.0.1:${endpoints.httpPort}`,
    LOCAL_STACK: "1",
    // No Cognito hosted UI here: /auth/sign-in forwards to the local sign-in page.
    AUTH_DOMAIN: "",
    // Web pages verify the sign-in cookie themselves, against the local issuer.
    ...(await localIdentityEnv(endpoints)),
  };
}

/** Where web pages find the local issuer's keys (written by local/identity.ts before this runs). */
async function localIdentityEnv(endpoints: LocalEndpoints): Promise<Record<string, string>> {
  const file = path.join(endpoints.dataDir, "keys", "identity.json");
  let identity: { issuer?: string; audience?: string } = {};
  try {
    identity = JSON.parse(await readFile(file, "utf8")) as typeof identity;
  } catch {
    return {};
  }
  return {
    LOCAL_JWKS_URL: `http://127.0.0.1:${endpoints.httpPort}/_local/auth/.well-known/jwks.json`,
    ...(identity.issuer ? { LOCAL_JWT_ISSUER: identity.issuer } : {}),
    ...(identity.audience ? { LOCAL_JWT_AUDIENCE: identity.audience } : {}),
  };
}

/** Sets the variables on process.env (once, before any handler module is imported). */
export function applyEnvironment(env: Record<string, string>): void {
  // A profile or session token would override or spoil the local credentials.
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"]) {
    delete process.env[name];
  }
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
}
