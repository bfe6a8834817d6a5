import { createHash } from "../../kernel/node-crypto.ts";
import type { Channel, Role } from "../../kernel/types.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";

/**
 * Append-only audit events forming one hash chain per stream (a proposal, a norm set, a unit).
 * hash = SHA-256(prevHash + "\n" + canonicalJson(event without hash)); the first event of a
 * stream has prevHash "". Changing, inserting or removing any event breaks every later hash.
 */
export interface AuditEvent {
  /** Stream key, e.g. "P#<proposalId>". */
  stream: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  actorRole: Role | "system";
  actorUnitId?: string;
  channel: Channel;
  from: string | null;
  to: string;
  reason?: string;
  data?: Record<string, unknown>;
  /** Scope of the subject, for the auditors' indexes. */
  provinceId?: string;
  reviewUnitId?: string;
  communeId?: string;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface EventContext {
  stream: string;
  at: string;
  actor: { id: string; role: Role | "system"; unitId?: string };
  channel: Channel;
  scope?: { provinceId?: string; reviewUnitId?: string; communeId?: string };
}

/** Stable JSON: keys sorted at every level, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvent(event: Omit<AuditEvent, "hash">): string {
  return createHash("sha256")
    .update(`${event.prevHash}\n${canonicalJson(event)}`)
    .digest("hex");
}

/** Builds the next event of a stream from the chain head and the facts of a change. */
export function appendEvent(head: ChainHead, facts: AuditFacts, ctx: EventContext): AuditEvent {
  const body: Omit<AuditEvent, "hash"> = {
    stream: ctx.stream,
    seq: head.seq + 1,
    type: facts.type,
    at: ctx.at,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    ...(ctx.actor.unitId ? { actorUnitId: ctx.actor.unitId } : {}),
    channel: ctx.channel,
    from: facts.from,
    to: facts.to,
    ...(facts.reason ? { reason: facts.reason } : {}),
    ...(facts.data ? { data: facts.data } : {}),
    ...ctx.scope,
    prevHash: head.hash,
  };
  return { ...body, hash: hashEvent(body) };
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first event whose link is broken, if any. */
  brokenAt?: { seq: number; reason: string };
}

/** Verifies events of one stream, in seq order. */
export function verifyChain(events: readonly AuditEvent[]): ChainVerdict {
  let prev = "";
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) {
      return {
        ok: false,
        checked: expectedSeq - 1,
        brokenAt: { seq: e.seq, reason: `expected seq ${expectedSeq}` },
      };
    }
    if (e.prevHash !== prev) {
      return {
        ok: false,
        checked: expectedSeq - 1,
        brokenAt: { seq: e.seq, reason: "prevHash does not match the previous event" },
      };
    }
    const { hash, ...body } = e;
    if (hashEvent(body) !== hash) {
      return {
        ok: false,
        checked: expectedSeq - 1,
        brokenAt: { seq: e.seq, reason: "content does not match its hash" },
      };
    }
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, checked: events.length };
}
