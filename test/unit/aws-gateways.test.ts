import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import {
  createMemoryStore,
  createRuntime,
  createSfnServer,
  FakeClock,
} from "@project8/local-stepfunctions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AwsAuthorizer, createAuthorizer } from "../../local/aws/authorizer.ts";
import { ADMIN_CREDENTIALS, createCredentialStore } from "../../local/aws/credentials.ts";
import { dynamoDbAuthorizations } from "../../local/aws/dynamodb-actions.ts";
import { type DynamoDbGateway, startDynamoDbGateway } from "../../local/aws/dynamodb-gateway.ts";
import { createFaults } from "../../local/aws/faults.ts";
import { createStepFunctionsAuthorize } from "../../local/aws/sfn-authorize.ts";
import {
  type StepFunctionsGateway,
  startStepFunctionsGateway,
} from "../../local/aws/sfn-gateway.ts";
import { parsePolicy } from "../../local/iam/policy.ts";

/**
 * The local AWS front ends without Java: a fake upstream answers in DynamoDB's and Step
 * Functions' JSON, SDK clients call through the gateways with a role's credentials, and the
 * gateways must refuse exactly what the role's policy does not allow, as AWS does
 * (AccessDeniedException naming principal, action and resource; for a transaction, the first
 * element that is not allowed).
 */
const ARN = "arn:aws:dynamodb:ap-southeast-1:000000000000:table";
const SM = "arn:aws:states:ap-southeast-1:000000000000:stateMachine:Lifecycle";

const store = createCredentialStore();
const role = {
  name: "WriterRole",
  policies: {
    identity: [
      parsePolicy("writer", {
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "dynamodb:GetItem",
              "dynamodb:PutItem",
              "dynamodb:Query",
              "dynamodb:ConditionCheckItem",
              "dynamodb:UpdateItem",
            ],
            Resource: [`${ARN}/DataTable`, `${ARN}/DataTable/index/GSI1`],
          },
          { Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: `${ARN}/AuditTable` },
          { Effect: "Allow", Action: "states:SendTaskSuccess", Resource: "*" },
        ],
      }),
    ],
  },
};
const creds = store.issue(role, "WriterFn");
const logged: string[] = [];
let mode: "enforce" | "report" = "enforce";
const authorizer: AwsAuthorizer = {
  get mode() {
    return mode;
  },
  credentials: store,
  identify: (...a) => createAuthorizer({ credentials: store, mode }).identify(...a),
  authorize: (...a) =>
    createAuthorizer({ credentials: store, mode, log: (l) => logged.push(l) }).authorize(...a),
};
const faults = createFaults();

const received: { target: string; body: Record<string, unknown> }[] = [];
let upstream: Server;
let dynamoGateway: DynamoDbGateway;
let sfnGateway: StepFunctionsGateway;
let sfnServer: { url: string; close(): Promise<void> };
const runtime = createRuntime({
  store: createMemoryStore(),
  clock: new FakeClock(Date.parse("2026-06-01T01:00:00Z")),
  invokeLambda: async () => ({}),
});

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString() || "{}")));
  });
}

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const body = await readJson(req);
    received.push({ target, body });
    const answer = {
      Item: { pk: { S: "a" } },
      Items: [],
      Count: 0,
      ConsumedCapacity: { TableName: "DataTable", CapacityUnits: 0.5 },
      ...(body.ReturnValues === "ALL_NEW"
        ? { Attributes: { pk: { S: "P#1" }, sk: { S: "P" }, big: { S: "x".repeat(1500) } } }
        : {}),
    };
    res
      .writeHead(200, { "content-type": "application/x-amz-json-1.0" })
      .end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  dynamoGateway = await startDynamoDbGateway({
    port: 0,
    upstream: url,
    authorizer,
    faults,
    tables: [],
  });
  runtime.registerStateMachine({
    arn: SM,
    name: "Lifecycle",
    definition: { StartAt: "Done", States: { Done: { Type: "Succeed" } } },
  });
  sfnServer = await createSfnServer(runtime, {
    port: 0,
    authorize: createStepFunctionsAuthorize(authorizer),
  });
  sfnGateway = await startStepFunctionsGateway({
    port: 0,
    upstream: sfnServer.url,
    authorizer,
    faults,
  });
});

