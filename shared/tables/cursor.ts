/**
 * Page cursors of every list route: the LastEvaluatedKey of a query, bound to that query by a
 * fingerprint and checked strictly on the way back in. A cursor must come from the same query
 * (route, caller, filters), and its key must have exactly that query's key attributes, all short
 * strings, with the query's partition value: so a forged or replayed cursor is a 400 naming the
 * `cursor` parameter, and can only move within results the caller may already see — never a
 * DynamoDB "invalid ExclusiveStartKey" turned into a 500.
 */

import { ValidationError } from "../kernel/errors.ts";
import { createHash } from "../kernel/node-crypto.ts";

export interface CursorShape {
  /** The attributes of a LastEvaluatedKey of this query (table keys, plus index keys). */
  attrs: readonly string[];
  /** Attributes whose value is fixed by the query (its partition key), with that value. */
  fixed: Readonly<Record<string, string>>;
}

const MAX_CURSOR = 2048;
const MAX_VALUE = 512;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A short digest of the query a cursor belongs to (route, caller, filters). */
export function queryFingerprint(query: unknown): string {
  return createHash("sha256").update(canonical(query)).digest("base64url").slice(0, 16);
}

export function encodeCursor(query: unknown, lastKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ f: queryFingerprint(query), k: lastKey }), "utf8").toString(
    "base64url",
  );
}

/** The page's cursor, or undefined on the last page. */
export function nextCursorOf(
  query: unknown,
  lastKey: Record<string, unknown> | undefined,
): string | undefined {
  return lastKey ? encodeCursor(query, lastKey) : undefined;
}

export const invalidCursor = () =>
  new ValidationError("cursor is not valid for this query", [
    { field: "cursor", message: "not a cursor this query handed out" },
  ]);

export function decodeCursor(
  cursor: string,
  query: unknown,
  shape: CursorShape,
): Record<string, string> {
  if (cursor.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalidCursor();
  const { f, k } = parsed as { f?: unknown; k?: unknown };
  if (f !== queryFingerprint(query) || typeof k !== "object" || k === null || Array.isArray(k))
    throw invalidCursor();
  const key = k as Record<string, unknown>;
  const names = Object.keys(key).sort();
  if (names.join(",") !== [...shape.attrs].sort().join(",")) throw invalidCursor();
  for (const n of names) {
    const v = key[n];
    if (typeof v !== "string" || v.length === 0 || v.length > MAX_VALUE) throw invalidCursor();
  }
  for (const [attr, value] of Object.entries(shape.fixed)) {
    if (key[attr] !== value) throw invalidCursor();
  }
  return key as Record<string, string>;
}

/** Decodes an optional cursor. */
export function startKeyOf(
  cursor: string | undefined,
  query: unknown,
  shape: CursorShape,
): Record<string, string> | undefined {
  return cursor === undefined || cursor === "" ? undefined : decodeCursor(cursor, query, shape);
}
