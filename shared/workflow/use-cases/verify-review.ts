import { NotFoundError } from "../../kernel/errors.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { reviewTaskId } from "../../review/domain/task.ts";
import type { TaskStore } from "../../review/ports.ts";

/** The workflow was told something the proposal does not record (a forged or stale callback). */
export class CallbackMismatch extends Error {
  override name = "CallbackMismatch";
}

/** Where the proposal of the decided submission may be, for each decision. */
const AFTER: Record<string, readonly ProposalStatus[]> = {
  approve: ["NORM_CHECK"],
  return: ["RETURNED", "CANCELLED"],
  reject: ["REJECTED"],
};

/**
 * VerifyReview (workflow task, after the review's callback). The callback's decision is
 * believed only if the stored task is decided with that decision and the proposal is where that
 * decision puts it (a returned proposal may already have been resubmitted). Otherwise it fails
 * closed with CallbackMismatch, which sends the execution back to wait for the real decision.
 */
export async function verifyReviewOutcome(
  ports: { tasks: Pick<TaskStore, "find">; proposals: Pick<ProposalStore, "find"> },
  input: { proposalId: string; submissionNo: number; review: unknown },
): Promise<{ decision: string }> {
  const claimed =
    typeof input.review === "object" && input.review !== null && "decision" in input.review
      ? String((input.review as { decision: unknown }).decision)
      : undefined;
  const [task, p] = await Promise.all([
    ports.tasks.find(reviewTaskId(input.proposalId, input.submissionNo)),
    ports.proposals.find(input.proposalId),
  ]);
  if (!p) throw new NotFoundError(`proposal ${input.proposalId} does not exist`);
  const mismatch = (why: string) =>
    new CallbackMismatch(`review callback of ${input.proposalId}-${input.submissionNo}: ${why}`);
  if (!claimed || !(claimed in AFTER)) throw mismatch("no decision in the callback");
  if (task?.status !== "DONE") throw mismatch(`the task is ${task?.status ?? "missing"}`);
  if (task.decision !== claimed) throw mismatch("the task records another decision");
  const resubmitted = p.submissionNo > input.submissionNo && claimed === "return";
  if (!resubmitted && !(AFTER[claimed] ?? []).includes(p.status))
    throw mismatch(`the proposal is ${p.status}`);
  return { decision: claimed };
}