afterAll(async () => {
  await dynamoGateway.close();
  await sfnGateway.close();
  await sfnServer.close();
  await runtime.stop();
  await new Promise<void>((r) => upstream.close(() => r()));
});

beforeEach(() => {
  received.length = 0;
  logged.length = 0;
  mode = "enforce";
  faults.set({});
  dynamoGateway.resetOperationCounts();
  dynamoGateway.usage.reset();
});

const ddb = (credentials = creds, maxAttempts = 1) =>
  new DynamoDBClient({
    endpoint: dynamoGateway.url,
    region: "ap-southeast-1",
    credentials,
    maxAttempts,
  });
const item = { pk: { S: "P#1" }, sk: { S: "P" } };

async function refusal(
  send: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  const error = (await send.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to be refused");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

describe("GIVEN the DynamoDB gateway", () => {
  it("WHEN the role allows the call THEN it reaches DynamoDB and the answer comes back without the capacity it did not ask for", async () => {
    const out = await ddb().send(new GetItemCommand({ TableName: "DataTable", Key: item }));
    expect(out.Item).toEqual({ pk: { S: "a" } });
    expect(out.ConsumedCapacity).toBeUndefined();
    expect(received).toHaveLength(1);
    expect(received[0]?.body.ReturnConsumedCapacity).toBe("TOTAL");
    expect(dynamoGateway.operationCounts()).toEqual({ GetItemCommand: 1 });
    expect(dynamoGateway.usage.current()).toMatchObject({
      readUnits: 0.5,
      calls: { GetItemCommand: 1 },
    });
  });

  it("WHEN the role does not allow the action THEN HTTP 400 AccessDeniedException names principal, action and resource, and DynamoDB never sees it", async () => {
    const refused = await refusal(
      ddb().send(new GetItemCommand({ TableName: "AuditTable", Key: item })),
    );
    expect(refused).toEqual({
      name: "AccessDeniedException",
      status: 400,
      message: `User: arn:aws:sts::000000000000:assumed-role/WriterRole/WriterFn is not authorized to perform: dynamodb:GetItem on resource: ${ARN}/AuditTable because no identity-based policy allows the dynamodb:GetItem action`,
    });
    expect(received).toEqual([]);
  });

  it("WHEN a Query names an index THEN the index ARN is the resource", async () => {
    await ddb().send(
      new QueryCommand({
        TableName: "DataTable",
        IndexName: "GSI1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": { S: "x" } },
      }),
    );
    const refused = await refusal(
      ddb().send(
        new QueryCommand({
          TableName: "DataTable",
          IndexName: "GSI2",
          KeyConditionExpression: "gsi2pk = :p",
          ExpressionAttributeValues: { ":p": { S: "x" } },
        }),
      ),
    );
    expect(refused.message).toContain(
      `dynamodb:Query on resource: ${ARN}/DataTable/index/GSI2 because`,
    );
  });

  it("WHEN a transaction holds an element the role may not write THEN the first such element is named and nothing is sent", async () => {
    const refused = await refusal(
      ddb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: "DataTable", Item: item } },
            {
              ConditionCheck: {
                TableName: "DataTable",
                Key: item,
                ConditionExpression: "attribute_exists(pk)",
              },
            },
            { Put: { TableName: "AuditTable", Item: item } },
            {
              Update: {
                TableName: "AuditTable",
                Key: item,
                UpdateExpression: "SET a = :a",
                ExpressionAttributeValues: { ":a": { S: "b" } },
              },
            },
            { Delete: { TableName: "DataTable", Key: item } },
          ],
        }),
      ),
    );
    expect(refused.name).toBe("AccessDeniedException");
    expect(refused.message).toContain(
      `perform: dynamodb:UpdateItem on resource: ${ARN}/AuditTable`,
    );
    expect(received).toEqual([]);
  });

  it("WHEN the caller is unknown or signs badly THEN UnrecognizedClientException / InvalidSignatureException", async () => {
    expect(
      (
        await refusal(
          ddb({ ...creds, accessKeyId: "ASIAAAAAAAAAAAAAAAAA" }).send(
            new GetItemCommand({ TableName: "DataTable", Key: item }),
          ),
        )
      ).name,
    ).toBe("UnrecognizedClientException");
    expect(
      (
        await refusal(
          ddb({ ...creds, secretAccessKey: "bad" }).send(
            new GetItemCommand({ TableName: "DataTable", Key: item }),
          ),
        )
      ).name,
    ).toBe("InvalidSignatureException");
    expect(received).toEqual([]);
  });

  it("WHEN the stack's administrator calls THEN anything is allowed and nothing is counted as a function's", async () => {
    await ddb(ADMIN_CREDENTIALS).send(new PutItemCommand({ TableName: "AuditTable", Item: item }));
    expect(received).toHaveLength(1);
    expect(received[0]?.body.ReturnConsumedCapacity).toBeUndefined();
    expect(dynamoGateway.operationCounts()).toEqual({});
  });

  it("WHEN LOCAL_IAM=report THEN the refusal is logged and the call goes through", async () => {
    mode = "report";
    await ddb().send(new GetItemCommand({ TableName: "AuditTable", Key: item }));
    expect(received).toHaveLength(1);
    expect(logged.join("\n")).toMatch(/would refuse: .*dynamodb:GetItem on resource: .*AuditTable/);
  });

  it("WHEN throttling is injected THEN the call fails like DynamoDB's ProvisionedThroughputExceededException, after the SDK's retries", async () => {
    faults.set({ throttle: 1 });
    const refused = await refusal(
      ddb(creds, 2).send(new GetItemCommand({ TableName: "DataTable", Key: item })),
    );
    expect(refused.name).toBe("ProvisionedThroughputExceededException");
    expect(faults.state().injected.throttled).toBe(2);
    expect(received).toEqual([]);
  });

  it("WHEN transaction conflicts are injected THEN TransactionCanceledException with every reason TransactionConflict", async () => {
    faults.set({ txconflict: 1 });
    const error = (await ddb()
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: "DataTable", Item: item } }],
        }),
      )
      .catch((e: unknown) => e)) as { name: string; CancellationReasons?: { Code?: string }[] };
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.CancellationReasons).toEqual([
      { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" },
    ]);
    expect(dynamoGateway.usage.current().itemWrites).toBe(0);
  });

  it("THEN writes are priced from the items: transactional writes cost twice", async () => {
    await ddb().send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: "DataTable", Item: item } },
          {
            ConditionCheck: {
              TableName: "DataTable",
              Key: item,
              ConditionExpression: "attribute_exists(pk)",
            },
          },
        ],
      }),
    );
    expect(dynamoGateway.usage.current()).toMatchObject({ itemWrites: 1, writeUnits: 4 });
  });

  it("THEN an UpdateItem is sized on its new image, which the gateway asks for and keeps from the function", async () => {
    const out = await ddb().send(
      new UpdateItemCommand({
        TableName: "DataTable",
        Key: item,
        UpdateExpression: "SET big = :b",
        ExpressionAttributeValues: { ":b": { S: "x".repeat(1500) } },
      }),
    );
    expect(received[0]?.body.ReturnValues).toBe("ALL_NEW");
    expect(out.Attributes).toBeUndefined();
    expect(out.ConsumedCapacity).toBeUndefined();
    // 1.5 KB after the update: 2 write units
    expect(dynamoGateway.usage.current()).toMatchObject({ itemWrites: 1, writeUnits: 2 });
  });
});

