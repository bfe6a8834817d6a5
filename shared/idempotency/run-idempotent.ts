/**
 * `Idempotency-Key` for POST routes that change state (create, submit, decision, disbursement).
 *
 * - The key is optional; without it the request runs as before.
 * - It is scoped to the signed-in user (pk `IDEM#<username>#<key>`) and bound to the route and
 *   request it was first used with: the same key with another path, method, If-Match or body
 *   is refused with 422 and changes nothing.
 * - A repeat of a finished request gets the first response back (status, headers, body) with
 *   `Idempotent-Replayed: true`; 4xx answers are replayed too, 5xx answers are not stored.
 * - A duplicate that arrives while the first is still running WAITS (up to 8 s) for the first
 *   to finish and returns its response: a client that timed out and retried gets the result it
 *   missed. If the first is still running after that, 409 with Retry-After.
 * - A claim abandoned by a crash is taken over after 30 s if its change never committed; if it
 *   committed (the marker is written in the same transaction) the retry gets 409 and must read
 *   the resource: the change is never applied twice.
 */
import { createHash } from "node:crypto";
import { clock } from "../clock.ts";
import type { ApiEvent, ApiResult } from "../http/handler.ts";
import { problemOf, problemResponse } from "../http/problem.ts";
import { ConflictError, DomainError, ValidationError } from "../kernel/errors.ts";
import {
  claimKey,
  completeKey,
  type IdempotencyRecord,
  readKey,
  releaseKey,
  type StoredResponse,
  withClaim,
} from "./dynamo-idempotency-store.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** How long a duplicate waits for the first request to finish. */
export const DUPLICATE_WAIT_MS = 8_000;
const KEY_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;

/** The same Idempotency-Key was sent with a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  override name = "IdempotencyKeyReusedError";
  readonly status = 422;
  readonly code = "idempotency-key-reused";
}

function fingerprint(event: ApiEvent): string {
  const body = event.body ?? "";
  return createHash("sha256")
    .update(
      JSON.stringify([
        event.requestContext.http.method,
        event.rawPath,
        event.headers?.["if-match"] ?? "",
        event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body,
      ]),
    )
    .digest("hex");
}

function replay(response: StoredResponse): ApiResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers, "idempotent-replayed": "true" },
    body: response.body,
  };
}

function stored(result: ApiResult): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  return { statusCode: result.statusCode ?? 200, headers, body: result.body ?? "" };
}

function inFlight(): ApiResult {
  const err = new ConflictError(
    "a request with this Idempotency-Key is still being processed; retry shortly",
  );
  const res = problemResponse(problemOf(err), err);
  return { ...res, headers: { ...res.headers, "retry-after": "1" } };
}

/** Waits for the first request with the key to finish; undefined when it did not in time. */
async function awaitFirst(
  username: string,
  key: string,
  first: IdempotencyRecord,
): Promise<IdempotencyRecord | undefined> {
  const end = Date.now() + DUPLICATE_WAIT_MS;
  let record: IdempotencyRecord | undefined = first;
  while (record?.state === "IN_PROGRESS" && record.lockedUntilMs > clock.nowMs()) {
    if (Date.now() > end) return record;
    await new Promise((r) => setTimeout(r, 100));
    record = await readKey(username, key);
  }
  return record;
}

/**
 * Runs `run` at most once per (user, Idempotency-Key); see the module comment for the rules.
 * Without the header it simply runs.
 */
export async function runIdempotent(
  event: ApiEvent,
  username: string,
  run: () => Promise<ApiResult>,
): Promise<ApiResult> {
  const key = event.headers?.[IDEMPOTENCY_HEADER];
  if (key === undefined) return run();
  if (!KEY_FORMAT.test(key)) {
    throw new ValidationError("Idempotency-Key must be 1-128 letters, digits or . _ : -", [
      { field: "Idempotency-Key", message: "invalid" },
    ]);
  }
  const request = {
    username,
    key,
    route: `${event.requestContext.http.method} ${event.rawPath}`,
    fingerprint: fingerprint(event),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const claim = await claimKey(request, clock.nowMs());
    if (claim.kind === "claimed") return runClaimed(event, request, claim.owner, run);
    const mismatch =
      claim.record.route !== request.route || claim.record.fingerprint !== request.fingerprint;
    if (mismatch) {
      throw new IdempotencyKeyReusedError(
        "this Idempotency-Key was already used for a different request; use a new key",
      );
    }
    const record = await awaitFirst(username, key, claim.record);
    if (record?.state === "DONE" && record.response) return replay(record.response);
    if (record?.state === "IN_PROGRESS" && record.lockedUntilMs > clock.nowMs()) return inFlight();
    if (record?.state === "IN_PROGRESS" && record.committed) {
      throw new ConflictError(
        "the request with this Idempotency-Key was applied but its response was lost; read the resource for the result",
      );
    }
    // Released (5xx) or abandoned before committing: claim it again.
  }
  return inFlight();
}

async function runClaimed(
  event: ApiEvent,
  request: { username: string; key: string },
  owner: string,
  run: () => Promise<ApiResult>,
): Promise<ApiResult> {
  const { username, key } = request;
  let result: ApiResult;
  try {
    result = await withClaim({ username, key, owner }, run);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500) {
      await completeKey(
        username,
        key,
        owner,
        stored(problemResponse(problemOf(err, event.rawPath), err)),
      );
    } else {
      await releaseKey(username, key, owner).catch(() => undefined);
    }
    throw err;
  }
  if ((result.statusCode ?? 200) >= 500) await releaseKey(username, key, owner);
  else await completeKey(username, key, owner, stored(result));
  return result;
}
