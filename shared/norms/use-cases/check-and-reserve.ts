/**
 * The workflow's norm check, apart from the dry run: it issues the decision document (with the
 * font of the PDF writer), which the pages and the API that only preview must not bundle.
 */
import { decisionDocument } from "../../documents/domain/decision.ts";
import { StaleVersionError } from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import { approvalDeltas } from "../../monitoring/domain/deltas.ts";
import { localDate } from "../../monitoring/domain/periods.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import { SYSTEM_ACTOR, type TransitionContext } from "../../proposals/domain/proposal.ts";
import { phaseFor } from "../domain/phase.ts";
import { explainBreach, normCheckSummary, type ReservePorts, runCheck } from "./norms.ts";

const FUNDED = ["APPROVED", "DISBURSING", "MONITORING", "CLOSED"];
const MAX_ATTEMPTS = 5;

/**
 * CheckNorms (workflow step after approval).
 * 1. select the norm sets in force at the approval date, load the beneficiary's usage;
 * 2. check every rule; 3a. passed: one transaction moves the proposal to APPROVED, writes the
 *    audit event and reserves the amounts with conditional updates (so concurrent approvals can
 *    never exceed a cap); if a reservation condition fails, someone else took the room: re-check;
 * 3b. failed: the proposal returns to the commune with the breach explained rule by rule.
 * Idempotent: a proposal no longer in NORM_CHECK returns its outcome.
 */
export async function checkAndReserve(
  ports: ReservePorts,
  proposalId: string,
  at: string,
): Promise<{ passed: boolean; status: string }> {
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const p = await ports.proposals.find(proposalId);
    if (!p) throw new Error(`proposal ${proposalId} does not exist`);
    if (p.status !== "NORM_CHECK") return { passed: FUNDED.includes(p.status), status: p.status };
    const decidedAt = p.lastDecision?.at ?? at;
    const result = await runCheck(ports, p, decidedAt);
    const logged = ports.checks.stage(p.id, p.submissionNo, result, at);
    try {
      if (!result.passed) {
        await ports.proposals.save(
          p,
          lifecycle.normCheckFailed(
            p,
            normCheckSummary(result),
            explainBreach(result),
            tx,
            phaseFor(p.fundingSource, decidedAt),
          ),
          tx,
          [logged],
        );
        countMetric(BUSINESS_METRICS.proposalsReturnedForNorms);
        return { passed: false, status: "RETURNED" };
      }
      // The decision (quyết định phê duyệt) is issued with the approval: its hash goes into the
      // audit event; the PDF is regenerated from the same data when it is read.
      const phase = phaseFor(p.fundingSource, decidedAt);
      const issued = decisionDocument({ ...p, phase }, result);
      const decision = { name: issued.name, sha256: issued.sha256, bytes: issued.bytes.length };
      const change = lifecycle.normCheckPassed(p, normCheckSummary(result), tx, phase, decision);
      await ports.proposals.save(p, change, tx, [
        ...ports.usage.stageReservations(p.id, p.beneficiary, result.reservations, at),
        logged,
        // The indicators' counters move with the approval, in its transaction.
        ...ports.indicators.stage(approvalDeltas(change.next, localDate(at))),
      ]);
      countMetric(BUSINESS_METRICS.proposalsApproved);
      return { passed: true, status: "APPROVED" };
    } catch (err) {
      if (err instanceof WriteConditionsFailed || err instanceof StaleVersionError) continue;
      throw err;
    }
  }
  throw new Error(`norm check of ${proposalId} did not settle after ${MAX_ATTEMPTS} attempts`);
}
