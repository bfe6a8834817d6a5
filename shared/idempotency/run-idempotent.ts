/**
 * `Idempotency-Key` for POST routes that change state (create, submit, decision, disbursement).
 *
 * - The key is optional; without it the request runs as before.
 * - It is scoped to the signed-in user (pk `IDEM#<username>#<key>`) and bound to the route and
 *   request it was first used with: the same key with another path, method, If-Match or body
 *   is refused with 422 and changes nothing.
 * - A repeat of a finished request gets the first response back (status, headers, body) with
 *   `Idempotent-Replayed: true`; 4xx answers are replayed too, 5xx answers are not stored.
 * - Nothing is written ahead: the record is created in the use case's own transaction and
 *   completed with the response, two writes of one item per request.
 * - A duplicate that arrives while the first is still running runs too, but only one of their
 *   transactions can write the record: the other writes nothing and WAITS (up to 8 s) for the
 *   first's response, which it returns: a client that timed out and retried gets the result it
 *   missed. If the first is still running after that, 409 with Retry-After.
 * - A request that crashed before its transaction left nothing: the retry runs. One that
 *   crashed after it left the committed record: the retry gets 409 and must read the resource;
 *   the change is never applied twice.
 */

import { clock } from "../clock.ts";
import type { ApiEvent, ApiResult } from "../http/handler.ts";
import { problemOf, problemResponse } from "../http/problem.ts";
import { ConflictError, DomainError, ValidationError } from "../kernel/errors.ts";
import { createHash } from "../kernel/node-crypto.ts";
import {
  completeKey,
  IdempotencyKeyTakenError,
  type IdempotencyRecord,
  type KeyRequest,
  newOwner,
  readKey,
  type StoredResponse,
  withKey,
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
  const request: KeyRequest = {
    username,
    key,
    route: `${event.requestContext.http.method} ${event.rawPath}`,
    fingerprint: fingerprint(event),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await readKey(username, key);
    if (existing && !expired(existing)) {
      if (existing.route !== request.route || existing.fingerprint !== request.fingerprint) {
        throw new IdempotencyKeyReusedError(
          "this Idempotency-Key was already used for a different request; use a new key",
        );
      }
      const record = await awaitFirst(username, key, existing);
      if (record?.state === "DONE" && record.response) return replay(record.response);
      if (record?.state === "IN_PROGRESS" && record.lockedUntilMs > clock.nowMs())
        return inFlight();
      if (record?.state === "IN_PROGRESS" && record.committed) {
        throw new ConflictError(
          "the request with this Idempotency-Key was applied but its response was lost; read the resource for the result",
        );
      }
      // Gone meanwhile, or an uncommitted claim of an earlier version abandoned: run.
    }
    const outcome = await runKeyed(event, request, run);
    if (outcome !== "taken") return outcome;
    // Another request with the key was applied first: replay its answer on the next round.
  }
  return inFlight();
}

/** Expired by TTL but not yet deleted by DynamoDB: as if absent. */
const expired = (r: IdempotencyRecord & { ttl?: number }) =>
  r.ttl !== undefined && r.ttl < Math.floor(clock.nowMs() / 1000);

/** Runs the request with its key in scope and stores the answer (4xx too, never 5xx). */
async function runKeyed(
  event: ApiEvent,
  request: KeyRequest,
  run: () => Promise<ApiResult>,
): Promise<ApiResult | "taken"> {
  const owner = newOwner();
  const nowMs = clock.nowMs();
  const out = await withKey({ request, owner, nowMs }, run);
  if ("error" in out) {
    const err = out.error;
    if (err instanceof IdempotencyKeyTakenError) return "taken";
    if (err instanceof DomainError && err.status < 500) {
      const answer = stored(problemResponse(problemOf(err, event.rawPath), err));
      if (!(await completeKey(request, owner, nowMs, answer, out.committed))) return "taken";
    }
    throw err;
  }
  const result = out.value;
  // A 5xx is not stored: uncommitted, the retry runs again; committed, the retry gets 409.
  if ((result.statusCode ?? 200) < 500) {
    if (!(await completeKey(request, owner, nowMs, stored(result), out.committed))) return "taken";
  }
  return result;
}
