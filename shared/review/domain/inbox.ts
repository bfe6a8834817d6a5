import type { ReviewTask } from "./task.ts";

/** The tabs of the web inbox. */
export const INBOX_VIEWS = ["mine", "unit", "overdue", "decided"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export interface InboxFilters {
  activity?: string;
  commune?: string;
  sort?: string;
}

/** Which tasks a view shows, from the unit's tasks of one status. */
export function selectTasks(
  all: readonly ReviewTask[],
  view: InboxView,
  me: string,
  nowMs: number,
  f: InboxFilters,
): ReviewTask[] {
  const byView = all.filter((x) => {
    if (view === "mine") return x.status === "OPEN" && x.assignee === me;
    if (view === "overdue") return x.status === "OPEN" && Date.parse(x.dueAt) < nowMs;
    if (view === "decided") return x.status === "DONE" && x.decidedBy === me;
    return x.status === "OPEN";
  });
  const filtered = byView.filter(
    (x) => (!f.activity || x.activity === f.activity) && (!f.commune || x.communeId === f.commune),
  );
  const due = (a: ReviewTask, b: ReviewTask) => a.dueAt.localeCompare(b.dueAt);
  const rank = (x: ReviewTask) => (x.priority === "high" ? 0 : 1);
  return filtered.sort(f.sort === "priority" ? (a, b) => rank(a) - rank(b) || due(a, b) : due);
}
