import type { Directory, DirectoryUser } from "../../directory/ports.ts";
import {
  type Mail,
  reviewAssignedMail,
  reviewEscalationMail,
  reviewReminderMail,
  type TaskSummary,
} from "../../notifications/domain/messages.ts";
import type { AppLinks, Mailer } from "../../notifications/ports.ts";
import { taskSummary, trySend } from "../../notifications/use-cases/notify.ts";
import { type EmailLink, expiryFrom, hashLinkId, newLinkId } from "../domain/links.ts";
import type { ReminderAction } from "../domain/reminders.ts";
import type { ReviewSettings } from "../domain/settings.ts";
import type { ReviewTask } from "../domain/task.ts";
import type { LinkStore, ReviewSettingsStore } from "../ports.ts";

/** The ports of a task mail: who gets it, their links, the mailer. */
export interface TaskMailPorts {
  directory: Pick<Directory, "findUnit" | "findUser" | "usersOfUnit">;
  links: Pick<LinkStore, "put">;
  settings: Pick<ReviewSettingsStore, "current">;
  mailer: Mailer;
  urls: AppLinks;
}

/**
 * Makes a link for one approver and one assignment of the task and stores its hash.
 * Returns the URL to put in the mail; the id exists nowhere else.
 */
export async function issueLink(
  ports: Pick<TaskMailPorts, "links" | "urls">,
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
  await ports.links.put(link);
  return ports.urls.emailLink(id);
}

const BUILDERS: Record<ReminderAction, (t: TaskSummary, to: string[]) => Mail> = {
  notify: reviewAssignedMail,
  remind: reviewReminderMail,
  escalate_lead: reviewEscalationMail,
  escalate_province: reviewEscalationMail,
};

/** Who gets the mail of an action: the assignee if there is one, else the unit's approvers. */
export async function recipientsOf(
  directory: TaskMailPorts["directory"],
  action: ReminderAction,
  t: ReviewTask,
): Promise<DirectoryUser[]> {
  if (action === "escalate_province")
    return directory.usersOfUnit(t.provinceId, ["province_officer"]);
  if (action === "escalate_lead") return directory.usersOfUnit(t.reviewUnitId, ["unit_lead"]);
  if (t.assignee) {
    const assignee = await directory.findUser(t.assignee);
    if (assignee) return [assignee];
  }
  return directory.usersOfUnit(t.reviewUnitId, ["approver", "unit_lead"]);
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
  ports: TaskMailPorts,
  action: ReminderAction,
  t: ReviewTask,
  at: string,
  opts: { users?: DirectoryUser[]; settings?: ReviewSettings } = {},
): Promise<boolean> {
  const to = (opts.users ?? (await recipientsOf(ports.directory, action, t))).filter(
    (u) => u.email,
  );
  const what = `review.${action}`;
  if (to.length === 0) {
    return trySend(ports.mailer, { to: [], subject: "", text: "", html: "" }, what, t.reference);
  }
  const settings = opts.settings ?? (await ports.settings.current());
  // In parallel: the workflow step that opens the task waits for these sends.
  const sent = await Promise.all(
    to.map(async (u) => {
      const link = decides(u, t)
        ? await issueLink(ports, t, u.username, at, settings.linkExpiryDays)
        : ports.urls.taskPage(t.id);
      const summary = await taskSummary(ports.directory, t, link);
      return trySend(ports.mailer, BUILDERS[action](summary, [u.email]), what, t.reference);
    }),
  );
  return sent.every(Boolean);
}
