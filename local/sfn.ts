import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type Authorizer,
  createDynamoStore,
  createRuntime,
  createSfnServer,
} from "@project8/local-stepfunctions";
import { clock } from "../shared/clock.ts";
import type { AwsAuthorizer } from "./aws/authorizer.ts";
import type { FunctionRunner } from "./functions.ts";
import { type RolePolicies, roleNameFromArn } from "./iam/roles.ts";
import { LambdaInvocationError } from "./lambda/instance.ts";
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
 * DynamoDB Local so they survive a restart. Lambda tasks invoke the local Lambda service; time
 * is the shared clock, so task timeouts and Wait states follow clock advances.
 *
 * `authorize`, when given, decides every API call (IAM on AWS); without it every call is
 * allowed. With `iam`, a Lambda task is invoked as the state machine's execution role: without
 * `lambda:InvokeFunction` on the function the task fails with Lambda.AWSLambdaException
 * (AccessDeniedException, status 403), as on AWS.
 *
 * Starting the server resumes open executions at once, but the functions need the stack's
 * ports first: Lambda tasks wait for `functionsReady` before they run.
 */
export async function startLocalStepFunctions(opts: {
  port: number;
  client: DynamoDBClient;
  functions: FunctionRunner;
  functionsReady: Promise<void>;
  stateMachines: readonly StateMachineSpec[];
  authorize?: Authorizer;
  iam?: { authorizer: AwsAuthorizer; roles: ReadonlyMap<string, RolePolicies> };
}): Promise<LocalStepFunctions> {
  const store = createDynamoStore({ client: opts.client, tableName: SFN_EXECUTIONS_TABLE });
  await store.ensureTable();
  const roleOf = new Map(
    opts.stateMachines.map((sm) => [sm.name, sm.roleArn ? roleNameFromArn(sm.roleArn) : undefined]),
  );
  const checkInvoke = (functionArn: string, executionArn: string) => {
    if (!opts.iam) return;
    const machine = executionArn.split(":")[6] ?? "";
    const role = opts.iam.roles.get(roleOf.get(machine) ?? "");
    const session = executionArn.split(":").pop() ?? "local";
    const outcome = opts.iam.authorizer.authorize(
      {
        arn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${role?.name ?? "none"}/${session}`,
        roleName: role?.name ?? "none",
        sessionName: session,
        policies: role ?? { identity: [] },
      },
      [{ action: "lambda:InvokeFunction", resource: functionArn }],
    );
    if (!outcome.allowed) {
      throw new LambdaInvocationError({
        errorType: "Lambda.AWSLambdaException",
        errorMessage: `${outcome.message} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException)`,
      });
    }
  };
  const runtime = createRuntime({
    store,
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    invokeLambda: async (functionArn, payload, ctx) => {
      await opts.functionsReady;
      checkInvoke(functionArn, ctx.executionArn);
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
    ...(opts.authorize ? { authorize: opts.authorize } : {}),
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
