import { describe, expect, it } from "vitest";
import {
  type EmailLink,
  expiryFrom,
  hashLinkId,
  isLinkIdShape,
  linkVerdict,
  newLinkId,
} from "../../shared/review/domain/links.ts";
import type { ReviewTask } from "../../shared/review/domain/task.ts";

const task = (over: Partial<ReviewTask> = {}): ReviewTask => ({
  id: "p1-r1",
  kind: "review",
  proposalId: "p1",
  reference: "P8-2026-000001",
  submissionNo: 1,
  activity: "A2",
  communeId: "C1",
  reviewUnitId: "R1",
  provinceId: "P1",
  amount: 1,
  candidateRole: "approver",
  status: "OPEN",
  priority: "normal",
  createdAt: "2026-01-01T00:00:00.000Z",
  dueAt: "2026-01-06T00:00:00.000Z",
  remindersSent: 0,
  escalationLevel: 0,
  ...over,
});
const link = (over: Partial<EmailLink> = {}): EmailLink => ({
  hash: "h",
  taskId: "p1-r1",
  username: "a",
  assignmentNo: 0,
  createdAt: "2026-01-01T00:00:00.000Z",
  expiresAt: expiryFrom("2026-01-01T00:00:00.000Z", 7),
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe("email link ids", () => {
  it("are opaque, unique, URL-safe and stored only as a SHA-256", () => {
    const ids = new Set(Array.from({ length: 200 }, newLinkId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(isLinkIdShape(id)).toBe(true);
    const [id] = ids;
    expect(hashLinkId(id ?? "")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkId(id ?? "")).not.toContain(id);
    expect(isLinkIdShape("p1-r1")).toBe(false);
  });
});

describe("what a link leads to", () => {
  it("an open task within the expiry: the form", () => {
    expect(linkVerdict(link(), task(), at("2026-01-07T23:59:00Z")).kind).toBe("open");
  });
  it("after the expiry (7 days by default): expired", () => {
    expect(linkVerdict(link(), task(), at("2026-01-08T00:00:00Z")).kind).toBe("link_expired");
  });
  it("used once: used", () => {
    expect(
      linkVerdict(link({ usedAt: "2026-01-02T00:00:00Z" }), task(), at("2026-01-02T01:00:00Z"))
        .kind,
    ).toBe("link_used");
  });
  it("a decided task says who and when, before anything about the link", () => {
    const v = linkVerdict(
      link({ usedAt: "x" }),
      task({
        status: "DONE",
        decision: "approve",
        decidedBy: "b",
        decidedByName: "B",
        decidedAt: "t",
      }),
      at("2027-01-01T00:00:00Z"),
    );
    expect(v).toEqual({ kind: "decided", by: "B", at: "t", decision: "approve" });
  });
  it("a reassigned task names the new assignee", () => {
    expect(
      linkVerdict(
        link(),
        task({ assignmentNo: 1, assignee: "c", assigneeName: "C" }),
        at("2026-01-02T00:00:00Z"),
      ),
    ).toEqual({ kind: "reassigned", to: "C" });
  });
  it("a timed-out task says so", () => {
    expect(linkVerdict(link(), task({ status: "EXPIRED" }), at("2026-01-02T00:00:00Z")).kind).toBe(
      "expired_task",
    );
  });
});
