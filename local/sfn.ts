import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { clock } from "../shared/clock.ts";
import type { FunctionRunner } from "./functions.ts";
import { createDynamoStore, createRuntime, createSfnServer } from "./stepfunctions/index.ts";
import type { StateMachineSpec } from "./template/accessors.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./template/types.ts";

/** Table of the Step Functions runtime's own executions (not a template table). */
export const SFN_EXECUTIONS_TABLE = "LocalStepFunctionsExecutions";

export interface LocalStepFunctions {
  url: string;
  port: number;
  /** Creates its table, registers the machines and resumes open executions. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The project's Step Functions runtime on the AWS JSON 1.0 protocol, its executions kept in
 * DynamoDB Local so they survive a restart. Lambda tasks run the local handler modules; time
 * is the shared clock, so task timeouts and Wait states follow clock advances.
 */
export async function createLocalStepFunctions(opts: {
  port: number;
  client: DynamoDBClient;
  functions: FunctionRunner;
  stateMachines: readonly StateMachineSpec[];
}): Promise<LocalStepFunctions> {
  const store = createDynamoStore({ client: opts.client, tableName: SFN_EXECUTIONS_TABLE });
  const runtime = createRuntime({
    store,
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeLambda: (functionArn, payload) => opts.functions.invoke(functionArn, payload),
  });
  const server = await createSfnServer(runtime, { port: opts.port, host: "127.0.0.1" });
  return {
    url: server.url,
    port: server.port,
    async start() {
      await store.ensureTable();
      for (const sm of opts.stateMachines) {
        await runtime.registerStateMachine({
          arn: sm.arn,
          name: sm.name,
          definition: sm.definition,
        });
      }
      await runtime.start();
    },
    async stop() {
      await server.close();
      await runtime.stop();
    },
  };
}
