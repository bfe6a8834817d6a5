import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { AUDIT_TABLE, dynamoOf } from "../support/audit-support.ts";
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
  waitForTask,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * Calls that AWS refuses and that the old one-process local stack let through (issue 11). With
 * every function running as its own role under IAM enforcement, each test failed with
 * AccessDeniedException until its grant was fixed.
 */
const stack = useStack();

afterEach(async () => {
  await stack.api("POST", "/_local/faults", { body: {} });
});

async function faults(body: unknown): Promise<void> {
  const res = await stack.api("POST", "/_local/faults", { body });
  expect(res.status, res.text).toBe(200);
}

function sfn(): SFNClient {
  return new SFNClient({
    endpoint: stack.urls.sfn,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

async function executionStatus(proposalId: string, submissionNo = 1): Promise<string> {
  const client = sfn();
  try {
    const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
    const machine = stateMachines?.find((m) => /Lifecycle/.test(m.name ?? ""));
    const arn = `${machine?.stateMachineArn?.replace(":stateMachine:", ":execution:")}:${proposalId}-${submissionNo}`;
    const res = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
    return res.status ?? "";
  } finally {
    client.destroy();
  }
}

const PERSONAL = {
  fullName: "Người Thử Quyền",
  idNumber: "009988776655",
  phone: "0900 000 222",
  address: "Bản Quyền, xã Thử",
  story: "Câu chuyện thử quyền",
};

describe("GIVEN a proposal with a survivor's personal data", () => {
  it("WHEN its commune officer reads it with ?include=personal THEN GetProposal may record the read (the PR# chain head on the data table) and returns the data", async () => {
    const draft = await createDraft(stack, a4Draft(20_000_000, { personal: PERSONAL }));
    const read = await stack.api<{ personal?: { fullName: string } }>(
      "GET",
      `/v1/proposals/${draft.id}?include=personal`,
      { token: U.commune },
    );
    expect(read.status, read.text).toBe(200);
    expect(read.json.personal?.fullName).toBe(PERSONAL.fullName);
    const ddb = dynamoOf(stack);
    const events = await ddb.send(
      new QueryCommand({
        TableName: AUDIT_TABLE,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `PR#${draft.id}` },
      }),
    );
    ddb.destroy();
    expect(events.Items?.map((e) => e.type)).toEqual(["personal.read"]);
  });
});

describe("GIVEN a submission whose first StartExecution failed", () => {
  it("WHEN the sweep runs THEN it starts the execution from the outbox (states:StartExecution) and the review task opens", async () => {
    const draft = await createDraft(stack, a2Draft());
    await faults({ sfnThrottle: 1 });
    const submit = await stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/submit`, {
      token: U.commune,
      headers: { "if-match": `"${draft.version}"` },
    });
    // The submission is committed with its outbox entry; starting the execution was throttled.
    expect(submit.status, submit.text).toBe(503);
    await faults({});
    const stuck = await getProposal(stack, draft.id);
    expect(stuck.status).toBe("IN_REVIEW");
    expect(stuck.currentTaskId).toBeUndefined();
    await stack.advanceClock(301);
    expect(await waitForTask(stack, draft.id)).toMatch(/-r1$/);
  });
});

describe("GIVEN the workflow retries a step after its Lambda response was lost", () => {
  it("WHEN the review was decided meanwhile THEN OpenReviewTask hands the decision to its new token (states:SendTaskSuccess) and the workflow goes on", async () => {
    const draft = await createDraft(stack, a2Draft());
    // Every OpenReviewTask invocation runs but its answer never reaches Step Functions: the
    // state's Retry invokes it again with a new token (2 s, 4 s, 8 s… apart).
    await faults({ lambda: { OpenReviewTask: "after" } });
    const taskId = await submitAndOpen(stack, draft);
    const decided = await decide(stack, taskId, "approve");
    expect(decided.status, decided.text).toBe(200);
    await faults({});
    // The retry's timer is on the stack's clock: move it on so the next attempt runs now.
    await stack.advanceClock(120);
    await waitForStatus(stack, draft.id, "APPROVED", 60_000);
    expect(await executionStatus(draft.id)).toBe("RUNNING");
  });

  it("WHEN the proposal was paid in full before AwaitDisbursement ran THEN OpenDisbursement ends the wait at once (states:SendTaskSuccess) and the execution succeeds", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    // OpenDisbursement fails before it runs until the payment is in.
    await faults({ lambda: { OpenDisbursement: "before" } });
    expect((await decide(stack, taskId, "approve")).status).toBe(200);
    await waitForStatus(stack, draft.id, "APPROVED");
    const paid = await stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/disbursements`, {
      token: U.finance,
      body: { amount: 60_000_000, paidOn: "2026-06-02", reference: "UNC-IAM-1" },
    });
    expect(paid.status, paid.text).toBe(201);
    expect(paid.json.status).toBe("MONITORING");
    await faults({});
    await stack.advanceClock(120);
    expect(
      await waitFor(
        "the execution to end",
        async () => {
          const status = await executionStatus(draft.id);
          return status === "RUNNING" ? undefined : status;
        },
        60_000,
      ),
    ).toBe("SUCCEEDED");
  });
});
