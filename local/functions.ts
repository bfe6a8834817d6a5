/** What the HTTP server, the Step Functions runtime and the schedules call functions through. */
export interface FunctionRunner {
  /** Invokes a function by logical id or local ARN, as Lambda would (one event, one context). */
  invoke(logicalIdOrArn: string, event: unknown): Promise<unknown>;
  has(logicalId: string): boolean;
}

/** Lambda's error type when a function runs past its Timeout. */
export class FunctionTimeoutError extends Error {
  override name = "Sandbox.Timedout";
}
