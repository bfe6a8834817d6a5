/**
 * No proposal is stranded by the workflow (issue 11, item 4), on the real local stack:
 * - a forged SendTaskSuccess cannot end a review the proposal has not had: VerifyReview re-reads
 *   the task and the proposal, fails closed, and the execution waits again on a fresh token;
 * - a task that fails (forced through POST /_local/faults) ends in RecordFailure: the proposal
 *   keeps its state and carries the issue, the audit says workflow.failed, the lead and the
 *   province are mailed; past the grace the sweep starts an execution that resumes at the
 *   failed step, and the lifecycle completes;
 * - throttled invocations are retried, not failures;
 * - a cancel stops the execution its submission still runs, and nothing watches it after.
 */
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { dataKeys } from "../../shared/tables/data-table.ts";
import { DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { executionOf, strandedProposals, watchEntryOf } from "../support/executions.ts";
import {
  a2Draft,
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

const stack = useStack();

afterEach(async () => {
  await faults({});
});

async function faults(body: unknown): Promise<void> {
  const res = await stack.api("POST", "/_local/faults", { body });
  expect(res.status, res.text).toBe(200);
}

async function storedProposal(id: string): Promise<Record<string, unknown>> {
  const res = await dynamoOf(stack).send(
    new GetCommand({ TableName: DATA_TABLE, Key: dataKeys.proposal(id), ConsistentRead: true }),
  );
  return res.Item ?? {};
}

const watched = (id: string) => watchEntryOf(stack, id);

async function historyTypes(id: string): Promise<string[]> {
  const h = await stack.api<{ chain: { ok: boolean }; events: { type: string }[] }>(
    "GET",
    `/v1/proposals/${id}/history`,
    { token: U.auditor },
  );
  expect(h.status, h.text).toBe(200);
  expect(h.json.chain.ok).toBe(true);
  return h.json.events.map((e) => e.type);
}

async function tokenOf(taskId: string): Promise<string> {
  const res = await dynamoOf(stack).send(
    new GetCommand({
      TableName: DATA_TABLE,
      Key: { pk: `T#${taskId}`, sk: "T" },
      ConsistentRead: true,
    }),
  );
  return String(res.Item?.taskToken ?? "");
}

describe("GIVEN a proposal waiting for its review", () => {
  it("WHEN someone sends SendTaskSuccess with a leaked token THEN the review is not ended; the real decision still runs the workflow", async () => {
    const p = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, p);
    const leaked = await tokenOf(taskId);
    expect(leaked).not.toBe("");

    // The forger: a role that may send task results (as a compromised function's would).
    const sfn = new SFNClient({
      endpoint: stack.urls.sfn,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: leaked,
        output: JSON.stringify({ decision: "approve", taskId }),
      }),
    );

    // The execution checks, fails closed and waits again: on a new token, the task still open.
    const fresh = await waitFor("a fresh token", async () => {
      const t = await tokenOf(taskId);
      return t && t !== leaked ? t : undefined;
    });
    expect(fresh).not.toBe(leaked);
    const after = await getProposal(stack, p.id);
    expect(after.status).toBe("IN_REVIEW");
    expect(after.currentTaskId).toBe(taskId);

    const res = await decide(stack, taskId, "approve");
    expect(res.status, res.text).toBe(200);
    await waitForStatus(stack, p.id, "APPROVED");
  });
});

