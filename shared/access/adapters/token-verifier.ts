import type { KeyObject } from "node:crypto";
import type { JWTPayload } from "jose";
import { fetchJwks, type Jwk } from "./jwks.ts";

/**
 * Verifies the ID token that web pages receive in the `p8_token` cookie (or as a bearer token),
 * as API Gateway's JWT authorizer does for the JSON API: an RS256 signature by a key of the
 * issuer's JWKS, the issuer, the audience, expiry and not-before. On AWS the issuer is the
 * Cognito user pool; on the local stack the local issuer, whose JWKS URL, issuer and audience
 * the local stack puts in the environment.
 *
 * node:crypto verifies the signature (`crypto.verify` with the JWK imported by
 * `createPublicKey`): jose did the same through WebCrypto and fetched the JWKS with `fetch`,
 * which load WebCrypto and undici at a page function's first request (tens of ms on the cold
 * start an approver opening a mailed link waits for), and its 18 kB were compiled by every
 * page at import. Only RS256 is accepted, whatever the token's header says, and only with an
 * RSA key of the issuer's set named by the header's `kid`.
 */
export interface TokenVerifier {
  /** The verified claims, or null when the token is missing, forged, expired or for another audience. */
  verify(token: string | undefined): Promise<JWTPayload | null>;
}

interface VerifierConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** A JWKS is refetched after this long, or for an unknown `kid` at most once per cooldown. */
const CACHE_MAX_AGE_MS = 600_000;
const COOLDOWN_MS = 30_000;

const b64url = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> | null {
  if (!b64url.test(part)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The claims' checks once the signature holds (times in seconds, as in the token). */
export function claimsValid(
  p: Record<string, unknown>,
  cfg: { issuer: string; audience: string },
  nowSeconds: number,
): boolean {
  if (p.iss !== cfg.issuer) return false;
  const aud = p.aud;
  if (!(aud === cfg.audience || (Array.isArray(aud) && aud.includes(cfg.audience)))) return false;
  if (typeof p.exp !== "number" || p.exp <= nowSeconds) return false;
  if (p.nbf !== undefined && (typeof p.nbf !== "number" || p.nbf > nowSeconds)) return false;
  if (p.iat !== undefined && typeof p.iat !== "number") return false;
  return true;
}

function verifierFor(cfg: VerifierConfig): TokenVerifier {
  let keys: readonly Jwk[] = [];
  let fetchedAt = Number.NEGATIVE_INFINITY;
  const imported = new WeakMap<Jwk, KeyObject>();

  async function keyFor(kid: string): Promise<Jwk | undefined> {
    const now = Date.now();
    let key = now - fetchedAt < CACHE_MAX_AGE_MS ? keys.find((k) => k.kid === kid) : undefined;
    if (!key && now - fetchedAt >= COOLDOWN_MS) {
      keys = await fetchJwks(cfg.jwksUrl);
      fetchedAt = now;
      key = keys.find((k) => k.kid === kid);
    }
    return key;
  }

  return {
    async verify(token) {
      if (!token || token.length > 16_384) return null;
      const parts = token.split(".");
      if (parts.length !== 3) return null;
      const [h = "", p = "", s = ""] = parts;
      const header = decodeJson(h);
      const payload = decodeJson(p);
      if (!header || !payload || !b64url.test(s)) return null;
      if (header.alg !== "RS256" || typeof header.kid !== "string" || header.crit !== undefined)
        return null;
      try {
        const jwk = await keyFor(header.kid);
        if (jwk?.kty !== "RSA" || (jwk.alg !== undefined && jwk.alg !== "RS256")) return null;
        if (jwk.use !== undefined && jwk.use !== "sig") return null;
        const { createPublicKey, verify } = process.getBuiltinModule("node:crypto");
        const key =
          imported.get(jwk) ??
          createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
        imported.set(jwk, key);
        const signed = verify(
          "RSA-SHA256",
          Buffer.from(`${h}.${p}`),
          key,
          Buffer.from(s, "base64url"),
        );
        if (!signed) return null;
      } catch {
        return null;
      }
      return claimsValid(payload, cfg, Math.floor(Date.now() / 1000))
        ? (payload as JWTPayload)
        : null;
    },
  };
}

/** Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>, audience the app client. */
export function cognitoVerifier(env: NodeJS.ProcessEnv = process.env): TokenVerifier {
  const region = env.AWS_REGION;
  const pool = env.USER_POOL_ID;
  const client = env.USER_POOL_CLIENT_ID;
  if (!region || !pool || !client)
    throw new Error(
      "AWS_REGION, USER_POOL_ID and USER_POOL_CLIENT_ID must be set to verify sign-ins",
    );
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${pool}`;
  return verifierFor({ jwksUrl: `${issuer}/.well-known/jwks.json`, issuer, audience: client });
}

/** The local stack's issuer (LOCAL_JWKS_URL, LOCAL_JWT_ISSUER, LOCAL_JWT_AUDIENCE set by local/). */
export function localVerifier(env: NodeJS.ProcessEnv = process.env): TokenVerifier {
  const jwksUrl = env.LOCAL_JWKS_URL;
  const issuer = env.LOCAL_JWT_ISSUER;
  const audience = env.LOCAL_JWT_AUDIENCE ?? env.USER_POOL_CLIENT_ID;
  if (!jwksUrl || !issuer || !audience)
    throw new Error("LOCAL_JWKS_URL, LOCAL_JWT_ISSUER and LOCAL_JWT_AUDIENCE must be set");
  return verifierFor({ jwksUrl, issuer, audience });
}

let current: TokenVerifier | undefined;

/** The verifier of this environment (local when LOCAL_JWKS_URL is set), created once per process. */
export function tokenVerifier(): TokenVerifier {
  current ??= process.env.LOCAL_JWKS_URL ? localVerifier() : cognitoVerifier();
  return current;
}
