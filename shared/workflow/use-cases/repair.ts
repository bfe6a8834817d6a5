import { StaleVersionError } from "../../kernel/errors.ts";
import { logger } from "../../logger.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import { SYSTEM_ACTOR, type TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  executionNameOf,
  MAX_REPAIRS,
  needsExecution,
  resumePointOf,
  workflowRepaired,
} from "../../proposals/domain/workflow-issues.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import type { ExecutionWatch, Workflow } from "../ports.ts";

export interface RepairPorts {
  watch: ExecutionWatch;
  workflow: Pick<Workflow, "status" | "resume">;
  proposals: Pick<ProposalStore, "find" | "save">;
}

export interface RepairReport {
  checked: number;
  repaired: number;
  /** Proposals whose repairs ran out: a person must look (they were told by RecordFailure). */
  gaveUp: number;
}

export const REPAIR = {
  /** A state younger than this is left alone: its execution may still be starting. */
  graceMinutes: 15,
  /** Entries looked at per sweep. */
  batch: 100,
  /** Repairs of one submission before the sweep stops trying. */
  maxRepairs: MAX_REPAIRS,
};

/**
 * The sweep's repair step: every proposal in a state that needs an execution (in review, in the
 * norm check, awaiting disbursement) whose execution is not running gets a new one that resumes
 * where the proposal is (`resumeAt`), named after the submission and the repair, recorded in
 * the proposal's audit chain. An entry is claimed before the start, so two sweeps never start
 * two executions; a crash between the claim and the start is repaired by the next sweep.
 */
export async function repairExecutions(ports: RepairPorts, nowIso: string): Promise<RepairReport> {
  const report: RepairReport = { checked: 0, repaired: 0, gaveUp: 0 };
  const cutoff = new Date(Date.parse(nowIso) - REPAIR.graceMinutes * 60_000).toISOString();
  for (const w of await ports.watch.due(cutoff, REPAIR.batch)) {
    report.checked++;
    if ((await ports.workflow.status(w.executionName)) === "RUNNING") {
      await ports.watch.checked(w.proposalId, nowIso);
      continue;
    }
    const p = await ports.proposals.find(w.proposalId);
    if (!p || !needsExecution(p.status) || p.submissionNo !== w.submissionNo) {
      await ports.watch.checked(w.proposalId, nowIso);
      continue;
    }
    if (w.repairs >= REPAIR.maxRepairs) {
      report.gaveUp++;
      await ports.watch.checked(w.proposalId, nowIso);
      continue;
    }
    const name = executionNameOf(p.id, p.submissionNo, w.repairs + 1);
    if (!(await ports.watch.repaired(w, name, nowIso))) continue;
    const resumeAt = resumePointOf(p.status);
    await ports.workflow.resume(name, {
      proposalId: p.id,
      submissionNo: p.submissionNo,
      ...(resumeAt ? { resumeAt } : {}),
    });
    report.repaired++;
    countMetric(BUSINESS_METRICS.sweepRepairs);
    logger.warn("workflow repaired", {
      event: "workflow.repaired",
      proposalId: p.id,
      executionName: name,
    });
    const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at: nowIso };
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = attempt === 0 ? p : await ports.proposals.find(p.id);
      if (!now) break;
      try {
        await ports.proposals.save(now, workflowRepaired(now, name, tx), tx);
        break;
      } catch (err) {
        if (!(err instanceof StaleVersionError)) throw err;
      }
    }
  }
  return report;
}
