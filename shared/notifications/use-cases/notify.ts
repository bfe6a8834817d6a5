import { config } from "../../config.ts";
import { findUnit, usersOfUnit } from "../../directory/adapters/dynamo-directory.ts";
import type { Role } from "../../kernel/types.ts";
import { logger } from "../../logger.ts";
import type { ReviewTask } from "../../review/domain/task.ts";
import { mailer } from "../adapters/mailer.ts";
import type { Mail, TaskSummary } from "../domain/messages.ts";

export const taskLink = (taskId: string) =>
  `${config.appBaseUrl}/app/tasks/${encodeURIComponent(taskId)}`;

export async function taskSummary(t: ReviewTask, link = taskLink(t.id)): Promise<TaskSummary> {
  const commune = await findUnit(t.communeId);
  return {
    reference: t.reference,
    activity: t.activity,
    communeName: commune?.nameVi ?? t.communeId,
    amount: t.amount,
    dueAt: t.dueAt,
    link,
  };
}

export async function recipients(unitId: string, roles: readonly Role[]): Promise<string[]> {
  return (await usersOfUnit(unitId, roles)).map((u) => u.email).filter(Boolean);
}

/** Sends one mail; returns false (and logs without personal data) when the send failed. */
export async function trySend(mail: Mail, what: string, ref: string): Promise<boolean> {
  if (mail.to.length === 0) {
    logger.warn("no recipients for notification", { what, ref });
    return false;
  }
  try {
    await mailer().send(mail);
    return true;
  } catch (err) {
    logger.warn("notification failed; the sweep will retry", {
      what,
      ref,
      error: (err as Error).name,
    });
    return false;
  }
}
