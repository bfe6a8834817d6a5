/**
 * Idempotency records in the DataTable: pk `IDEM#<username>#<key>`, sk `I`, `ttl` 24 h.
 *
 * The record is written twice at most, never claimed ahead: it is created inside the use
 * case's own transaction (`commitMarker`, appended by `transact()`: IN_PROGRESS and
 * `committed`, conditional on no other request holding the key), then completed with the
 * response (DONE). So the record exists exactly when the change was applied: a retry after a
 * crash finds "applied, response lost" (409, never twice) or nothing (run again). A duplicate
 * running at the same time loses at the condition, its transaction writes nothing, and it
 * replays the winner's response.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { GetCommand, PutCommand } from "../aws/dynamo/commands.ts";
import { ConditionalCheckFailedException } from "../aws/dynamo/errors.ts";
import { doc } from "../aws/dynamo.ts";
import type { TxItem } from "../aws/transact.ts";
import { config } from "../config.ts";
import { ConflictError } from "../kernel/errors.ts";
import { randomUUID } from "../kernel/node-crypto.ts";
import { dataKeys } from "../tables/data-table.ts";
import { packText, unpackText } from "../tables/packed.ts";

/** The response as stored and replayed. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  username: string;
  key: string;
  /** `POST /v1/proposals/{id}/submit` with the concrete path: a key serves one route. */
  route: string;
  /** SHA-256 of method, path, If-Match and body. */
  fingerprint: string;
  state: "IN_PROGRESS" | "DONE";
  owner: string;
  lockedUntilMs: number;
  committed?: boolean;
  response?: StoredResponse;
  createdAt: string;
}

/** How long a committed request may take to store its response before a retry gives up waiting. */
export const LOCK_MS = 30_000;
/** Records are kept for a day; DynamoDB's TTL deletes them later (reads treat them as gone). */
export const RETENTION_S = 24 * 3600;

/** Another request with the same key committed first: this one's transaction wrote nothing. */
export class IdempotencyKeyTakenError extends ConflictError {
  override name = "IdempotencyKeyTakenError";
}

/** What a request knows of its key before it runs. */
export type KeyRequest = Pick<IdempotencyRecord, "username" | "key" | "route" | "fingerprint">;

const key = (username: string, k: string) => dataKeys.idempotency(username, k);

/**
 * The record may be written by this request: absent, ours, expired by TTL but not yet deleted,
 * or a claim of an earlier version of this module abandoned before it committed.
 */
const MAY_WRITE =
  "attribute_not_exists(pk) OR #owner = :me OR #ttl < :nowS OR (attribute_not_exists(#committed) AND lockedUntilMs < :nowMs)";

function recordPut(
  req: KeyRequest,
  owner: string,
  nowMs: number,
  fields: Pick<IdempotencyRecord, "state"> &
    Partial<Omit<IdempotencyRecord, "response">> & { response?: StoredAsPacked },
) {
  return {
    TableName: config.tableName,
    Item: {
      ...key(req.username, req.key),
      ...req,
      owner,
      lockedUntilMs: nowMs + LOCK_MS,
      createdAt: new Date(nowMs).toISOString(),
      ttl: Math.floor(nowMs / 1000) + RETENTION_S,
      ...fields,
    },
    ConditionExpression: MAY_WRITE,
    ExpressionAttributeNames: { "#owner": "owner", "#ttl": "ttl", "#committed": "committed" },
    ExpressionAttributeValues: {
      ":me": owner,
      ":nowS": Math.floor(nowMs / 1000),
      ":nowMs": nowMs,
    },
  };
}

/** A fresh owner id for one run of a request. */
export const newOwner = (): string => randomUUID();

/**
 * The response as the record stores it: the body packed (shared/tables/packed.ts), which keeps
 * most records within one write unit (1 KB); records written before carry `body` as text.
 */
interface StoredAsPacked {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  bodyBr?: Uint8Array;
}

const packResponse = (r: StoredResponse): StoredAsPacked => ({
  statusCode: r.statusCode,
  headers: r.headers,
  bodyBr: packText(r.body),
});

function unpackResponse(r: StoredAsPacked): StoredResponse {
  return {
    statusCode: r.statusCode,
    headers: r.headers,
    body: r.bodyBr instanceof Uint8Array ? unpackText(r.bodyBr) : (r.body ?? ""),
  };
}

/** Strongly consistent read of a record. */
export async function readKey(username: string, k: string): Promise<IdempotencyRecord | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: key(username, k), ConsistentRead: true }),
  );
  if (!res.Item) return undefined;
  const item = res.Item as Omit<IdempotencyRecord, "response"> & { response?: StoredAsPacked };
  const { response, ...rest } = item;
  return response ? { ...rest, response: unpackResponse(response) } : rest;
}

/**
 * Stores the response (DONE), creating the record if the request wrote no transaction; false
 * when another request holds the key (its response is the one replayed).
 */
export async function completeKey(
  req: KeyRequest,
  owner: string,
  nowMs: number,
  response: StoredResponse,
  committed: boolean,
): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand(
        recordPut(req, owner, nowMs, {
          state: "DONE",
          response: packResponse(response),
          ...(committed ? { committed: true } : {}),
        }),
      ),
    );
    return true;
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    return false;
  }
}

interface Scope {
  request: KeyRequest;
  owner: string;
  nowMs: number;
  /** False once the request has returned: work it set off later must not carry the marker. */
  open: boolean;
  /** Set once a transaction carrying the marker committed. */
  committed: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/**
 * Runs `fn` with the key in scope, so that `transact()` writes the record (committed) with the
 * change; tells whether a transaction did.
 */
export async function withKey<T>(
  run: { request: KeyRequest; owner: string; nowMs: number },
  fn: () => Promise<T>,
): Promise<{ value: T; committed: boolean } | { error: unknown; committed: boolean }> {
  const s: Scope = { ...run, open: true, committed: false };
  try {
    return { value: await scope.run(s, fn), committed: s.committed };
  } catch (error) {
    return { error, committed: s.committed };
  } finally {
    s.open = false;
  }
}

/** Called by `transact()` after a transaction carrying the marker committed. */
export function markerCommitted(): void {
  const s = scope.getStore();
  if (s?.open) s.committed = true;
}

/**
 * The transaction item that writes the current key's record, committed, with the change.
 * Its condition fails only if another request with the key committed first.
 */
export function commitMarker(): TxItem | undefined {
  const s = scope.getStore();
  if (!s?.open) return undefined;
  return {
    Put: recordPut(s.request, s.owner, s.nowMs, { state: "IN_PROGRESS", committed: true }),
  };
}
