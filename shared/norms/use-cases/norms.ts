import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { IndicatorLedger } from "../../monitoring/ports.ts";
import {
  approvedItems,
  type Proposal,
  type TransitionContext,
} from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized, scopeOf } from "../../proposals/use-cases/proposals.ts";
import { checkNorms } from "../domain/check.ts";
import { phaseFor } from "../domain/phase.ts";
import type { NormCheckResult } from "../domain/types.ts";
import type { NormCheckLog, NormSetStore, NormUsageStore } from "../ports.ts";

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
  /** The monitoring counters an approval moves (approvals, amounts, A3 addresses). */
  indicators: Pick<IndicatorLedger, "stage">;
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
      // After an approval: the amounts the approver granted (partial approval), not those asked.
      items: approvedItems(p),
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

/** The same dry run on a proposal the caller has just read (its page): no second read. */
export async function previewNormCheckOf(
  ports: CheckPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  p: Proposal,
): Promise<NormCheckResult> {
  authorize(actor, "proposal.previewNorms", scopeOf(p));
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
