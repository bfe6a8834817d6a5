import type { ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import { DomainError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { type DecisionPorts, decideTask } from "../../review/use-cases/review.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import type { MemberPlan, MemberState } from "../domain/batch.ts";
import * as domain from "../domain/batch.ts";
import { loadBatch, mapSettled, PARALLEL, scopeOf } from "./common.ts";
import { type BatchReadPorts, readBatch } from "./read-batch.ts";

export interface BatchDecisionInput {
  decision?: domain.Decision | undefined;
  comment?: string | undefined;
  items?: domain.ItemDecision[] | undefined;
}

export interface DecisionOutcome {
  proposalId: string;
  outcome: "decided" | "already-decided" | "not-ready" | "norm-failed" | "refused";
  decision?: domain.Decision;
  status?: string;
  reason?: string;
}

/** The ports of a batch decision: reading it (with the norm check), deciding each member, audit. */
export interface BatchDecisionPorts extends Omit<BatchReadPorts, "proposals">, DecisionPorts {
  audit: Pick<AuditLog, "append">;
}

/**
 * The reviewer decides a batch, item by item or all at once.
 * 1. read the batch and every member (authorize `task.decide` in its scope); for "approve all",
 *    each member's norm check as of now;
 * 2. plan (domain): each member still in review gets its decision; with "all at once", one
 *    failing its norm check is named and left, members decided already are skipped;
 * 3. decide each member through the review's own decision (its task DONE, its transition and
 *    audit event, its workflow signal: one transaction per member, first writer wins), a few
 *    at a time; a member someone decided meanwhile is "already-decided";
 * 4. append the batch's own event naming what was decided and what was left.
 * Idempotent: repeating the request decides nothing twice. A failure part-way leaves every
 * member either decided (with all its writes) or untouched.
 */
export async function decideBatch(
  ports: BatchDecisionPorts,
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  id: string,
  input: BatchDecisionInput,
): Promise<{ batchId: string; results: DecisionOutcome[] }> {
  const batch = await loadBatch(ports.batches, actor, id, "task.decide");
  const { members } = await readBatch(ports, actor, tx, id);
  const states: MemberState[] = members.map((m) => ({
    proposalId: m.proposalId,
    ...(m.reference ? { reference: m.reference } : {}),
    ...(m.status ? { status: m.status } : {}),
    ...(m.currentTaskId ? { currentTaskId: m.currentTaskId } : {}),
    ...(m.norms ? { norms: m.norms } : {}),
  }));
  const plans: MemberPlan[] = input.items
    ? domain.planItems(states, input.items)
    : domain.planAll(states, input.decision ?? "approve", input.comment);
  const results = await mapSettled(plans, PARALLEL, async (plan): Promise<DecisionOutcome> => {
    if (plan.action === "skip")
      return { proposalId: plan.proposalId, outcome: plan.outcome, reason: plan.reason };
    try {
      const res = await decideTask(ports, actor, tx, plan.taskId, {
        decision: plan.decision,
        ...(plan.comment ? { comment: plan.comment } : {}),
      });
      return {
        proposalId: plan.proposalId,
        outcome: "decided",
        decision: plan.decision,
        status: res.status,
      };
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      // Decided (or ended) by someone else meanwhile; anything else (held by another approver,
      // a comment missing) is a refusal that leaves the member as it was.
      const closed = err.extra.decidedBy !== undefined || err.extra.taskStatus !== undefined;
      const outcome = closed ? "already-decided" : "refused";
      return { proposalId: plan.proposalId, outcome, reason: err.message };
    }
  });
  const decided = results.filter((r) => r.outcome === "decided");
  if (decided.length > 0) {
    await ports.audit.append(
      auditStreams.batch(batch.id),
      {
        type: "batch.decided",
        from: batch.status,
        to: batch.status,
        data: {
          mode: input.items ? "items" : "all",
          decided: decided.map((r) => ({ proposalId: r.proposalId, decision: r.decision })),
          left: results
            .filter((r) => r.outcome !== "decided")
            .map((r) => ({ proposalId: r.proposalId, outcome: r.outcome })),
        },
      },
      tx,
      scopeOf(batch),
    );
  }
  return { batchId: batch.id, results };
}
