import { config } from "../../config.ts";
import {
  type DirectoryUser,
  findUser,
  usersOfUnit,
} from "../../directory/adapters/dynamo-directory.ts";
import {
  type Mail,
  reviewAssignedMail,
  reviewEscalationMail,
  reviewReminderMail,
  type TaskSummary,
} from "../../notifications/domain/messages.ts";
import { taskLink, taskSummary, trySend } from "../../notifications/use-cases/notify.ts";
import { putLink } from "../adapters/dynamo-link-store.ts";
import { type EmailLink, expiryFrom, hashLinkId, newLinkId } from "../domain/links.ts";
import type { ReminderAction } from "../domain/reminders.ts";
import type { ReviewTask } from "../domain/task.ts";
import { reviewSettings } from "./review-settings.ts";

/** The URL of an email link: only the opaque id, nothing about the task. */
export const linkUrl = (linkId: string) => `${config.appBaseUrl}/l/${linkId}`;

/**
 * Makes a link for one approver and one assignment of the task and stores its hash.
 * Returns the URL to put in the mail; the id exists nowhere else.
 */
export async function issueLink(
  task: ReviewTask,
  username: string,
  at: string,
  expiryDays: number,
): Promise<string> {
  const id = newLinkId();
  const link: EmailLink = {
    hash: hashLinkId(id),
    taskId: task.id,
    username,
    assignmentNo: task.assignmentNo ?? 0,
    createdAt: at,
    expiresAt: expiryFrom(at, expiryDays),
  };
  await putLink(link);
  return linkUrl(id);
}

const BUILDERS: Record<ReminderAction, (t: TaskSummary, to: string[]) => Mail> = {
  notify: reviewAssignedMail,
  remind: reviewReminderMail,
  escalate_lead: reviewEscalationMail,
  escalate_province: reviewEscalationMail,
};

/** Who gets the mail of an action: the assignee if there is one, else the unit's approvers. */
export async function recipientsOf(
  action: ReminderAction,
  t: ReviewTask,
): Promise<DirectoryUser[]> {
  if (action === "escalate_province") return usersOfUnit(t.provinceId, ["province_officer"]);
  if (action === "escalate_lead") return usersOfUnit(t.reviewUnitId, ["unit_lead"]);
  if (t.assignee) {
    const assignee = await findUser(t.assignee);
    if (assignee) return [assignee];
  }
  return usersOfUnit(t.reviewUnitId, ["approver", "unit_lead"]);
}

/** Whether the user can decide the task, and so gets a decision link rather than a page link. */
const decides = (u: DirectoryUser, t: ReviewTask) =>
  (u.role === "approver" || u.role === "unit_lead") && u.unitId === t.reviewUnitId;

/**
 * Sends the mail of `action` to each recipient separately, each with a link of their own
 * (a decision link for the task's approvers, the task page for others). Returns true only when
 * every mail went out; otherwise the caller leaves the task unmarked and the sweep retries.
 */
export async function mailTask(
  action: ReminderAction,
  t: ReviewTask,
  at: string,
  users?: DirectoryUser[],
): Promise<boolean> {
  const to = (users ?? (await recipientsOf(action, t))).filter((u) => u.email);
  if (to.length === 0) {
    return trySend({ to: [], subject: "", text: "", html: "" }, `review.${action}`, t.reference);
  }
  const settings = await reviewSettings();
  // In parallel: the workflow step that opens the task waits for these sends.
  const sent = await Promise.all(
    to.map(async (u) => {
      const link = decides(u, t)
        ? await issueLink(t, u.username, at, settings.linkExpiryDays)
        : taskLink(t.id);
      return trySend(
        BUILDERS[action](await taskSummary(t, link), [u.email]),
        `review.${action}`,
        t.reference,
      );
    }),
  );
  return sent.every(Boolean);
}
