import type { Directory } from "../../directory/ports.ts";
import type { Role } from "../../kernel/types.ts";
import { logger } from "../../logger.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import type { ReviewTask } from "../../review/domain/task.ts";
import type { Mail, ProposalSummary, TaskSummary } from "../domain/messages.ts";
import type { Mailer } from "../ports.ts";

/** The facts a task mail may carry (no personal data), with the link the recipient follows. */
export async function taskSummary(
  directory: Pick<Directory, "findUnit">,
  t: ReviewTask,
  link: string,
): Promise<TaskSummary> {
  const commune = await directory.findUnit(t.communeId);
  return {
    reference: t.reference,
    activity: t.activity,
    communeName: commune?.nameVi ?? t.communeId,
    amount: t.amount,
    dueAt: t.dueAt,
    link,
  };
}

/**
 * The facts a mail about a proposal may carry: the commune's name (read from the directory,
 * never its code), the approved amount and when it was approved, and the link.
 */
export async function proposalSummary(
  directory: Pick<Directory, "findUnit">,
  p: Pick<Proposal, "reference" | "activity" | "communeId" | "approvedAmount" | "items">,
  approvedAt: string,
  link: string,
): Promise<ProposalSummary> {
  const commune = await directory.findUnit(p.communeId);
  return {
    reference: p.reference,
    activity: p.activity,
    communeName: commune?.nameVi ?? p.communeId,
    amount: p.approvedAmount ?? p.items.reduce((sum, i) => sum + i.supportAmount, 0),
    approvedAt,
    link,
  };
}

/** The addresses of a unit's users having one of the roles. */
export async function recipients(
  directory: Pick<Directory, "usersOfUnit">,
  unitId: string,
  roles: readonly Role[],
): Promise<string[]> {
  return (await directory.usersOfUnit(unitId, roles)).map((u) => u.email).filter(Boolean);
}

/**
 * Sends one mail; returns false (and logs without personal data: what and which reference)
 * when there is nobody to send it to or the send failed, so the caller can leave it for the
 * sweep to retry.
 */
export async function trySend(
  mailer: Mailer,
  mail: Mail,
  what: string,
  ref: string,
): Promise<boolean> {
  if (mail.to.length === 0) {
    logger.warn("no recipients for notification", { what, ref });
    return false;
  }
  try {
    await mailer.send(mail);
    return true;
  } catch (err) {
    countMetric(BUSINESS_METRICS.emailsFailed);
    logger.warn("notification failed; the sweep will retry", {
      what,
      ref,
      error: (err as Error).name,
    });
    return false;
  }
}
