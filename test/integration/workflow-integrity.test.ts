/**
 * A forged SendTaskSuccess cannot end a review the proposal has not had: VerifyReview re-reads
 * the task and the proposal, fails closed, and the execution waits again on a fresh token; the
 * approver's real decision then runs the workflow on.
 */
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import {
  a2Draft,
  createDraft,
  decide,
  getProposal,
  submitAndOpen,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

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
