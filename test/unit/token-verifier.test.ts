import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimsValid,
  localVerifier,
  type TokenVerifier,
} from "../../shared/access/adapters/token-verifier.ts";

/**
 * The ID-token verifier of the pages (node:crypto, no jose at run time): only RS256 by a key of
 * the issuer's set, the issuer, the audience and the token's times. Tokens are made with jose,
 * as Cognito would sign them.
 */
const ISSUER = "https://issuer.test/pool";
const AUDIENCE = "web-client";

let server: Server;
let verifier: TokenVerifier;
let served: JWK[] = [];
let fetches = 0;
type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let k1: Key;
let k2: Key;

beforeAll(async () => {
  const a = await generateKeyPair("RS256", { extractable: true });
  const b = await generateKeyPair("RS256", { extractable: true });
  k1 = a.privateKey;
  k2 = b.privateKey;
  served = [{ ...(await exportJWK(a.publicKey)), kid: "k1", alg: "RS256", use: "sig" }];
  const second = { ...(await exportJWK(b.publicKey)), kid: "k2", alg: "RS256", use: "sig" };
  server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  verifier = localVerifier({
    LOCAL_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    LOCAL_JWT_ISSUER: ISSUER,
    LOCAL_JWT_AUDIENCE: AUDIENCE,
  });
  served.push(second);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const now = () => Math.floor(Date.now() / 1000);

function token(claims: JWTPayload = {}, key: Key = k1, kid = "k1"): Promise<string> {
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600, ...claims })
    .setProtectedHeader({ alg: "RS256", kid })
    .sign(key);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("GIVEN the pages' ID-token verifier", () => {
  it("WHEN a token is signed by the issuer's key THEN its claims are returned", async () => {
    const claims = await verifier.verify(await token({ "cognito:username": "a" }));
    expect(claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE, "cognito:username": "a" });
    expect(await verifier.verify(await token({}, k2, "k2"))).not.toBeNull();
  });

  it("WHEN the signature, payload, header or algorithm is not the issuer's RS256 THEN null", async () => {
    const good = await token();
    const [h, p, s] = good.split(".");
    const forgedPayload = `${h}.${b64({ ...JSON.parse(Buffer.from(p ?? "", "base64url").toString()), aud: "x" })}.${s}`;
    const none = `${b64({ alg: "none", kid: "k1" })}.${p}.`;
    const hs = `${b64({ alg: "HS256", kid: "k1" })}.${p}.${s}`;
    const unknownKid = await token({}, k1, "k9");
    const wrongKeyForKid = await token({}, k2, "k1");
    for (const bad of [
      forgedPayload,
      none,
      hs,
      unknownKid,
      wrongKeyForKid,
      `${good}x`,
      good.replace(".", ".."),
      "a.b",
      "",
      undefined,
    ])
      expect(await verifier.verify(bad)).toBeNull();
  });

  it("WHEN the issuer, audience or times are wrong THEN null", async () => {
    for (const claims of [
      { iss: "https://other/pool" },
      { aud: "another-client" },
      { exp: now() - 1 },
      { nbf: now() + 600 },
    ])
      expect(await verifier.verify(await token(claims))).toBeNull();
    expect(await verifier.verify(await token({ aud: ["x", AUDIENCE] }))).not.toBeNull();
  });

  it("WHEN tokens keep naming unknown keys THEN the JWKS is fetched at most once per cooldown", async () => {
    const before = fetches;
    for (let i = 0; i < 5; i++) await verifier.verify(await token({}, k1, `gone-${i}`));
    expect(fetches - before).toBeLessThanOrEqual(1);
  });
});

describe("GIVEN the claims' checks", () => {
  const cfg = { issuer: ISSUER, audience: AUDIENCE };
  it("THEN a token without expiry, or with non-numeric times, is refused", () => {
    expect(claimsValid({ iss: ISSUER, aud: AUDIENCE }, cfg, 100)).toBe(false);
    expect(claimsValid({ iss: ISSUER, aud: AUDIENCE, exp: "200" }, cfg, 100)).toBe(false);
    expect(claimsValid({ iss: ISSUER, aud: AUDIENCE, exp: 200, iat: "1" }, cfg, 100)).toBe(false);
    expect(claimsValid({ iss: ISSUER, aud: AUDIENCE, exp: 200, nbf: 100 }, cfg, 100)).toBe(true);
    expect(claimsValid({ iss: ISSUER, aud: AUDIENCE, exp: 100 }, cfg, 100)).toBe(false);
  });
});
