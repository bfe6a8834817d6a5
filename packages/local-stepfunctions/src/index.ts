/**
 * @project8/local-stepfunctions: a local, durable AWS Step Functions runtime (JSONPath ASL) with
 * callbacks. Executions live in DynamoDB or in memory; the Step Functions AWS JSON 1.0 API, an
 * HTML view and a controllable clock come with it. See README.md.
 */

export type { LambdaInvoker } from "./execution.ts";
export { IN_FLIGHT_CAUSE } from "./execution.ts";
export { FakeClock } from "./fake-clock.ts";
export type { AwsHistoryEvent, DescribeExecutionOutput } from "./history.ts";
export type {
  AppendRecord,
  ExecSnapshot,
  ExecutionSummary,
  HistoryEvent,
} from "./model.ts";
export type {
  ExecutionListItem,
  PendingTimer,
  Runtime,
  RuntimeOptions,
  StateMachineDef,
  StateMachineDescription,
} from "./runtime.ts";
export { createRuntime } from "./runtime.ts";
export type { RuntimeClock } from "./scheduler.ts";
export type {
  AuthorizationRequest,
  AuthorizationResult,
  Authorizer,
  SfnServerOptions,
} from "./server.ts";
export { createSfnServer } from "./server.ts";
export type { ExecutionStore } from "./store.ts";
export { createMemoryStore, StoreConflictError } from "./store.ts";
export { createDynamoStore } from "./store-dynamo.ts";
export type { Json } from "./types.ts";
export { SfnApiError, StatesError, UnsupportedDefinitionError } from "./types.ts";
