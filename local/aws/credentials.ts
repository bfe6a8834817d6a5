/**
 * Credentials of the local stack's principals. Lambda hands each function temporary
 * credentials of its execution role (AWS_ACCESS_KEY_ID `ASIA…`, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN); the principal AWS then sees is
 * `arn:aws:sts::<account>:assumed-role/<role>/<function name>`. Here every function gets such
 * a set, new on every start, that only this process and that function's workers know, so a
 * request to a local AWS service identifies its role exactly.
 *
 * The stack's own administration (creating tables, seeding, tests, benchmarks, `npm run
 * sfn-view`) keeps the well-known `local`/`local` pair: it stands for the account's
 * administrator and is allowed everything. Functions are never given it.
 */
import { randomBytes } from "node:crypto";
import type { PrincipalPolicies } from "../iam/evaluate.ts";
import { LOCAL_ACCOUNT } from "../template/types.ts";

export interface Principal {
  /** What AccessDeniedException names: the assumed-role session ARN. */
  arn: string;
  /** The role's name, or "administrator" for the admin pair. */
  roleName: string;
  /** The session name (the function name for Lambda). */
  sessionName: string;
  policies: PrincipalPolicies;
  /** The administrator: every request is allowed. */
  admin?: boolean;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface Entry extends IssuedCredentials {
  principal: Principal;
}

/** The administrator's pair, as DynamoDB Local and the tests have always used it. */
export const ADMIN_CREDENTIALS: IssuedCredentials = {
  accessKeyId: "local",
  secretAccessKey: "local",
};

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const keyId = (prefix: string) => prefix + [...randomBytes(16)].map((b) => BASE32[b % 32]).join("");

export interface CredentialStore {
  /** New temporary credentials for `roleName` in session `sessionName` (a function). */
  issue(
    role: { name: string; policies: PrincipalPolicies },
    sessionName: string,
  ): IssuedCredentials;
  lookup(accessKeyId: string): Entry | undefined;
}

export function createCredentialStore(): CredentialStore {
  const byKey = new Map<string, Entry>();
  byKey.set(ADMIN_CREDENTIALS.accessKeyId, {
    ...ADMIN_CREDENTIALS,
    principal: {
      arn: `arn:aws:iam::${LOCAL_ACCOUNT}:root`,
      roleName: "administrator",
      sessionName: "local",
      policies: { identity: [] },
      admin: true,
    },
  });
  return {
    issue(role, sessionName) {
      const issued: IssuedCredentials = {
        accessKeyId: keyId("ASIA"),
        secretAccessKey: randomBytes(30).toString("base64"),
        sessionToken: randomBytes(96).toString("base64"),
      };
      byKey.set(issued.accessKeyId, {
        ...issued,
        principal: {
          arn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${role.name}/${sessionName}`,
          roleName: role.name,
          sessionName,
          policies: role.policies,
        },
      });
      return issued;
    },
    lookup: (accessKeyId) => byKey.get(accessKeyId),
  };
}
