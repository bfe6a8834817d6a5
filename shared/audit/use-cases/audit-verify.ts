import { authorize, type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { loadProposal } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { scopeOf } from "../../proposals/use-cases/proposals.ts";
import {
  type AuditSelector,
  queryAuditEvents,
  recordedHead,
  streamEvents,
} from "../adapters/dynamo-audit-store.ts";
import { verifyChain } from "../domain/chain.ts";

/**
 * Verification of the hash chains. A stream is intact when every event's hash matches its
 * content and the previous event's hash, sequence numbers have no gap, and the last event is
 * the head recorded beside the subject (the proposal item, the personal-read head), which
 * catches deleted trailing events too.
 */
export interface StreamVerdict {
  stream: string;
  ok: boolean;
  events: number;
  /** The first broken link. */
  brokenAt?: { seq: number; reason: string };
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  /** The first broken stream, if any (all verdicts are in `results`). */
  firstBroken?: StreamVerdict;
  results: StreamVerdict[];
  /** "Verify all" is paginated: pass it back to continue. */
  nextCursor?: string;
}

/** Verifies one stream (P#, PR#, NS#...). */
export async function verifyStream(stream: string): Promise<StreamVerdict> {
  const events = await streamEvents(stream);
  const v = verifyChain(events);
  if (!v.ok)
    return {
      stream,
      ok: false,
      events: events.length,
      ...(v.brokenAt ? { brokenAt: v.brokenAt } : {}),
    };
  const head = await recordedHead(stream);
  const last = events[events.length - 1];
  if (head && (head.seq !== (last?.seq ?? 0) || head.hash !== (last?.hash ?? ""))) {
    return {
      stream,
      ok: false,
      events: events.length,
      brokenAt: {
        seq: Math.min(head.seq, (last?.seq ?? 0) + 1),
        reason: `the recorded head is event ${head.seq} but the stream ends at ${last?.seq ?? 0} or its hash differs`,
      },
    };
  }
  return { stream, ok: true, events: events.length };
}

function report(results: StreamVerdict[], nextCursor?: string): VerifyReport {
  const firstBroken = results.find((r) => !r.ok);
  return {
    ok: !firstBroken,
    streams: results.length,
    events: results.reduce((n, r) => n + r.events, 0),
    ...(firstBroken ? { firstBroken } : {}),
    results,
    ...(nextCursor ? { nextCursor } : {}),
  };
}

/** Both chains of a proposal: its lifecycle and the reads of its personal data. */
export async function verifyProposalChains(proposalId: string): Promise<VerifyReport> {
  const results = await Promise.all([
    verifyStream(`P#${proposalId}`),
    verifyStream(`PR#${proposalId}`),
  ]);
  // A proposal that was never read has an empty reads chain: nothing to report.
  return report(results.filter((r) => r.stream.startsWith("P#") || r.events > 0 || !r.ok));
}

/** Verifies one proposal the actor may audit. */
export async function verifyProposalFor(
  actor: ScopedActor,
  proposalId: string,
): Promise<VerifyReport> {
  const p = await loadProposal(proposalId);
  authorize(actor, "audit.verify", scopeOf(p));
  return verifyProposalChains(p.id);
}

/**
 * One page of "verify all": the proposals created in scope (found through the byType index,
 * event `proposal.created`, in time order) and, for a global caller, every norm-set stream.
 * `limit` proposals per page keeps each request bounded.
 */
export async function verifyAllPage(opts: {
  provinceId?: string;
  cursor?: string;
  limit: number;
}): Promise<VerifyReport> {
  const selector: AuditSelector = { by: "type", type: "proposal.created" };
  const page = await queryAuditEvents(selector, {
    limit: opts.limit,
    ...(opts.cursor ? { cursor: opts.cursor } : {}),
    ...(opts.provinceId ? { provinceId: opts.provinceId } : {}),
  });
  const results: StreamVerdict[] = [];
  for (const e of page.events) {
    results.push(...(await verifyProposalChains(e.stream.slice(2))).results);
  }
  return report(results, page.nextCursor);
}

/** Every norm-set stream (found through the byType index, event `normset.published`). */
export async function verifyNormSets(): Promise<VerifyReport> {
  const streams = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await queryAuditEvents(
      { by: "type", type: "normset.published" },
      { limit: 100, ...(cursor ? { cursor } : {}) },
    );
    for (const e of page.events) streams.add(e.stream);
    cursor = page.nextCursor;
  } while (cursor);
  return report(await Promise.all([...streams].map(verifyStream)));
}

/** "Verify all" for an actor: its province's proposals. */
export async function verifyAllFor(
  actor: ScopedActor,
  cursor: string | undefined,
  limit: number,
): Promise<VerifyReport> {
  authorize(actor, "audit.verify", {
    provinceId: actor.provinceId,
    reviewUnitId: "",
    communeId: "",
  });
  const scoped = scopeRuleOf(actor.role, "audit.verify") !== "global";
  return verifyAllPage({
    ...(scoped ? { provinceId: actor.provinceId } : {}),
    ...(cursor ? { cursor } : {}),
    limit,
  });
}
