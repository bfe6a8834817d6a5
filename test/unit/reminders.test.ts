import { describe, expect, it } from "vitest";
import { reminderAction } from "../../shared/review/domain/reminders.ts";
import type { ReviewTask } from "../../shared/review/domain/task.ts";

const due = Date.parse("2026-06-10T00:00:00.000Z");
const H = 3_600_000;
const task = (patch: Partial<ReviewTask> = {}): ReviewTask => ({
  id: "t",
  kind: "review",
  proposalId: "p",
  reference: "P8",
  submissionNo: 1,
  activity: "A2",
  communeId: "C",
  reviewUnitId: "R",
  provinceId: "P",
  amount: 1,
  candidateRole: "approver",
  status: "OPEN",
  priority: "normal",
  createdAt: "2026-06-05T00:00:00.000Z",
  dueAt: new Date(due).toISOString(),
  notifiedAt: "2026-06-05T00:00:00.000Z",
  remindersSent: 0,
  escalationLevel: 0,
  ...patch,
});

describe("reminder policy", () => {
  it.each([
    ["a task never notified", task({ notifiedAt: undefined }), due - 100 * H, "notify"],
    ["25 h before due", task(), due - 25 * H, undefined],
    ["23 h before due", task(), due - 23 * H, "remind"],
    ["reminded already", task({ remindersSent: 1 }), due - 1 * H, undefined],
    ["just overdue", task({ remindersSent: 1 }), due, "escalate_lead"],
    ["escalated to lead, 47 h overdue", task({ escalationLevel: 1 }), due + 47 * H, undefined],
    [
      "escalated to lead, 48 h overdue",
      task({ escalationLevel: 1 }),
      due + 48 * H,
      "escalate_province",
    ],
    ["fully escalated", task({ escalationLevel: 2 }), due + 400 * H, undefined],
    ["a decided task", task({ status: "DONE" }), due + 400 * H, undefined],
  ])("%s", (_name, t, now, expected) => {
    expect(reminderAction(t, now)).toBe(expected);
  });
});
