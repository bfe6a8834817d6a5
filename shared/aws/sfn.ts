import { type JsonService, jsonRpc } from "./json-rpc.ts";

/**
 * The Step Functions operations the functions call (AWS JSON 1.0, `AWSStepFunctions`, signing
 * name `states`), with the SDK's input and output names. Four attempts, as the workflow's SDK
 * client had. Locally AWS_ENDPOINT_URL_SFN points it at the local runtime's gateway.
 */
export const SFN_SERVICE: JsonService = {
  service: "states",
  endpointVariable: "SFN",
  hostPrefix: "states",
  targetPrefix: "AWSStepFunctions",
  version: "1.0",
  maxAttempts: 4,
};

export const sfn = {
  startExecution: (i: { stateMachineArn: string; name: string; input: string }) =>
    jsonRpc<{ executionArn?: string; startDate?: number }>(SFN_SERVICE, "StartExecution", i),
  sendTaskSuccess: (i: { taskToken: string; output: string }) =>
    jsonRpc<Record<string, never>>(SFN_SERVICE, "SendTaskSuccess", i),
  describeExecution: (i: { executionArn: string }) =>
    jsonRpc<{ executionArn?: string; status?: string }>(SFN_SERVICE, "DescribeExecution", i),
  stopExecution: (i: { executionArn: string; error?: string; cause?: string }) =>
    jsonRpc<{ stopDate?: number }>(SFN_SERVICE, "StopExecution", i),
};
