import { isAwsError } from "../../aws/json-rpc.ts";
import { sfn } from "../../aws/sfn.ts";
import { config } from "../../config.ts";
import type { ExecutionStatus, Workflow } from "../ports.ts";

/**
 * Step Functions, through the project's own client (shared/aws/sfn.ts; four attempts, as the
 * SDK client had). Locally AWS_ENDPOINT_URL_SFN points it at the project's runtime. Service
 * errors are told apart by name, the SDK's exception classes' names.
 */

export const executionName = (proposalId: string, submissionNo: number) =>
  `${proposalId}-${submissionNo}`;

/** Starts the lifecycle of one submission. Idempotent: the execution name is the submission. */
export async function startLifecycle(proposalId: string, submissionNo: number): Promise<string> {
  try {
    const res = await sfn.startExecution({
      stateMachineArn: config.stateMachineArn,
      name: executionName(proposalId, submissionNo),
      input: JSON.stringify({ proposalId, submissionNo }),
    });
    return res.executionArn ?? "";
  } catch (err) {
    if (isAwsError(err, "ExecutionAlreadyExists")) return "";
    throw err;
  }
}

/**
 * Completes a waiting task. A token that timed out, was already used or no longer exists
 * means the wait is over: "gone", which callers treat as already delivered.
 */
export async function signalTask(token: string, output: unknown): Promise<"delivered" | "gone"> {
  try {
    await sfn.sendTaskSuccess({ taskToken: token, output: JSON.stringify(output) });
    return "delivered";
  } catch (err) {
    if (isAwsError(err, "TaskTimedOut", "InvalidToken", "TaskDoesNotExist")) return "gone";
    throw err;
  }
}

/** `arn:…:execution:<machine>:<name>` of the lifecycle state machine's execution `name`. */
export function executionArnOf(name: string): string {
  return `${config.stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** Starts a named execution resuming a submission (a repair); idempotent like start. */
export async function resumeLifecycle(
  name: string,
  input: { proposalId: string; submissionNo: number; resumeAt?: string },
): Promise<void> {
  try {
    await sfn.startExecution({
      stateMachineArn: config.stateMachineArn,
      name,
      input: JSON.stringify(input),
    });
  } catch (err) {
    if (!isAwsError(err, "ExecutionAlreadyExists")) throw err;
  }
}

export async function executionStatus(name: string): Promise<ExecutionStatus> {
  try {
    const res = await sfn.describeExecution({ executionArn: executionArnOf(name) });
    const s = res.status;
    if (
      s === "RUNNING" ||
      s === "SUCCEEDED" ||
      s === "FAILED" ||
      s === "TIMED_OUT" ||
      s === "ABORTED"
    )
      return s;
    return "FAILED";
  } catch (err) {
    if (isAwsError(err, "ExecutionDoesNotExist")) return "NONE";
    throw err;
  }
}

/**
 * Stops a named execution. Step Functions answers an execution that already ended with its stop
 * date and changes nothing; one that never existed is ExecutionDoesNotExist: "none".
 */
export async function stopExecution(name: string, cause: string): Promise<"stopped" | "none"> {
  try {
    await sfn.stopExecution({
      executionArn: executionArnOf(name),
      error: "ProposalCancelled",
      cause,
    });
    return "stopped";
  } catch (err) {
    if (isAwsError(err, "ExecutionDoesNotExist")) return "none";
    throw err;
  }
}

/** The lifecycle state machine on Step Functions. */
export const sfnWorkflow: Workflow = {
  start: async (proposalId, submissionNo) => {
    await startLifecycle(proposalId, submissionNo);
  },
  resume: resumeLifecycle,
  status: executionStatus,
  stop: stopExecution,
  signal: signalTask,
};
