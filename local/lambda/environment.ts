/**
 * The environment of one local Lambda instance: exactly what the function's template entry
 * defines, what Lambda's runtime sets itself ("Defined runtime environment variables"), the
 * endpoint overrides that send its AWS calls to the local services, and the few local
 * replacements below — nothing from the stack's own process.
 */
import type { IssuedCredentials } from "../aws/credentials.ts";
import type { FunctionSpec } from "../template/accessors.ts";
import { LOCAL_REGION } from "../template/types.ts";

export interface LocalServices {
  /** The DynamoDB gateway (IAM-enforcing front of DynamoDB Local). */
  dynamodb: string;
  /** The Step Functions endpoint. */
  sfn: string;
  /** AWS_ENDPOINT_URL_KMS, _SESV2, _S3: the local KMS, SES v2 and S3 (local/aws/services.ts). */
  aws: Readonly<Record<string, string>>;
  /** The local HTTP server (API, pages, the local issuer's JWKS). */
  http: string;
  /** The local token issuer (keys/identity.json). */
  issuer?: string;
  audience?: string;
}

export interface LocalReplacement {
  /** Variables of the template entry this one stands in for: set only when one is defined. */
  replaces: readonly string[];
  values: (s: LocalServices) => Record<string, string>;
  reason: string;
}

/**
 * Every variable the local stack sets differently from a function's template entry, in one
 * place, each applied only to the entries that define the variable it replaces, and why. (Mail
 * and keys need none: functions call SES v2 and KMS as on AWS and reach the local ones.)
 */
export const LOCAL_REPLACEMENTS: readonly LocalReplacement[] = [
  {
    replaces: ["APP_BASE_URL"],
    values: (s) => ({ APP_BASE_URL: s.http }),
    reason:
      "links in mails and pages point at the local HTTP server, not the API's execute-api URL",
  },
  {
    replaces: ["AUTH_DOMAIN"],
    values: (s) => ({
      AUTH_DOMAIN: "",
      LOCAL_JWKS_URL: `${s.http}/_local/auth/.well-known/jwks.json`,
      ...(s.issuer ? { LOCAL_JWT_ISSUER: s.issuer } : {}),
      ...(s.audience ? { LOCAL_JWT_AUDIENCE: s.audience } : {}),
    }),
    reason:
      "no Cognito hosted UI here: the web sign-in forwards to the demo sign-in page, and pages verify the p8_token cookie against the local issuer's keys instead of the user pool's",
  },
];

/** The variables Lambda itself sets in every execution environment of a Node.js 22 function. */
export function lambdaRuntimeVariables(
  fn: FunctionSpec,
  credentials: IssuedCredentials,
  dirs: { taskRoot: string; runtimeDir: string; nodeBinDir: string },
): Record<string, string> {
  const stream = `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]local`;
  return {
    _HANDLER: fn.handlerSetting,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.logicalId}`,
    AWS_LAMBDA_LOG_STREAM_NAME: stream,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    LAMBDA_TASK_ROOT: dirs.taskRoot,
    LAMBDA_RUNTIME_DIR: dirs.runtimeDir,
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    PATH: `${dirs.nodeBinDir}:/usr/local/bin:/usr/bin:/bin`,
    // Read by the local bootstrap for the context's invokedFunctionArn.
    LOCAL_FUNCTION_ARN: fn.arn,
  };
}

/** Where the functions' AWS calls go: the local services, and nowhere else. */
export function endpointOverrides(s: LocalServices): Record<string, string> {
  return {
    // Any other AWS call fails at once instead of reaching a real account.
    AWS_ENDPOINT_URL: "http://127.0.0.1:1",
    AWS_ENDPOINT_URL_DYNAMODB: s.dynamodb,
    AWS_ENDPOINT_URL_SFN: s.sfn,
    ...s.aws,
  };
}

/**
 * The whole environment of a function's instances: template entry, then the local
 * replacements that apply to it, then Lambda's own variables and the endpoint overrides
 * (which a function's configuration cannot override on Lambda either).
 */
export function functionEnvironment(
  fn: FunctionSpec,
  opts: {
    services: LocalServices;
    credentials: IssuedCredentials;
    dirs: { taskRoot: string; runtimeDir: string; nodeBinDir: string };
  },
): Record<string, string> {
  const env: Record<string, string> = { ...fn.environment };
  for (const r of LOCAL_REPLACEMENTS) {
    if (r.replaces.some((name) => name in fn.environment))
      Object.assign(env, r.values(opts.services));
  }
  return {
    ...env,
    ...lambdaRuntimeVariables(fn, opts.credentials, opts.dirs),
    ...endpointOverrides(opts.services),
  };
}
