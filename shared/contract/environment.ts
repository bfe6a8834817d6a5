/**
 * Which environment variables a function has, from its grants: the CDK construct sets them
 * (infra/constructs/project-function.ts, checked by test/infra/environment.test.ts) and each
 * handler checks at cold start that they are all there (shared/config.ts), so a function
 * deployed without one fails at once with the variable's name, not on its first request that
 * needs it.
 */
import type { Grants } from "./define.ts";

/** Every function has these (base URL of links, the user pool for web sign-in and the API). */
export const BASE_ENVIRONMENT = ["APP_BASE_URL", "USER_POOL_ID", "USER_POOL_CLIENT_ID"] as const;

/**
 * The variables each grant brings. Answering a task token (`sfn: ["signal"]`) needs no state
 * machine ARN: the state machine's own tasks have that grant and cannot know the ARN.
 */
export const GRANT_ENVIRONMENT = {
  data: ["TABLE_NAME"],
  deletes: [],
  personalReads: [],
  audit: ["AUDIT_TABLE_NAME"],
  sfn: ["STATE_MACHINE_ARN"],
  mail: ["MAIL_FROM"],
  personalData: ["PERSONAL_DATA_KEY_ID"],
  pseudonym: ["PSEUDONYM_KEY_ID"],
  auditDigest: ["AUDIT_DIGEST_BUCKET", "AUDIT_SIGNING_KEY_ID"],
  // The trigger's event names its user pool.
  userMfa: [],

  attachments: ["ATTACHMENTS_BUCKET"],
  identity: [],
} as const satisfies Record<keyof Grants, readonly string[]>;

/** The variables a function with these grants must have. */
export function environmentOf(grants: Grants): string[] {
  const out: string[] = [...BASE_ENVIRONMENT];
  for (const [grant, names] of Object.entries(GRANT_ENVIRONMENT) as [
    keyof Grants,
    readonly string[],
  ][]) {
    const g = grants[grant];
    if (g === undefined || g === false || (Array.isArray(g) && g.length === 0)) continue;
    if (grant === "sfn" && grants.sfn?.every((a) => a === "signal")) continue;
    out.push(...names);
  }
  return out;
}
