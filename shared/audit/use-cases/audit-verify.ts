import { authorize, type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { loadProposal } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { scopeOf } from "../../proposals/use-cases/proposals.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import {
  type AuditSelector,
  queryAuditEvents,
  recordedHead,
  streamEvents,
} from "../adapters/dynamo-audit-store.ts";
import { verifyChain } from "../domain/chain.ts";
import { checkAgainstAnchor } from "../domain/digest.ts";
import type { AnchorReader } from "./digest-anchors.ts";

/**
 * Verification of the hash chains. A stream is intact when every event's hash matches its
 * content and the previous event's hash, sequence numbers have no gap, and the last event is
 * the head recorded beside the subject (the proposal item, the personal-read head), which
 * catches deleted trailing events too. Both live in tables the functions write, so a rewrite
 * of the events together with the head would pass them: the signed digests outside the
 * tables (shared/audit/domain/digest.ts) catch that one.
 */
export interface StreamVerdict {
  stream: string;
  ok: boolean;
  events: number;
  /** The first broken link. */
  brokenAt?: { seq: number; reason: string };
  /**
   * The signed digest the stream was checked against (its number, the events it covers and
   * the head it recorded); absent when no digest has recorded the stream yet (or no digests
   * were consulted): events younger than the last digest rest on the hash chain alone.
   */
  anchor?: { digest: number; until: string; seq: number };
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

/**
 * Verifies one stream (P#, PR#, NS#...): its hash chain, its recorded head, and, with
 * `anchors`, the head the latest signed digest recorded for it, which catches events and head
 * rewritten together.
 */
export async function verifyStream(stream: string, anchors?: AnchorReader): Promise<StreamVerdict> {
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
  if (!anchors) return { stream, ok: true, events: events.length };
  const found = await anchors.anchorOf(stream);
  if (found.kind === "none") return { stream, ok: true, events: events.length };
  if (found.kind === "invalid") {
    return { stream, ok: false, events: events.length, brokenAt: { seq: 0, reason: found.reason } };
  }
  const anchor = { digest: found.digest.seq, until: found.digest.to, seq: found.seq };
  const verdict = checkAgainstAnchor(events, found, found.digest);
  return verdict.ok
    ? { stream, ok: true, events: events.length, anchor }
    : {
        stream,
        ok: false,
        events: events.length,
        anchor,
        ...(verdict.brokenAt ? { brokenAt: verdict.brokenAt } : {}),
      };
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
export async function verifyProposalChains(
  proposalId: string,
  anchors?: AnchorReader,
): Promise<VerifyReport> {
  const results = await Promise.all([
    verifyStream(auditStreams.proposal(proposalId), anchors),
    verifyStream(auditStreams.personalReads(proposalId), anchors),
  ]);
  // A proposal that was never read has an empty reads chain: nothing to report.
  return report(results.filter((r) => r.stream.startsWith("P#") || r.events > 0 || !r.ok));
}

/** Verifies one proposal the actor may audit. */
export async function verifyProposalFor(
  actor: ScopedActor,
  proposalId: string,
  anchors?: AnchorReader,
): Promise<VerifyReport> {
  const p = await loadProposal(proposalId);
  authorize(actor, "audit.verify", scopeOf(p));
  return verifyProposalChains(p.id, anchors);
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
  anchors?: AnchorReader;
}): Promise<VerifyReport> {
  const selector: AuditSelector = { by: "type", type: "proposal.created" };
  const page = await queryAuditEvents(selector, {
    limit: opts.limit,
    ...(opts.cursor ? { cursor: opts.cursor } : {}),
    ...(opts.provinceId ? { provinceId: opts.provinceId } : {}),
  });
  const results: StreamVerdict[] = [];
  for (const e of page.events) {
    results.push(...(await verifyProposalChains(e.stream.slice(2), opts.anchors)).results);
  }
  return report(results, page.nextCursor);
}

/** Every norm-set stream (found through the byType index, event `normset.published`). */
export async function verifyNormSets(anchors?: AnchorReader): Promise<VerifyReport> {
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
  return report(await Promise.all([...streams].map((s) => verifyStream(s, anchors))));
}

/** "Verify all" for an actor: its province's proposals. */
export async function verifyAllFor(
  actor: ScopedActor,
  cursor: string | undefined,
  limit: number,
  anchors?: AnchorReader,
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
    ...(anchors ? { anchors } : {}),
  });
}
