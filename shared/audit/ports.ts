/** What use cases need from the audit trail beyond a proposal's own chain. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { AuditFacts } from "../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import type { AuditEvent } from "./domain/chain.ts";

/** Where the subject of an event lives, for the auditors' indexes (absent for global subjects). */
export interface EventScope {
  provinceId?: string;
  reviewUnitId?: string;
  communeId?: string;
}

/**
 * Streams whose head is their last event (a unit's routing, the review settings): the next
 * event is chained to it and written together with writes staged by other ports, so the
 * change and its event commit or fail together.
 */
export interface AuditLog {
  /**
   * Appends the next event of `stream` atomically with `extra`. A failed condition of a staged
   * write is WriteConditionsFailed with indexes into `extra`; a concurrent append to the same
   * stream is retried on the new head (the staged writes keep their own conditions).
   */
  append(
    stream: string,
    facts: AuditFacts,
    tx: TransitionContext,
    scope: EventScope,
    extra?: readonly PendingWrite[],
  ): Promise<AuditEvent>;
}
