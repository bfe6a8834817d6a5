import { type Json, SfnApiError } from "./types.ts";

/**
 * Checks of API request values, with the error names and messages AWS Step Functions answers:
 * ARNs, execution names, payload sizes and list pagination.
 */

const SM_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const EXEC_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]{1,80}:[^:]{1,80}$/;
// Names with whitespace, brackets, wildcards, special or control characters are invalid on AWS.
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
/** Execution input, task output: at most 256 KiB (UTF-8). */
const MAX_PAYLOAD = 262144;

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

export function isStateMachineArn(arn: unknown): arn is string {
  return typeof arn === "string" && SM_ARN.test(arn);
}

export function checkExecutionArn(arn: string): void {
  if (typeof arn !== "string" || !EXEC_ARN.test(arn))
    throw new SfnApiError("InvalidArn", `Invalid Arn: '${arn}'`);
}

/** The state machine of an execution ARN (`...:execution:<machine>:<name>`). */
export function stateMachineArnOf(executionArn: string): string {
  const cut = executionArn.lastIndexOf(":");
  return executionArn.slice(0, cut).replace(":execution:", ":stateMachine:");
}

export function checkExecutionName(name: unknown): asserts name is string {
  if (
    typeof name !== "string" ||
    name.length < 1 ||
    name.length > 80 ||
    BAD_NAME.test(name) ||
    hasControlChar(name)
  ) {
    throw new SfnApiError("InvalidName", `Invalid Name: '${name}'`);
  }
}

export function parseExecutionInput(text: string): Json {
  let input: Json;
  try {
    input = JSON.parse(text) as Json;
  } catch {
    throw new SfnApiError(
      "InvalidExecutionInput",
      `Invalid State Machine Execution Input: '${text.slice(0, 100)}'`,
    );
  }
  if (Buffer.byteLength(text) > MAX_PAYLOAD)
    throw new SfnApiError("InvalidExecutionInput", "The input exceeds 262144 bytes");
  return input;
}

export function parseTaskOutput(text: string): Json {
  let output: Json;
  try {
    output = JSON.parse(text) as Json;
  } catch {
    throw new SfnApiError("InvalidOutput", "Invalid Output: the output is not valid JSON");
  }
  if (Buffer.byteLength(text) > MAX_PAYLOAD)
    throw new SfnApiError("InvalidOutput", "The output exceeds 262144 bytes");
  return output;
}

/** One page of a list; `nextToken` is the offset of the next page (opaque to the caller). */
export function page<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const size = maxResults && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  let offset = 0;
  if (nextToken) {
    offset = Number(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(offset) || offset < 0)
      throw new SfnApiError("InvalidToken", "Invalid pagination token");
  }
  const slice = items.slice(offset, offset + size);
  const next =
    offset + size < items.length
      ? Buffer.from(String(offset + size), "utf8").toString("base64url")
      : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}
