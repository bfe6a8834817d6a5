import type { ExecSnapshot, HistoryEvent } from "./model.ts";
import type { Json } from "./types.ts";

/** AWS-shaped history event (as returned by GetExecutionHistory, timestamps as Date). */
export interface AwsHistoryEvent {
  timestamp: Date;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

const JSON_FIELDS: Record<string, string> = {
  input: "inputDetails",
  output: "outputDetails",
  parameters: "",
};

function detailsKey(type: string): string {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** Converts a stored event into the AWS shape; JSON payloads become strings as on the wire. */
export function toAwsEvent(e: HistoryEvent, includeData = true): AwsHistoryEvent {
  const out: AwsHistoryEvent = {
    timestamp: new Date(e.ts),
    type: e.type,
    id: e.id,
    previousEventId: e.prev,
  };
  if (e.d) {
    const d: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.d)) {
      if (v === undefined) continue;
      if (k in JSON_FIELDS) {
        if (includeData) d[k] = JSON.stringify(v);
        const detailsName = JSON_FIELDS[k];
        if (detailsName) d[detailsName] = { truncated: false };
      } else d[k] = v;
    }
    out[detailsKey(e.type)] = d;
  }
  return out;
}

export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveStatus: string;
  redriveStatusReason?: string;
}

export function describeSnapshot(s: ExecSnapshot): DescribeExecutionOutput {
  const out: DescribeExecutionOutput = {
    executionArn: s.arn,
    stateMachineArn: s.smArn,
    name: s.name,
    status: s.status,
    startDate: new Date(s.startMs),
    input: s.inputText,
    inputDetails: { included: true },
    redriveCount: 0,
    redriveStatus: "NOT_REDRIVABLE",
  };
  if (s.stopMs !== undefined) out.stopDate = new Date(s.stopMs);
  if (s.status === "SUCCEEDED") {
    out.output = JSON.stringify(s.output as Json);
    out.outputDetails = { included: true };
  }
  if (s.error !== undefined) out.error = s.error;
  if (s.cause !== undefined) out.cause = s.cause;
  if (s.status === "RUNNING")
    out.redriveStatusReason = "Execution is RUNNING and cannot be redriven";
  return out;
}
