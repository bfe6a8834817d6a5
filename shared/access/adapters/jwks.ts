import type * as Http from "node:http";

/**
 * The issuer's JSON Web Key Set (Cognito's `/.well-known/jwks.json`, or the local issuer's),
 * fetched with node:http(s) loaded at the first fetch (as the AWS transport does,
 * shared/aws/aws-request.ts): `fetch` would load undici at a page function's first request.
 * Only the RSA members the verifier uses are kept; anything else in the set is ignored.
 */
export interface Jwk {
  kty: string;
  kid: string;
  n: string;
  e: string;
  alg?: string;
  use?: string;
}

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;

function keysOf(body: unknown): Jwk[] {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error("the JWKS has no keys");
  return keys.flatMap((k: Record<string, unknown>) =>
    typeof k === "object" &&
    k !== null &&
    typeof k.kty === "string" &&
    typeof k.kid === "string" &&
    typeof k.n === "string" &&
    typeof k.e === "string"
      ? [
          {
            kty: k.kty,
            kid: k.kid,
            n: k.n,
            e: k.e,
            ...(typeof k.alg === "string" ? { alg: k.alg } : {}),
            ...(typeof k.use === "string" ? { use: k.use } : {}),
          },
        ]
      : [],
  );
}

/** GETs the set; rejects on a non-200 answer, more than 64 KiB, 5 s of silence or bad JSON. */
export function fetchJwks(url: string): Promise<Jwk[]> {
  const u = new URL(url);
  const { request } = process.getBuiltinModule(
    u.protocol === "https:" ? "node:https" : "node:http",
  ) as typeof Http;
  return new Promise((resolve, reject) => {
    const req = request(u, { method: "GET", headers: { accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) req.destroy(new Error("the JWKS is too large"));
        else chunks.push(c);
      });
      res.on("end", () => {
        if (res.statusCode !== 200) return reject(new Error(`JWKS answered ${res.statusCode}`));
        try {
          resolve(keysOf(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
        } catch (err) {
          reject(err);
        }
      });
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("the JWKS did not answer")));
    req.on("error", reject);
    req.end();
  });
}
