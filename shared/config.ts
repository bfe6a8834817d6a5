/**
 * Configuration read once from the environment, failing fast with a message that names the
 * missing variable. The CDK construct (infra/constructs/project-function.ts) sets these on AWS;
 * the local stack sets them from the synthesized template plus local endpoints.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new ConfigError(`environment variable ${name} is not set`);
  }
  return value;
}

const cache = new Map<string, string>();
function once(name: string): string {
  let v = cache.get(name);
  if (v === undefined) {
    v = required(name);
    cache.set(name, v);
  }
  return v;
}

/**
 * Checks at cold start that every variable of the list is set; throws one ConfigError naming
 * all that are missing (called by the handler wrappers with the variables of the function's
 * grants, shared/contract/environment.ts).
 */
export function requireEnvironment(names: readonly string[]): void {
  const missing = names.filter((n) => process.env[n] === undefined || process.env[n] === "");
  if (missing.length > 0) {
    throw new ConfigError(`environment variables not set: ${missing.join(", ")}`);
  }
  for (const n of names) once(n);
}

/**
 * Powertools for AWS Lambda (shared/logger.ts, shared/metrics.ts): the service named on every
 * log line and metric, and the CloudWatch namespace of the business metrics. The same for
 * every function (one `service` dimension: five custom metrics, not five per function); the
 * CDK construct sets them on each function, so the local stack, which runs each function with
 * its template environment, has them too.
 */
export const POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: "project8",
  POWERTOOLS_METRICS_NAMESPACE: "Project8",
} as const;

export const config = {
  get tableName(): string {
    return once("TABLE_NAME");
  },
  get auditTableName(): string {
    return once("AUDIT_TABLE_NAME");
  },
  get stateMachineArn(): string {
    return once("STATE_MACHINE_ARN");
  },
  get appBaseUrl(): string {
    return once("APP_BASE_URL").replace(/\/$/, "");
  },
  get mailFrom(): string {
    return once("MAIL_FROM");
  },
  get personalDataKeyId(): string {
    return once("PERSONAL_DATA_KEY_ID");
  },
  get pseudonymKeyId(): string {
    return once("PSEUDONYM_KEY_ID");
  },
  get auditDigestBucket(): string {
    return once("AUDIT_DIGEST_BUCKET");
  },
  /** The attachments bucket (grant `attachments`). */
  get attachmentsBucket(): string {
    return once("ATTACHMENTS_BUCKET");
  },
  get auditSigningKeyId(): string {
    return once("AUDIT_SIGNING_KEY_ID");
  },
  /** The Cognito user pool of the sign-in accounts (every function has it). */
  get userPoolId(): string {
    return once("USER_POOL_ID");
  },
  /** Review SLA: hours from assignment to the due date (reminder before, escalation after). */
  get reviewSlaHours(): number {
    return Number(process.env.REVIEW_SLA_HOURS ?? 120);
  },
};
