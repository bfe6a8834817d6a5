import { authorize, type ScopedActor } from "../../access/policy.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { StaleVersionError } from "../../kernel/errors.ts";
import { dynamoIndicatorLedger } from "../../monitoring/adapters/dynamo-indicator-ledger.ts";
import { approvalDeltas } from "../../monitoring/domain/deltas.ts";
import { localDate } from "../../monitoring/domain/periods.ts";
import {
  dynamoProposalStore,
  loadProposal,
  saveChange,
} from "../../proposals/adapters/dynamo-proposal-store.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import {
  type Proposal,
  SYSTEM_ACTOR,
  type TransitionContext,
} from "../../proposals/domain/proposal.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { listNormSets, loadUsage, reservationItems } from "../adapters/dynamo-norm-store.ts";
import { checkNorms, type NormCheckResult } from "../domain/index.ts";

const FUNDED = ["APPROVED", "DISBURSING", "MONITORING", "CLOSED"];
const MAX_ATTEMPTS = 5;

async function runCheck(p: Proposal, decidedAt: string): Promise<NormCheckResult> {
  const [sets, usage] = await Promise.all([
    listNormSets(doc, config.tableName),
    loadUsage(doc, config.tableName, p.beneficiary),
  ]);
  return checkNorms(
    {
      activity: p.activity,
      phase: p.phase,
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

/** The full result of a submission's norm check: pk `P#<id>`, sk `NC#<submissionNo>`. */
function normCheckItem(p: Proposal, result: NormCheckResult, at: string): TxItem {
  return {
    Put: {
      TableName: config.tableName,
      Item: {
        pk: `P#${p.id}`,
        sk: `NC#${String(p.submissionNo).padStart(4, "0")}`,
        submissionNo: p.submissionNo,
        checkedAt: at,
        result,
      },
    },
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
  proposalId: string,
  at: string,
): Promise<{ passed: boolean; status: string }> {
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const p = await loadProposal(proposalId);
    if (p.status !== "NORM_CHECK") return { passed: FUNDED.includes(p.status), status: p.status };
    const result = await runCheck(p, p.lastDecision?.at ?? at);
    try {
      if (!result.passed) {
        await saveChange(
          p,
          lifecycle.normCheckFailed(p, normCheckSummary(result), explainBreach(result), tx),
          tx,
          [normCheckItem(p, result, at)],
        );
        return { passed: false, status: "RETURNED" };
      }
      const change = lifecycle.normCheckPassed(p, normCheckSummary(result), tx);
      await saveChange(p, change, tx, [
        ...reservationItems(config.tableName, p.id, p.beneficiary, result.reservations, at),
        normCheckItem(p, result, at),
        // The indicators' counters (approvals, amounts approved, A3 addresses) move with the approval.
        ...dynamoIndicatorLedger.stage(approvalDeltas(change.next, localDate(at))),
      ]);
      return { passed: true, status: "APPROVED" };
    } catch (err) {
      if (err instanceof ConditionsFailed || err instanceof StaleVersionError) continue;
      throw err;
    }
  }
  throw new Error(`norm check of ${proposalId} did not settle after ${MAX_ATTEMPTS} attempts`);
}

/** Dry run for the commune (or reviewer): the check as of now, nothing reserved or written. */
export async function previewNormCheck(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
): Promise<NormCheckResult> {
  const p = await loadAuthorized(dynamoProposalStore, actor, id, "proposal.previewNorms");
  return runCheck(p, tx.at);
}

/** Every norm set, shipped and published, with its items and citations (`norms.read`). */
export async function normSetsFor(actor: ScopedActor) {
  authorize(actor, "norms.read");
  return listNormSets(doc, config.tableName);
}
