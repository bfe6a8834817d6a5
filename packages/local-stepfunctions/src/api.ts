import { stateMachineArnOf } from "./requests.ts";
import type { Runtime } from "./runtime.ts";
import { SfnApiError } from "./types.ts";

/**
 * The Step Functions operations served over AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Op>`):
 * for each, the resource its IAM action targets and how it runs on the runtime.
 */
export type Body = Record<string, unknown>;

export interface Operation {
  /**
   * The ARN that IAM evaluates the action against, as AWS does for this operation: "*" for an
   * operation without a resource type (ListStateMachines) or when the request names none.
   */
  resource(rt: Runtime, b: Body): string;
  run(rt: Runtime, b: Body): Promise<unknown> | unknown;
}

const str = (b: Body, key: string, required = true): string | undefined => {
  const v = b[key];
  if (v === undefined || v === null) {
    if (required)
      throw new SfnApiError(
        "ValidationException",
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof v !== "string")
    throw new SfnApiError("ValidationException", `'${key}' must be a string`);
  return v;
};
const num = (b: Body, key: string): number | undefined =>
  typeof b[key] === "number" ? (b[key] as number) : undefined;

/** The ARN named by a request field, or "*" when the field is missing or not a string. */
const arnIn =
  (key: string) =>
  (_rt: Runtime, b: Body): string => {
    const v = b[key];
    return typeof v === "string" ? v : "*";
  };

/** SendTask*: the state machine of the execution the token was issued for. */
const tokenStateMachine = (rt: Runtime, b: Body): string => {
  const token = b.taskToken;
  const execution = typeof token === "string" ? rt.taskTokenExecution(token) : undefined;
  return execution ? stateMachineArnOf(execution) : "*";
};

export const OPERATIONS: Record<string, Operation> = {
  StartExecution: {
    resource: arnIn("stateMachineArn"),
    run: (rt, b) =>
      rt.startExecution({
        stateMachineArn: str(b, "stateMachineArn") as string,
        name: str(b, "name", false),
        input: str(b, "input", false),
      }),
  },
  DescribeExecution: {
    resource: arnIn("executionArn"),
    run: (rt, b) => rt.describeExecution(str(b, "executionArn") as string),
  },
  GetExecutionHistory: {
    resource: arnIn("executionArn"),
    run: (rt, b) =>
      rt.getExecutionHistory({
        executionArn: str(b, "executionArn") as string,
        maxResults: num(b, "maxResults"),
        nextToken: str(b, "nextToken", false),
        reverseOrder: b.reverseOrder === true,
        includeExecutionData: b.includeExecutionData !== false,
      }),
  },
  ListExecutions: {
    resource: arnIn("stateMachineArn"),
    run: (rt, b) =>
      rt.listExecutions({
        stateMachineArn: str(b, "stateMachineArn") as string,
        statusFilter: str(b, "statusFilter", false),
        maxResults: num(b, "maxResults"),
        nextToken: str(b, "nextToken", false),
      }),
  },
  StopExecution: {
    resource: arnIn("executionArn"),
    run: (rt, b) =>
      rt.stopExecution(
        str(b, "executionArn") as string,
        str(b, "error", false),
        str(b, "cause", false),
      ),
  },
  SendTaskSuccess: {
    resource: tokenStateMachine,
    run: async (rt, b) => {
      await rt.sendTaskSuccess(str(b, "taskToken") as string, str(b, "output") as string);
      return {};
    },
  },
  SendTaskFailure: {
    resource: tokenStateMachine,
    run: async (rt, b) => {
      await rt.sendTaskFailure(
        str(b, "taskToken") as string,
        str(b, "error", false),
        str(b, "cause", false),
      );
      return {};
    },
  },
  SendTaskHeartbeat: {
    resource: tokenStateMachine,
    run: async (rt, b) => {
      await rt.sendTaskHeartbeat(str(b, "taskToken") as string);
      return {};
    },
  },
  DescribeStateMachine: {
    resource: arnIn("stateMachineArn"),
    run: (rt, b) => rt.describeStateMachine(str(b, "stateMachineArn") as string),
  },
  ListStateMachines: {
    resource: () => "*",
    run: (rt) => rt.listStateMachines(),
  },
};

/** The operation named by an X-Amz-Target header, if it is one this runtime serves. */
export function operationOf(target: string): { name: string; op: Operation } | undefined {
  const name = target.startsWith("AWSStepFunctions.")
    ? target.slice("AWSStepFunctions.".length)
    : "";
  return Object.hasOwn(OPERATIONS, name) ? { name, op: OPERATIONS[name] as Operation } : undefined;
}