describe("GIVEN what DynamoDB authorizes per operation", () => {
  it("THEN batch calls are authorized per table, a Put carries its attribute names", () => {
    expect(
      dynamoDbAuthorizations("BatchWriteItem", {
        RequestItems: { DataTable: [], AuditTable: [] },
      }).map((r) => `${r.action} ${r.resource}`),
    ).toEqual([
      `dynamodb:BatchWriteItem ${ARN}/DataTable`,
      `dynamodb:BatchWriteItem ${ARN}/AuditTable`,
    ]);
    expect(
      dynamoDbAuthorizations("TransactGetItems", {
        TransactItems: [{ Get: { TableName: "DataTable" } }],
      })[0]?.action,
    ).toBe("dynamodb:GetItem");
    expect(
      dynamoDbAuthorizations("PutItem", { TableName: "DataTable", Item: item })[0]?.context,
    ).toMatchObject({
      "dynamodb:Attributes": ["pk", "sk"],
    });
    expect(dynamoDbAuthorizations("ListTables", {})).toEqual([
      { action: "dynamodb:ListTables", resource: "*", context: {} },
    ]);
  });
});

describe("GIVEN the Step Functions endpoint (signature-checking front, the runtime package's authorize hook)", () => {
  const sfn = (credentials = creds) =>
    new SFNClient({
      endpoint: sfnGateway.url,
      region: "ap-southeast-1",
      credentials,
      maxAttempts: 1,
    });

  it("WHEN a role without states:StartExecution starts an execution THEN AccessDeniedException names the state machine", async () => {
    const refused = await refusal(
      sfn().send(new StartExecutionCommand({ stateMachineArn: SM, name: "x" })),
    );
    expect(refused.name).toBe("AccessDeniedException");
    expect(refused.message).toBe(
      `User: arn:aws:sts::000000000000:assumed-role/WriterRole/WriterFn is not authorized to perform: states:StartExecution on resource: ${SM} because no identity-based policy allows the states:StartExecution action`,
    );
  });

  it("WHEN the role may answer task tokens THEN SendTaskSuccess passes IAM and the runtime judges the token", async () => {
    const refused = await refusal(
      sfn().send(new SendTaskSuccessCommand({ taskToken: "AQx", output: "{}" })),
    );
    expect(refused.name).toBe("InvalidToken");
  });

  it("WHEN the signature is bad THEN the front refuses before the runtime sees the call", async () => {
    const refused = await refusal(
      sfn({ ...creds, secretAccessKey: "bad" }).send(
        new StartExecutionCommand({ stateMachineArn: SM }),
      ),
    );
    expect(refused.name).toBe("InvalidSignatureException");
  });

  it("WHEN throttling is injected THEN functions get ThrottlingException, the administrator does not", async () => {
    faults.set({ sfnThrottle: 1 });
    expect(
      (await refusal(sfn().send(new SendTaskSuccessCommand({ taskToken: "AQx", output: "{}" }))))
        .name,
    ).toBe("ThrottlingException");
    const started = await sfn(ADMIN_CREDENTIALS).send(
      new StartExecutionCommand({ stateMachineArn: SM, name: "admin-1" }),
    );
    expect(started.executionArn).toMatch(/:execution:Lifecycle:admin-1$/);
  });

  it("THEN the hook identifies callers from headers alone (access key and session token)", () => {
    const hook = createStepFunctionsAuthorize(authorizer);
    const headers = {
      authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260601/ap-southeast-1/states/aws4_request, SignedHeaders=host, Signature=00`,
      "x-amz-security-token": creds.sessionToken,
    };
    expect(hook({ action: "states:SendTaskSuccess", resource: SM, headers })).toEqual({
      allowed: true,
    });
    expect(hook({ action: "StartExecution", resource: SM, headers })).toMatchObject({
      allowed: false,
      errorType: "AccessDeniedException",
    });
    expect(
      hook({
        action: "SendTaskSuccess",
        resource: "*",
        headers: { ...headers, "x-amz-security-token": "x" },
      }),
    ).toMatchObject({ allowed: false, errorType: "UnrecognizedClientException" });
  });
});