describe("GIVEN a workflow task that fails", () => {
  it("WHEN CheckNorms throws THEN the execution ends in RecordFailure, the proposal carries the issue, the audit and the people know; past the grace the sweep resumes it at CheckNorms and the lifecycle completes", async () => {
    await faults({ lambda: { CheckNorms: { mode: "throw", times: 1 } } });
    const p = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, p);
    const res = await decide(stack, taskId, "approve");
    expect(res.status, res.text).toBe(200);

    // GIVEN…THEN: the first execution ran into RecordFailure and ended failed.
    const first = await waitFor("the first execution to end", async () => {
      const e = await executionOf(stack, `${p.id}-1`);
      return e.status === "RUNNING" ? undefined : e;
    });
    expect(first.status).toBe("FAILED");
    expect(first.states).toEqual(
      expect.arrayContaining(["CheckNorms", "CheckNormsFailed", "RecordFailure", "WorkflowFailed"]),
    );
    const failed = await storedProposal(p.id);
    expect(failed.status).toBe("NORM_CHECK");
    expect(failed.workflowIssue).toMatchObject({
      state: "CheckNorms",
      error: "Error",
      executionName: `${p.id}-1`,
    });
    expect(await historyTypes(p.id)).toContain("workflow.failed");
    const mail = await waitFor("the workflow failure mail", async () =>
      (await stack.mails()).find(
        (m) => m.subject.includes(p.reference) && m.subject.includes("Workflow step failed"),
      ),
    );
    expect(mail.to).toEqual(
      expect.arrayContaining(["lead.batxat@demo.local", "province.laocai@demo.local"]),
    );
    // No personal data and no error details in the mail: the reference, the step, a link.
    expect(mail.text).not.toContain("injected");

    // Within the grace the sweep leaves it alone (the execution may still be starting).
    await stack.advanceClock(6 * 60);
    expect((await executionOf(stack, `${p.id}-1-repair1`)).status).toBe("NONE");
    // Past it, the sweep repairs: a new execution resumes at CheckNorms (the fault is spent).
    await stack.advanceClock(10 * 60);
    const approved = await waitForStatus(stack, p.id, "APPROVED");
    expect(approved.approvedAmount).toBe(60_000_000);
    const repaired = await executionOf(stack, `${p.id}-1-repair1`);
    expect(repaired.status).toBe("RUNNING");
    expect(repaired.states.slice(0, 2)).toEqual(["Resume", "CheckNorms"]);
    expect(repaired.states).not.toContain("OpenReview");
    expect((await storedProposal(p.id)).workflowIssue).toBeUndefined();
    expect((await watched(p.id))?.executionName).toBe(`${p.id}-1-repair1`);

    const pay = await stack.api<ProposalJson>("POST", `/v1/proposals/${p.id}/disbursements`, {
      token: U.finance,
      body: { amount: 60_000_000, paidOn: "2026-06-01", reference: "UNC-R1" },
    });
    expect(pay.status, pay.text).toBe(201);
    expect(pay.json.status).toBe("MONITORING");
    const done = await waitFor("the repaired execution to end", async () => {
      const e = await executionOf(stack, `${p.id}-1-repair1`);
      return e.status === "RUNNING" ? undefined : e;
    });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.states).toContain("Disbursed");
    expect(await watched(p.id)).toBeUndefined();
    const report = await stack.api("POST", `/v1/proposals/${p.id}/reports`, {
      token: U.commune,
      body: { period: "2026-07", usedAmount: 60_000_000, progress: "on_track", summary: "Xong" },
    });
    expect(report.status, report.text).toBe(201);
    const closed = await stack.api<ProposalJson>("POST", `/v1/proposals/${p.id}/close`, {
      token: U.approver,
      body: { comment: "Hoàn thành" },
    });
    expect(closed.status, closed.text).toBe(200);
    const types = await historyTypes(p.id);
    expect(types.filter((t) => t === "workflow.failed")).toHaveLength(1);
    expect(types.filter((t) => t === "workflow.repaired")).toHaveLength(1);
    expect(types.filter((t) => t === "norms.passed")).toHaveLength(1);
    expect(types.at(-1)).toBe("proposal.closed");
    expect(await strandedProposals(stack)).toEqual([]);
  });

  it("WHEN Lambda throttles the OpenReviewTask invocation twice THEN the state retries it and the review opens, with no failure recorded", async () => {
    await faults({ lambda: { OpenReviewTask: { mode: "throttle", times: 2 } } });
    const p = await createDraft(stack, a2Draft());
    const submitted = stack.api("POST", `/v1/proposals/${p.id}/submit`, {
      token: U.commune,
      headers: { "if-match": `"${p.version}"` },
    });
    expect((await submitted).status).toBe(202);
    // The state's Retry waits 2 s, then 4 s, on the stack's clock.
    await stack.advanceClock(3);
    await stack.advanceClock(5);
    const taskId = await waitFor("the review task", async () => {
      const now = await getProposal(stack, p.id);
      return now.currentTaskId;
    });
    expect(taskId).toMatch(/-r1$/);
    const state = await stack.api<{ injected: { lambdaFailed: number } }>("GET", "/_local/faults");
    expect(state.json.injected.lambdaFailed).toBeGreaterThanOrEqual(2);
    expect((await storedProposal(p.id)).workflowIssue).toBeUndefined();
    expect(await historyTypes(p.id)).not.toContain("workflow.failed");
    expect((await executionOf(stack, `${p.id}-1`)).status).toBe("RUNNING");
  });
});

describe("GIVEN a returned proposal whose execution still waits", () => {
  it("WHEN the commune cancels it THEN its execution is stopped, nothing watches it, and the late signal changes nothing", async () => {
    const p = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, p);
    // The return decision commits but its signal cannot reach Step Functions (throttled): the
    // execution keeps waiting on its token, the signal stays in the outbox for the sweep.
    await faults({ sfnThrottle: 1 });
    const res = await decide(stack, taskId, "return", "Bổ sung hồ sơ");
    expect([200, 503], res.text).toContain(res.status);
    await faults({});
    await waitForStatus(stack, p.id, "RETURNED");
    expect((await executionOf(stack, `${p.id}-1`)).status).toBe("RUNNING");
    expect(await watched(p.id)).toBeUndefined();

    const cancel = await stack.api<ProposalJson>("POST", `/v1/proposals/${p.id}/cancel`, {
      token: U.commune,
      body: { reason: "Trùng đề xuất" },
    });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.json.status).toBe("CANCELLED");
    const stopped = await executionOf(stack, `${p.id}-1`);
    expect(stopped.status).toBe("ABORTED");

    // The sweep delivers the signal left in the outbox: the token is gone, nothing happens.
    await stack.advanceClock(6 * 60);
    expect((await executionOf(stack, `${p.id}-1`)).status).toBe("ABORTED");
    expect(await watched(p.id)).toBeUndefined();
    const after = await storedProposal(p.id);
    expect(after.status).toBe("CANCELLED");
    expect(after.workflowIssue).toBeUndefined();
    const types = await historyTypes(p.id);
    expect(types.at(-1)).toBe("proposal.cancelled");
    expect(types).not.toContain("workflow.failed");
    expect(await strandedProposals(stack)).toEqual([]);
  });
});
