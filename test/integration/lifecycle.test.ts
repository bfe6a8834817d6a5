import { describe, expect, it } from "vitest";
import {
  a2Draft,
  a4Draft,
  createDraft,
  decide,
  getProposal,
  type ProposalJson,
  submitAndOpen,
  U,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/** The whole lifecycle, through HTTP only, on the real local stack. */
const stack = useStack();

describe("proposal lifecycle over HTTP", () => {
  it("GIVEN an A2 draft WHEN approved, paid in two tranches, reported and closed THEN it ends CLOSED with an ordered, verified history", async () => {
    const draft = await createDraft(stack, a2Draft());
    expect(draft).toMatchObject({
      status: "DRAFT",
      version: 1,
      reference: expect.stringMatching(/^P8-\d{4}-\d{6}$/),
    });

    const taskId = await submitAndOpen(stack, draft);
    const inbox = await stack.api<{ tasks: { id: string }[] }>("GET", "/v1/tasks?status=OPEN", {
      token: U.approver,
    });
    expect(inbox.json.tasks.map((t) => t.id)).toContain(taskId);

    const mail = await waitFor("the assignment email", async () =>
      (await stack.mails()).find(
        (m) =>
          m.to.some((t) => t.includes("approver.batxat@demo.local")) &&
          m.subject.includes(draft.reference),
      ),
    );
    expect(mail.subject).toContain("chờ thẩm định");

    const decided = await decide(stack, taskId, "approve");
    expect(decided.status, decided.text).toBe(200);
    const approved = await waitForStatus(stack, draft.id, "APPROVED");
    expect(approved.approvedAmount).toBe(60_000_000);
    expect(approved.normCheck?.passed).toBe(true);

    const pay1 = await stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/disbursements`, {
      token: U.finance,
      body: { amount: 40_000_000, paidOn: "2026-06-01", reference: "UNC-001" },
    });
    expect(pay1.status, pay1.text).toBe(201);
    expect(pay1.json).toMatchObject({ status: "DISBURSING", disbursedTotal: 40_000_000 });

    const tooMuch = await stack.api<{ remainingAmount: number }>(
      "POST",
      `/v1/proposals/${draft.id}/disbursements`,
      {
        token: U.finance,
        body: { amount: 20_000_001, paidOn: "2026-06-02", reference: "UNC-002" },
      },
    );
    // A payment that does not fit is a conflict naming what remains (issue 15, item 8).
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.remainingAmount).toBe(20_000_000);
    expect(tooMuch.headers.get("content-type")).toContain("application/problem+json");

    const pay2 = await stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/disbursements`, {
      token: U.finance,
      body: { amount: 20_000_000, paidOn: "2026-06-02", reference: "UNC-002" },
    });
    expect(pay2.json).toMatchObject({ status: "MONITORING", disbursedTotal: 60_000_000 });

    const report = await stack.api("POST", `/v1/proposals/${draft.id}/reports`, {
      token: U.commune,
      body: {
        period: "2026-07",
        usedAmount: 55_000_000,
        progress: "on_track",
        summary: "Đã in tem, đăng ký nhãn hiệu",
      },
    });
    expect(report.status, report.text).toBe(201);

    const closed = await stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/close`, {
      token: U.approver,
      body: { comment: "Hoàn thành" },
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.status).toBe("CLOSED");

    const history = await stack.api<{
      chain: { ok: boolean };
      events: { type: string; to: string; actorId: string; seq: number }[];
    }>("GET", `/v1/proposals/${draft.id}/history`, { token: U.auditor });
    expect(history.status).toBe(200);
    expect(history.json.chain.ok).toBe(true);
    expect(history.json.events.map((e) => e.type)).toEqual([
      "proposal.created",
      "proposal.submitted",
      "review.task_opened",
      "review.approved",
      "norms.passed",
      "disbursement.recorded",
      "disbursement.recorded",
      "report.filed",
      "proposal.closed",
    ]);
    expect(history.json.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history.json.events.find((e) => e.type === "review.approved")?.actorId).toBe(U.approver);
  });

  it("GIVEN a proposal in review WHEN returned with a comment THEN the commune edits and resubmits, and a second review approves it", async () => {
    const draft = await createDraft(stack, a2Draft());
    const task1 = await submitAndOpen(stack, draft);
    const returned = await decide(stack, task1, "return", "Bổ sung kế hoạch kinh doanh");
    expect(returned.status, returned.text).toBe(200);
    const p = await waitForStatus(stack, draft.id, "RETURNED");
    expect(p.statusReason).toBe("Bổ sung kế hoạch kinh doanh");

    const edited = await stack.api<ProposalJson>("PUT", `/v1/proposals/${draft.id}`, {
      token: U.commune,
      headers: { "if-match": `"${p.version}"` },
      body: {
        ...a2Draft(),
        communeId: undefined,
        beneficiaryId: undefined,
        title: "Thương hiệu chè (bổ sung kế hoạch)",
      },
    });
    expect(edited.status, edited.text).toBe(200);
    const task2 = await submitAndOpen(stack, edited.json);
    expect(task2).not.toBe(task1);
    expect((await decide(stack, task2, "approve")).status).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
  });

  it("GIVEN a proposal in review WHEN rejected THEN it is final: no edit, no resubmission", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    expect((await decide(stack, taskId, "reject", "Không thuộc đối tượng hỗ trợ")).status).toBe(
      200,
    );
    const p = await waitForStatus(stack, draft.id, "REJECTED");
    const submit = await stack.api<{ type: string; currentState: string }>(
      "POST",
      `/v1/proposals/${draft.id}/submit`,
      { token: U.commune },
    );
    expect(submit.status).toBe(409);
    expect(submit.json).toMatchObject({ type: "/problems/wrong-state", currentState: "REJECTED" });
    expect((await getProposal(stack, draft.id)).version).toBe(p.version);
  });

  it("GIVEN an A4 model above the 30,000,000 đ cap WHEN approved THEN the norm check returns it to the commune naming the rule and the amounts", async () => {
    const draft = await createDraft(stack, a4Draft(35_000_000));
    const taskId = await submitAndOpen(stack, draft);
    expect((await decide(stack, taskId, "approve")).status).toBe(200);
    const p = await waitForStatus(stack, draft.id, "RETURNED");
    expect(p.normCheck?.passed).toBe(false);
    expect(p.statusReason).toMatch(/30\.000\.000/);
    expect(p.statusReason).toMatch(/55\/2023/);
    expect(p.approvedAmount).toBeUndefined();
  });

  it("GIVEN a decided task WHEN a second approver decides THEN 409 names who decided and nothing changes", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    expect((await decide(stack, taskId, "approve")).status).toBe(200);
    const second = await decide(stack, taskId, "reject", "muộn", U.approver2);
    expect(second.status).toBe(409);
    expect(second.text).toContain(U.approver);
    const p = await waitForStatus(stack, draft.id, "APPROVED");
    expect(p.status).toBe("APPROVED");
  });
});
