/**
 * Local AWS Step Functions runtime (JSONPath ASL): durable executions on DynamoDB Local or in
 * memory, the Step Functions JSON 1.0 wire protocol, an HTML view and a controllable clock.
 * See docs/stepfunctions-runtime.md.
 */
export type { LambdaInvoker } from "./execution.ts";
export { IN_FLIGHT_CAUSE } from "./execution.ts";
export { FakeClock } from "./fake-clock.ts";
export type { AwsHistoryEvent, DescribeExecutionOutput } from "./history.ts";
export type { Runtime, RuntimeOptions, StateMachineDef } from "./runtime.ts";
export { createRuntime } from "./runtime.ts";
export type { RuntimeClock } from "./scheduler.ts";
export { createSfnServer } from "./server.ts";
export type { ExecutionStore } from "./store.ts";
export { createMemoryStore, StoreConflictError } from "./store.ts";
export { createDynamoStore } from "./store-dynamo.ts";
export { SfnApiError, StatesError, UnsupportedDefinitionError } from "./types.ts";
