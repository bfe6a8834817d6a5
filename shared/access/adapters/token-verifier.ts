import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";

/**
 * Verifies the ID token that web pages receive in the `p8_token` cookie (or as a bearer token),
 * as API Gateway's JWT authorizer does for the JSON API: signature against the issuer's JWKS,
 * issuer, audience, expiry. On AWS the issuer is the Cognito user pool; on the local stack the
 * local issuer, whose JWKS URL, issuer and audience the local stack puts in the environment.
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

function verifierFor(cfg: VerifierConfig): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(cfg.jwksUrl), {
    cooldownDuration: 30_000,
    cacheMaxAge: 600_000,
  });
  return {
    async verify(token) {
      if (!token) return null;
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: cfg.issuer,
          audience: cfg.audience,
          algorithms: ["RS256"],
        });
        return payload;
      } catch {
        return null;
      }
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
