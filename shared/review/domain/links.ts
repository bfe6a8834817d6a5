import { createHash, randomBytes } from "../../kernel/node-crypto.ts";
import type { ReviewTask } from "./task.ts";

/**
 * Email links (LESSONS.md): an opaque random id in the URL, only its SHA-256 stored, bound to
 * one approver and one assignment of one task, with an expiry, used at most once. The id says
 * nothing about the task; the task token never leaves DynamoDB.
 */
export interface EmailLink {
  /** SHA-256 (hex) of the link id; the id itself is never stored. */
  hash: string;
  taskId: string;
  /** The approver the link was sent to: only they can decide through it. */
  username: string;
  /** The task's assignment number when the link was made; a reassignment makes it stale. */
  assignmentNo: number;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** 32 random bytes, base64url (43 characters): unguessable and safe in a URL path. */
export const newLinkId = (): string => randomBytes(32).toString("base64url");

export const hashLinkId = (id: string): string =>
  createHash("sha256").update(id, "utf8").digest("hex");

/** A link id must look like one before it costs a database read. */
export const isLinkIdShape = (id: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(id);

export function expiryFrom(createdAtIso: string, days: number): string {
  return new Date(Date.parse(createdAtIso) + days * 86_400_000).toISOString();
}

/** What a link leads to right now; only "open" offers the decision form. */
export type LinkVerdict =
  | { kind: "open" }
  | { kind: "decided"; by: string; at: string; decision: NonNullable<ReviewTask["decision"]> }
  | { kind: "expired_task" }
  | { kind: "cancelled_task" }
  | { kind: "reassigned"; to: string }
  | { kind: "link_expired" }
  | { kind: "link_used"; at: string };

/**
 * The state of a link, by precedence: what happened to the task first (decided, timed out,
 * reassigned: the reader wants to know that), then the link's own expiry and use.
 */
export function linkVerdict(link: EmailLink, task: ReviewTask, nowMs: number): LinkVerdict {
  if (task.status === "DONE" && task.decision) {
    return {
      kind: "decided",
      by: task.decidedByName ?? task.decidedBy ?? "?",
      at: task.decidedAt ?? "",
      decision: task.decision,
    };
  }
  if (task.status === "EXPIRED") return { kind: "expired_task" };
  if (task.status === "CANCELLED") return { kind: "cancelled_task" };
  if ((task.assignmentNo ?? 0) !== link.assignmentNo) {
    return { kind: "reassigned", to: task.assigneeName ?? task.assignee ?? "?" };
  }
  if (link.usedAt) return { kind: "link_used", at: link.usedAt };
  if (nowMs >= Date.parse(link.expiresAt)) return { kind: "link_expired" };
  return { kind: "open" };
}
