import { authorize, type ScopedActor } from "../../access/policy.ts";
import { decisionDocument } from "../../documents/domain/decision.ts";
import { StaleVersionError } from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import {
  type Proposal,
  SYSTEM_ACTOR,
  type TransitionContext,
} from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { checkNorms, type NormCheckResult, phaseFor } from "../domain/index.ts";
import type { NormCheckLog, NormSetStore, NormUsageStore } from "../ports.ts";

const FUNDED = ["APPROVED", "DISBURSING", "MONITORING", "CLOSED"];
const MAX_ATTEMPTS = 5;

/** What a check reads: the norm sets in force and the beneficiary's earlier reservations. */
export interface CheckPorts {
  normSets: Pick<NormSetStore, "list">;
  usage: Pick<NormUsageStore, "load">;
}

/** The ports of the workflow's norm check, which reserves what it approves. */
export interface ReservePorts extends CheckPorts {
  proposals: ProposalStore;
  usage: Pick<NormUsageStore, "load" | "stageReservations">;
  checks: NormCheckLog;
}

export async function runCheck(
  ports: CheckPorts,
  p: Proposal,
  decidedAt: string,
): Promise<NormCheckResult> {
  const [sets, usage] = await Promise.all([ports.normSets.list(), ports.usage.load(p.beneficiary)]);
  return checkNorms(
    {
      activity: p.activity,
      // The phase follows the funding source, else the decision date (never a default).
      phase: phaseFor(p.fundingSource, decidedAt),
      beneficiary: p.beneficiary,
      items: p.items,
      provinceId: p.provinceId,
      decidedAt,
      proposalId: p.id,
    },
    sets,
    usage,
  );
}

/**
 * What the proposal item keeps of a check: the verdict, the sets applied and the failed rules.
 * The full result (every rule with its citation, several kB) is its own item, written once in the
 * same transaction, so that later writes of the proposal stay small (fewer write units).
 */
export function normCheckSummary(result: NormCheckResult) {
  return {
    passed: result.passed,
    normSet: result.normSet,
    totals: result.totals,
    failed: result.rules
      .filter((r) => !r.passed && r.severity === "check")
      .map((r) => ({ ruleId: r.ruleId, messageVi: r.messageVi, messageEn: r.messageEn })),
  };
}

/** The failed rules, Vietnamese then English, for the commune. */
export function explainBreach(result: NormCheckResult): string {
  const failed = result.rules.filter((r) => !r.passed && r.severity === "check");
  const vi = failed.map((r) => r.messageVi).join("; ");
  const en = failed.map((r) => r.messageEn).join("; ");
  return `${vi || result.normSet.reasonVi} / ${en || result.normSet.reasonEn}`;
}

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
        return { passed: false, status: "RETURNED" };
      }
      // The decision (quyết định phê duyệt) is issued with the approval: its hash goes into the
      // audit event; the PDF is regenerated from the same data when it is read.
      const phase = phaseFor(p.fundingSource, decidedAt);
      const issued = decisionDocument({ ...p, phase }, result);
      const decision = { name: issued.name, sha256: issued.sha256, bytes: issued.bytes.length };
      await ports.proposals.save(
        p,
        lifecycle.normCheckPassed(p, normCheckSummary(result), tx, phase, decision),
        tx,
        [...ports.usage.stageReservations(p.id, p.beneficiary, result.reservations, at), logged],
      );
      return { passed: true, status: "APPROVED" };
    } catch (err) {
      if (err instanceof WriteConditionsFailed || err instanceof StaleVersionError) continue;
      throw err;
    }
  }
  throw new Error(`norm check of ${proposalId} did not settle after ${MAX_ATTEMPTS} attempts`);
}

/** Dry run for the commune (or reviewer): the check as of now, nothing reserved or written. */
export async function previewNormCheck(
  ports: CheckPorts & { proposals: Pick<ProposalStore, "find"> },
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
): Promise<NormCheckResult> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.previewNorms");
  return runCheck(ports, p, tx.at);
}

/** Every norm set, shipped and published, with its items and citations (`norms.read`). */
export async function normSetsFor(
  ports: { normSets: Pick<NormSetStore, "list"> },
  actor: ScopedActor,
) {
  authorize(actor, "norms.read");
  return ports.normSets.list();
}
