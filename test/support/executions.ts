/**
 * The lifecycle's executions as the local Step Functions runtime holds them, read with the
 * account's administrator credentials (never a function's), and the invariant of issue 11:
 * no proposal is in a state that needs an execution without a running one.
 */
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { executionNameOf, NEEDS_EXECUTION } from "../../shared/proposals/domain/workflow-issues.ts";
import { dataKeys } from "../../shared/tables/data-table.ts";
import { DATA_TABLE, dynamoOf } from "./audit-support.ts";
import type { StackHandle } from "./local-stack.ts";

/**
 * The proposal's live entry in the execution watch, or undefined; a `done` tombstone is what
 * removing a proposal from the watch leaves.
 */
export async function watchEntryOf(
  stack: StackHandle,
  proposalId: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamoOf(stack).send(
    new GetCommand({
      TableName: DATA_TABLE,
      Key: dataKeys.executionWatch(proposalId),
      ConsistentRead: true,
    }),
  );
  return Item && Item.done === undefined ? Item : undefined;
}

export function sfnOf(stack: StackHandle): SFNClient {
  return new SFNClient({
    endpoint: stack.urls.sfn,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 6,
  });
}

async function executionArnOf(client: SFNClient, name: string): Promise<string> {
  const { stateMachines } = await client.send(new ListStateMachinesCommand({}));
  const machine = stateMachines?.find((m) => /Lifecycle/.test(m.name ?? ""));
  if (!machine?.stateMachineArn) throw new Error("no lifecycle state machine");
  return `${machine.stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** An execution's status ("NONE" when there is none) and the states it entered, in order. */
export async function executionOf(
  stack: StackHandle,
  name: string,
): Promise<{ status: string; states: string[] }> {
  const client = sfnOf(stack);
  try {
    const executionArn = await executionArnOf(client, name);
    let status = "";
    try {
      status =
        (await client.send(new DescribeExecutionCommand({ executionArn }))).status ?? "UNKNOWN";
    } catch (err) {
      if (err instanceof ExecutionDoesNotExist) return { status: "NONE", states: [] };
      throw err;
    }
    const states: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
      );
      for (const e of page.events ?? []) {
        const entered = e.stateEnteredEventDetails?.name;
        if (entered) states.push(entered);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return { status, states };
  } finally {
    client.destroy();
  }
}

export interface StrandedProposal {
  id: string;
  status: string;
  executionName: string;
  executionStatus: string;
  watched: boolean;
}

/**
 * Every proposal in a state that needs an execution (in review, in the norm check, awaiting
 * disbursement) whose execution is not RUNNING, or which the execution watch does not hold
 * (then the sweep could never repair it). Reads the table directly: a query of the stack's
 * state, not of what the API chooses to show.
 */
export async function strandedProposals(stack: StackHandle): Promise<StrandedProposal[]> {
  const ddb = dynamoOf(stack);
  const statuses: Record<string, string> = {};
  NEEDS_EXECUTION.forEach((s, i) => {
    statuses[`:s${i}`] = s;
  });
  const found: { id: string; status: string; submissionNo: number }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: DATA_TABLE,
        ConsistentRead: true,
        FilterExpression: `sk = :p AND #st IN (${Object.keys(statuses).join(", ")})`,
        ExpressionAttributeNames: { "#st": "status" },
        ExpressionAttributeValues: { ":p": dataKeys.proposal("x").sk, ...statuses },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      found.push({
        id: String(item.id),
        status: String(item.status),
        submissionNo: Number(item.submissionNo),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start);

  const stranded: StrandedProposal[] = [];
  for (const p of found) {
    const entry = await watchEntryOf(stack, p.id);
    const executionName =
      typeof entry?.executionName === "string"
        ? entry.executionName
        : executionNameOf(p.id, p.submissionNo);
    const { status } = await executionOf(stack, executionName);
    if (status !== "RUNNING" || !entry) {
      stranded.push({
        id: p.id,
        status: p.status,
        executionName,
        executionStatus: status,
        watched: entry !== undefined,
      });
    }
  }
  return stranded;
}
