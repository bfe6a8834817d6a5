/**
 * Idempotency records in the DataTable: pk `IDEM#<username>#<key>`, sk `I`, `ttl` 24 h.
 *
 * A record is claimed (IN_PROGRESS, with an owner and a lock expiry) before the use case runs,
 * marked `committed` inside the use case's own transaction (see `commitMarker`, appended by
 * `transact()`), and completed with the response (DONE). So a retry after a crash can tell
 * "never applied" (take over and run again) from "applied, response lost" (409, never twice).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { doc, keys } from "../aws/dynamo.ts";
import type { TxItem } from "../aws/transact.ts";
import { config } from "../config.ts";

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

/** How long a claim holds before a retry may take it over: the API's 30 s integration limit. */
export const LOCK_MS = 30_000;
/** Records are kept for a day; DynamoDB's TTL deletes them later (reads treat them as gone). */
export const RETENTION_S = 24 * 3600;

export type ClaimResult =
  | { kind: "claimed"; owner: string }
  | { kind: "existing"; record: IdempotencyRecord };

const key = (username: string, k: string) => keys.idempotency(username, k);

/**
 * Claims the key for this request: creates the record, or takes over an expired claim that
 * never committed. Otherwise returns the existing record for the caller to judge.
 */
export async function claimKey(
  input: Pick<IdempotencyRecord, "username" | "key" | "route" | "fingerprint">,
  nowMs: number,
): Promise<ClaimResult> {
  const owner = randomUUID();
  const item = {
    ...key(input.username, input.key),
    ...input,
    state: "IN_PROGRESS",
    owner,
    lockedUntilMs: nowMs + LOCK_MS,
    createdAt: new Date(nowMs).toISOString(),
    ttl: Math.floor(nowMs / 1000) + RETENTION_S,
  };
  try {
    await doc.send(
      new PutCommand({
        TableName: config.tableName,
        Item: item,
        // New, expired by TTL but not yet deleted, or a claim abandoned before it committed.
        ConditionExpression:
          "attribute_not_exists(pk) OR #ttl < :nowS OR (#state = :inProgress AND lockedUntilMs < :nowMs AND attribute_not_exists(#committed) AND fingerprint = :fp)",
        ExpressionAttributeNames: { "#ttl": "ttl", "#state": "state", "#committed": "committed" },
        ExpressionAttributeValues: {
          ":nowS": Math.floor(nowMs / 1000),
          ":nowMs": nowMs,
          ":inProgress": "IN_PROGRESS",
          ":fp": input.fingerprint,
        },
      }),
    );
    return { kind: "claimed", owner };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
  const record = await readKey(input.username, input.key);
  // Deleted between the put and the read: claim again.
  if (!record) return claimKey(input, nowMs);
  return { kind: "existing", record };
}

/** Strongly consistent read of a record. */
export async function readKey(username: string, k: string): Promise<IdempotencyRecord | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: key(username, k), ConsistentRead: true }),
  );
  return res.Item as IdempotencyRecord | undefined;
}

/** Stores the response; only the owner of the claim may. */
export async function completeKey(
  username: string,
  k: string,
  owner: string,
  response: StoredResponse,
): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: key(username, k),
        UpdateExpression: "SET #state = :done, #response = :r",
        ConditionExpression: "#owner = :me",
        ExpressionAttributeNames: { "#state": "state", "#response": "response", "#owner": "owner" },
        ExpressionAttributeValues: { ":done": "DONE", ":r": response, ":me": owner },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/** Gives the key back (the request failed with 5xx): a retry runs the request again. */
export async function releaseKey(username: string, k: string, owner: string): Promise<void> {
  try {
    await doc.send(
      new DeleteCommand({
        TableName: config.tableName,
        Key: key(username, k),
        ConditionExpression: "#owner = :me AND #state = :inProgress",
        ExpressionAttributeNames: { "#owner": "owner", "#state": "state" },
        ExpressionAttributeValues: { ":me": owner, ":inProgress": "IN_PROGRESS" },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

interface Scope {
  username: string;
  key: string;
  owner: string;
  /** False once the request has returned: work it set off later must not carry the marker. */
  open: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` with the claim in scope, so that `transact()` marks the record committed. */
export async function withClaim<T>(claim: Omit<Scope, "open">, fn: () => Promise<T>): Promise<T> {
  const s: Scope = { ...claim, open: true };
  try {
    return await scope.run(s, fn);
  } finally {
    s.open = false;
  }
}

/**
 * The transaction item that marks the current claim committed, if a claim is in scope.
 * Its condition (still our claim) fails only if another request took the key over.
 */
export function commitMarker(): TxItem | undefined {
  const s = scope.getStore();
  if (!s?.open) return undefined;
  return {
    Update: {
      TableName: config.tableName,
      Key: key(s.username, s.key),
      UpdateExpression: "SET #committed = :t",
      ConditionExpression: "#owner = :me",
      ExpressionAttributeNames: { "#committed": "committed", "#owner": "owner" },
      ExpressionAttributeValues: { ":t": true, ":me": s.owner },
    },
  };
}
