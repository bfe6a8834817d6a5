import type { Directory } from "../../directory/ports.ts";
import { StaleVersionError } from "../../kernel/errors.ts";
import { logger } from "../../logger.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import { workflowFailureMail } from "../../notifications/domain/workflow-mails.ts";
import type { AppLinks, Mailer } from "../../notifications/ports.ts";
import { SYSTEM_ACTOR, type TransitionContext } from "../../proposals/domain/proposal.ts";
import { workflowFailed } from "../../proposals/domain/workflow-issues.ts";
import type { ProposalStore } from "../../proposals/ports.ts";

export interface FailurePorts {
  proposals: Pick<ProposalStore, "find" | "save">;
  directory: Pick<Directory, "findUnit" | "findUser" | "usersOfUnit">;
  mailer: Mailer;
  urls: Pick<AppLinks, "proposalPage">;
}

export interface FailureInput {
  proposalId: string;
  submissionNo: number;
  state: string;
  error: string;
  executionName: string;
}

/**
 * RecordFailure (workflow task, every step's last Catch).
 * 1. record the failed step on the proposal and in its audit chain; the proposal stays in its
 *    state, from where the sweep repairs it with a new execution;
 * 2. tell the reviewing unit's lead and the province officers (no personal data: the
 *    reference, the step and a link); a failed send is logged, never fatal.
 * A failure of an older submission's execution changes nothing.
 */
export async function recordWorkflowFailure(
  ports: FailurePorts,
  input: FailureInput,
  at: string,
): Promise<{ recorded: boolean }> {
  const tx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  const issue = {
    state: input.state,
    error: input.error || "Error",
    at,
    executionName: input.executionName,
  };
  let recorded = false;
  for (let attempt = 0; attempt < 3 && !recorded; attempt++) {
    const p = await ports.proposals.find(input.proposalId);
    if (!p || p.submissionNo !== input.submissionNo) return { recorded: false };
    try {
      await ports.proposals.save(p, workflowFailed(p, issue, tx), tx);
      recorded = true;
    } catch (err) {
      if (!(err instanceof StaleVersionError)) throw err;
    }
  }
  logger.error("workflow step failed", {
    event: "workflow.failed",
    proposalId: input.proposalId,
    state: input.state,
    error: input.error,
  });
  const p = await ports.proposals.find(input.proposalId);
  if (!p) return { recorded };
  try {
    const unit = await ports.directory.findUnit(p.reviewUnitId);
    const lead = unit?.leadUsername ? await ports.directory.findUser(unit.leadUsername) : undefined;
    const province = await ports.directory.usersOfUnit(p.provinceId, ["province_officer"]);
    const to = [
      ...new Set([lead?.email, ...province.map((u) => u.email)].filter(Boolean)),
    ] as string[];
    if (to.length > 0) {
      await ports.mailer.send(
        workflowFailureMail(
          { reference: p.reference, state: input.state, link: ports.urls.proposalPage(p.id) },
          to,
        ),
      );
    }
  } catch (err) {
    countMetric(BUSINESS_METRICS.emailsFailed);
    logger.warn("workflow failure mail not sent", { proposalId: p.id, error: (err as Error).name });
  }
  return { recorded };
}
