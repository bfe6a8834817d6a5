/** What the review capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { PageRequest } from "../proposals/ports.ts";
import type { EmailLink } from "./domain/links.ts";
import type { ReviewSettings } from "./domain/settings.ts";
import type { HolderPatch, ReviewTask, TaskClosing, TaskMarks } from "./domain/task.ts";

export type { PageRequest };

/** A task with the workflow's task token; the token never leaves the review use cases. */
export interface TaskWithToken {
  task: ReviewTask;
  token: string;
}

export interface TaskPage {
  tasks: ReviewTask[];
  /** Where the next page starts; absent on the last page. */
  cursor?: string;
}

export interface TaskStore {
  /** A strongly consistent read. */
  find(id: string): Promise<ReviewTask | undefined>;
  /** A strongly consistent read with the token the workflow waits on. */
  findWithToken(id: string): Promise<TaskWithToken | undefined>;
  /** Stages the creation of a task holding the token; fails if the task exists. */
  stageCreate(task: ReviewTask, token: string): PendingWrite;
  /** Stages the end of an OPEN task; fails if it is no longer open (first writer wins). */
  stageClose(task: ReviewTask, closing: TaskClosing): PendingWrite;
  /**
   * Stages a change of holder of an OPEN task, conditioned on the holder and assignment number
   * read, so that two concurrent changes cannot both win.
   */
  stageHolder(task: ReviewTask, patch: HolderPatch): PendingWrite;
  /** Points an OPEN task at a new workflow token; false when it is no longer open. */
  refreshToken(id: string, token: string): Promise<boolean>;
  /** Records what a notification or the sweep did on an existing task. */
  mark(id: string, marks: TaskMarks): Promise<void>;
  /** A reviewing unit's tasks, oldest due first, optionally of one status and one assignee. */
  ofUnit(
    unitId: string,
    filter: { status?: ReviewTask["status"]; assignee?: string },
    page: PageRequest,
  ): Promise<TaskPage>;
  /** Tasks of one status in every unit, due before `dueBefore`, oldest due first (the sweep). */
  dueBefore(status: ReviewTask["status"], dueBefore: string, limit: number): Promise<ReviewTask[]>;
}

/** Email links, stored under the hash of their id (the id itself is never stored). */
export interface LinkStore {
  /** Stores a new link; fails if its hash exists. */
  put(link: EmailLink): Promise<void>;
  find(hash: string): Promise<EmailLink | undefined>;
  /**
   * Stages marking the link used, failing if it was used already or has expired at `at`: it
   * joins the decision's transaction, so a link decides at most once.
   */
  stageConsume(link: EmailLink, at: string): PendingWrite;
}

/** The review timetable; its changes are audited on their own stream. */
export interface ReviewSettingsStore {
  /** The settings in force, read fresh (a change applies to the next task and sweep). */
  current(): Promise<ReviewSettings>;
  /**
   * Stages the new settings, conditioned on the settings read being still the stored ones
   * (no lost update), for the transaction of their audit event.
   */
  stageSave(before: ReviewSettings, next: ReviewSettings): PendingWrite;
}
