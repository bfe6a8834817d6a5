import { linkBindsTo, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  type EmailLink,
  hashLinkId,
  isLinkIdShape,
  type LinkVerdict,
  linkVerdict,
} from "../domain/links.ts";
import type { ReviewTask } from "../domain/task.ts";
import type { LinkStore, TaskStore } from "../ports.ts";
import {
  type DecisionInput,
  type DecisionPorts,
  type DecisionResult,
  decideTask,
} from "./review.ts";

/**
 * Email links (LESSONS.md): an opaque id in the URL, only its hash stored, bound to one
 * approver and one assignment, expiring, used at most once. Opening one never changes
 * anything (mail scanners follow links); deciding is a POST by the signed-in approver it was
 * sent to, and consumes the link in the decision's own transaction.
 */
export interface LinkReadPorts {
  links: Pick<LinkStore, "find">;
  tasks: Pick<TaskStore, "find">;
  directory: Pick<Directory, "findUnit">;
}

export interface ResolvedLink {
  link: EmailLink;
  task: ReviewTask;
  verdict: LinkVerdict;
  communeName: string;
}

/** The link behind an id from a URL, with its task and what it leads to; undefined if unknown. */
export async function resolveEmailLink(
  ports: LinkReadPorts,
  linkId: string,
  nowMs: number,
): Promise<ResolvedLink | undefined> {
  if (!isLinkIdShape(linkId)) return undefined;
  const link = await ports.links.find(hashLinkId(linkId));
  if (!link) return undefined;
  const task = await ports.tasks.find(link.taskId);
  if (!task) return undefined;
  const commune = await ports.directory.findUnit(task.communeId);
  return {
    link,
    task,
    verdict: linkVerdict(link, task, nowMs),
    communeName: commune?.nameVi ?? task.communeId,
  };
}

export type LinkDecisionPorts = LinkReadPorts &
  DecisionPorts & { links: Pick<LinkStore, "find" | "stageConsume"> };

/**
 * Decides through an email link: the same decision as the web page and the API (channel
 * "email_link"), only by the approver the link was sent to, only while the link can decide;
 * the link is consumed in the decision's transaction, so it decides at most once.
 */
export async function decideByEmailLink(
  ports: LinkDecisionPorts,
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  linkId: string,
  input: DecisionInput,
): Promise<DecisionResult> {
  const r = await resolveEmailLink(ports, linkId, Date.parse(tx.at));
  if (!r) throw new NotFoundError("this link does not exist");
  if (!linkBindsTo(actor, r.link)) throw new ForbiddenError("this link was sent to someone else");
  if (r.verdict.kind !== "open")
    throw new ConflictError(`this link can no longer decide (${r.verdict.kind})`);
  return decideTask(ports, actor, tx, r.task.id, input, {
    extra: [ports.links.stageConsume(r.link, tx.at)],
    extraConflict: "this link was already used or has expired",
  });
}
