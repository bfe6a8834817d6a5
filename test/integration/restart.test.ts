import { describe, expect, it } from "vitest";
import {
  a2Draft,
  createDraft,
  decide,
  getProposal,
  submitAndOpen,
  U,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

describe("durability across restarts", () => {
  it("GIVEN a proposal waiting for district review WHEN the stack stops and starts again THEN the task is still there and deciding it runs the workflow to the end", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);

    await stack.stop();
    await stack.restart();

    const task = await stack.api<{ id: string; status: string }>("GET", `/v1/tasks/${taskId}`, {
      token: U.approver,
    });
    expect(task.status, task.text).toBe(200);
    expect(task.json.status).toBe("OPEN");
    expect((await getProposal(stack, draft.id)).status).toBe("IN_REVIEW");

    expect((await decide(stack, taskId, "approve")).status).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
    const paid = await stack.api("POST", `/v1/proposals/${draft.id}/disbursements`, {
      token: U.finance,
      body: { amount: 60_000_000, paidOn: "2026-06-01", reference: "UNC-R1" },
    });
    expect(paid.status, paid.text).toBe(201);
    await waitForStatus(stack, draft.id, "MONITORING");
  });

  it("GIVEN a proposal waiting for review WHEN the stack is killed with SIGKILL THEN after restart the decision still completes the workflow", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);

    await stack.kill();
    await stack.restart();

    expect((await decide(stack, taskId, "approve")).status).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
  });
});
