import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type Authorizer,
  createDynamoStore,
  createRuntime,
  createSfnServer,
} from "@project8/local-stepfunctions";
import { clock } from "../shared/clock.ts";
import type { FunctionRunner } from "./functions.ts";
import type { StateMachineSpec } from "./template/accessors.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./template/types.ts";

/** Table of the Step Functions runtime's own executions (not a template table). */
export const SFN_EXECUTIONS_TABLE = "LocalStepFunctionsExecutions";

export interface LocalStepFunctions {
  url: string;
  port: number;
  /** Resolves when no execution has runnable work. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The project's Step Functions runtime on the AWS JSON 1.0 protocol, its executions kept in
 * DynamoDB Local so they survive a restart. Lambda tasks run the local handler modules; time
 * is the shared clock, so task timeouts and Wait states follow clock advances.
 *
 * Starting the server resumes open executions at once, but the handlers' environment needs the
 * server's port first: Lambda tasks wait for `functionsReady` before they run. `authorize`, when
 * given, decides every API call (IAM on AWS); without it every call is allowed.
 */
export async function startLocalStepFunctions(opts: {
  port: number;
  client: DynamoDBClient;
  functions: FunctionRunner;
  functionsReady: Promise<void>;
  stateMachines: readonly StateMachineSpec[];
  authorize?: Authorizer;
}): Promise<LocalStepFunctions> {
  const store = createDynamoStore({ client: opts.client, tableName: SFN_EXECUTIONS_TABLE });
  await store.ensureTable();
  const runtime = createRuntime({
    store,
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeLambda: async (functionArn, payload) => {
      await opts.functionsReady;
      return opts.functions.invoke(functionArn, payload);
    },
  });
  // Registered before the runtime starts, so that it can resume their open executions.
  for (const sm of opts.stateMachines) {
    runtime.registerStateMachine({ arn: sm.arn, name: sm.name, definition: sm.definition });
  }
  const server = await createSfnServer(runtime, {
    port: opts.port,
    host: "127.0.0.1",
    authorize: opts.authorize,
  });
  return {
    url: server.url,
    port: server.port,
    idle: () => runtime.idle(),
    async stop() {
      await server.close();
      await runtime.stop();
    },
  };
}
