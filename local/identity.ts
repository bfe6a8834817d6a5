import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { MFA_CLAIM, mfaRequired } from "../shared/access/domain/mfa.ts";

import { poolFile, readPool } from "./aws/cognito/pool.ts";
import { type DemoUser, demoUser } from "./demo/users.ts";

/**
 * The local token issuer. A fixed string rather than a URL with a port, so tokens printed by
 * `npm run token` stay valid when the stack restarts on other ports.
 */
export const LOCAL_ISSUER = "urn:project8:local-issuer";
const KEY_ID = "project8-local-1";
const TOKEN_HOURS = 12;

export interface IdentityConfig {
  issuer: string;
  /** The audience the template's JWT authorizer expects (the user pool client). */
  audience: string;
}

export interface LocalIdentity {
  config: IdentityConfig;
  jwks: JSONWebKeySet;
  /** A Cognito-like ID token for a demo user. */
  issueToken(username: string): Promise<string>;
  /** What API Gateway's JWT authorizer does: the claims, or null for a 401. */
  verifyBearer(authorization: string | undefined): Promise<JWTPayload | null>;
}

const files = (dataDir: string) => {
  const dir = path.join(dataDir, "keys");
  return {
    dir,
    privateKey: path.join(dir, "jwt-private.jwk.json"),
    publicKey: path.join(dir, "jwt-public.jwk.json"),
    config: path.join(dir, "identity.json"),
  };
};

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Creates (first start) or loads the RS256 key pair in `<dataDir>/keys/` and records the
 * audience, so that `npm run token` can sign tokens without synthesizing the app.
 */
export async function createLocalIdentity(
  dataDir: string,
  audience: string,
): Promise<LocalIdentity> {
  const f = files(dataDir);
  await mkdir(f.dir, { recursive: true });
  let privateJwk = await readJson<JWK>(f.privateKey);
  let publicJwk = await readJson<JWK>(f.publicKey);
  if (!privateJwk || !publicJwk) {
    const pair = await generateKeyPair("RS256", { extractable: true });
    privateJwk = { ...(await exportJWK(pair.privateKey)), kid: KEY_ID, alg: "RS256" };
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KEY_ID, alg: "RS256", use: "sig" };
    await writeFile(f.privateKey, JSON.stringify(privateJwk), { mode: 0o600 });
    await writeFile(f.publicKey, JSON.stringify(publicJwk));
  }
  const config: IdentityConfig = { issuer: LOCAL_ISSUER, audience };
  await writeFile(f.config, JSON.stringify(config, null, 2));
  return identityFrom(privateJwk, publicJwk, config, dataDir);
}

/** Loads the identity a running (or previously run) stack created in `dataDir`. */
export async function loadLocalIdentity(dataDir: string): Promise<LocalIdentity> {
  const f = files(dataDir);
  const [privateJwk, publicJwk, config] = await Promise.all([
    readJson<JWK>(f.privateKey),
    readJson<JWK>(f.publicKey),
    readJson<IdentityConfig>(f.config),
  ]);
  if (!privateJwk || !publicJwk || !config) {
    throw new Error(`no local signing keys in ${f.dir}: start the stack once (npm start) first`);
  }
  return identityFrom(privateJwk, publicJwk, config, dataDir);
}

/**
 * Who may get a token: a demo user, or an account an admin created in the local user pool
 * (local/aws/cognito/) — only while it is enabled, as Cognito signs in only enabled users.
 */
export function tokenUser(dataDir: string, username: string): DemoUser {
  const pooled = readPool(poolFile(dataDir))[username];
  if (!pooled) return demoUser(username);
  if (!pooled.enabled) throw new Error(`user "${username}" is disabled`);
  const [role, ...more] = pooled.groups;
  if (!role || more.length > 0) throw new Error(`user "${username}" is not in exactly one group`);
  return {
    username,
    name: pooled.name,
    email: pooled.email,
    role,
    unitId: pooled.unitId,
    provinceId: "",
    descriptionVi: "",
    descriptionEn: "",
  };
}

async function identityFrom(
  privateJwk: JWK,
  publicJwk: JWK,
  config: IdentityConfig,
  dataDir: string,
): Promise<LocalIdentity> {
  const signingKey = await importJWK(privateJwk, "RS256");
  const jwks: JSONWebKeySet = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    config,
    jwks,
    issueToken: async (username) => signToken(tokenUser(dataDir, username), signingKey, config),
    async verifyBearer(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
      if (!match?.[1]) return null;
      try {
        const { payload } = await jwtVerify(match[1], keySet, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ["RS256"],
        });
        return payload;
      } catch {
        return null;
      }
    },
  };
}

function signToken(
  user: DemoUser,
  key: Awaited<ReturnType<typeof importJWK>>,
  config: IdentityConfig,
): Promise<string> {
  // Claims of a Cognito ID token; custom:unit and cognito:groups carry the scope and role.
  // The pre-token-generation trigger's MFA claim: privileged demo users count as enrolled in
  // TOTP (there is no Cognito here to enrol with); commune officers and auditors get none,
  // as on AWS (shared/access/domain/mfa.ts).
  return new SignJWT({
    "cognito:username": user.username,
    "cognito:groups": [user.role],
    "custom:unit": user.unitId,
    name: user.name,
    email: user.email,
    email_verified: true,
    token_use: "id",
    ...(mfaRequired(user.role) ? { [MFA_CLAIM]: "totp" } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid: KEY_ID, typ: "JWT" })
    .setSubject(`local-${user.username}`)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(`${TOKEN_HOURS}h`)
    .sign(key);
}
