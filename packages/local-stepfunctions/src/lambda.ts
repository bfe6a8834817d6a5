import type { Json } from "./types.ts";

/**
 * How Lambda tasks look on AWS: the result of `arn:aws:states:::lambda:invoke`, the TaskSubmitted
 * output of a callback task, and the error a failed invocation becomes.
 */

/** The kinds of Lambda task: `lambda:invoke`, `lambda:invoke.waitForTaskToken`, a function ARN. */
export type TaskKind = "invoke" | "token" | "plain";

/** The `resource` of TaskScheduled/TaskSucceeded/... events for the service-integration kinds. */
export const RESOURCE_NAME = { invoke: "invoke", token: "invoke.waitForTaskToken" } as const;

/** The result of `arn:aws:states:::lambda:invoke`, shaped as on AWS. */
export function lambdaInvokeResult(payload: Json): Json {
  const requestId = crypto.randomUUID();
  const headers = {
    Connection: "keep-alive",
    "Content-Type": "application/json",
    "X-Amz-Executed-Version": "$LATEST",
    "x-amzn-Remapped-Content-Length": "0",
    "x-amzn-RequestId": requestId,
  };
  return {
    ExecutedVersion: "$LATEST",
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** The output of TaskSubmitted: the invocation of a callback task returned. */
export function lambdaSubmitted(value: Json): Json {
  return { ExecutedVersion: "$LATEST", Payload: value, StatusCode: 200 };
}

/** Maps a Lambda error as lambda:invoke does: error = errorType, Cause = {errorMessage, errorType}. */
export function lambdaError(e: unknown): { error: string; cause: string } {
  if (e instanceof Error) {
    const name = e.name || "Error";
    if (name.startsWith("Lambda.") || name.startsWith("States."))
      return { error: name, cause: e.message };
    return { error: name, cause: JSON.stringify({ errorMessage: e.message, errorType: name }) };
  }
  return { error: "Error", cause: JSON.stringify({ errorMessage: String(e), errorType: "Error" }) };
}
