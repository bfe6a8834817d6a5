/**
 * The functions' own DynamoDB Document client (shared/aws/dynamo/) against a node:http server
 * playing DynamoDB: it must send the very request bodies lib-dynamodb sends for the same
 * commands, read answers as lib-dynamodb reads them, sign as the local gateway's verifier
 * accepts, and raise DynamoDB's errors as the SDK's exception classes, retrying what the SDK
 * retries. The SDK's client (dev tooling keeps it) is the reference, called on the same server.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as Sdk from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCredentialStore } from "../../local/aws/credentials.ts";
import { type VerifyResult, verifySigV4 } from "../../local/aws/sigv4.ts";
import { AwsServiceError } from "../../shared/aws/aws-request.ts";
import { DynamoDBDocumentClient } from "../../shared/aws/dynamo/client.ts";
import * as Own from "../../shared/aws/dynamo/commands.ts";
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "../../shared/aws/dynamo/errors.ts";

const REGION = "ap-southeast-1";
const store = createCredentialStore();
const creds = store.issue({ name: "FunctionRole", policies: { identity: [] } }, "GetProposal");

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  verified: VerifyResult;
}
interface Scripted {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

let server: Server;
let received: Received[] = [];
let script: Scripted[] = [];
const VARS = [
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL_DYNAMODB",
] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
let sdk: Sdk.DynamoDBDocumentClient;
const own = new DynamoDBDocumentClient({ maxAttempts: 3 });

const answer = (body: unknown, status = 200): Scripted => ({
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "x-amzn-requestid": `req-${received.length}` },
});
const error = (code: string, fields: object = {}, status = 400): Scripted =>
  answer(
    { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: `${code} here`, ...fields },
    status,
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>,
        verified: verifySigV4(
          { method: req.method ?? "", url: req.url ?? "/", headers: req.headers, body: raw },
          store,
          { service: "dynamodb", region: REGION },
        ),
      });
      const next = script.shift() ?? answer({});
      res
        .writeHead(next.status, {
          "content-type": "application/x-amz-json-1.0",
          ...next.headers,
        })
        .end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = creds.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = creds.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = creds.sessionToken;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  sdk = Sdk.DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: REGION, credentials: creds, maxAttempts: 1 }),
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
  );
});

afterAll(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  sdk.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  received = [];
  script = [];
});

const TABLE = "DataTable";
const item = {
  pk: "P#1",
  sk: "META",
  version: 3,
  amount: 1_500_000,
  gone: undefined,
  flags: { urgent: false, skipped: undefined, tags: ["a", undefined, "b"] },
  nothing: null,
  cells: new Set(["c1", "c2"]),
  years: new Set([2025, 2026]),
  hash: new Uint8Array([1, 2, 3]),
  note: "",
};
const values = { ":v": 3, ":none": undefined, ":at": "2026-01-01T00:00:00Z", ":list": [1, 2] };

/** The same command for both clients: ours, and the SDK's sent. */
type Pair = readonly [Own.DynamoCommand<unknown, unknown>, () => Promise<object>];
const pairs: Record<string, () => Pair> = {
  GetItem: () => {
    const input = {
      TableName: TABLE,
      Key: { pk: "P#1", sk: "META" },
      ConsistentRead: true,
      ProjectionExpression: "#s",
      ExpressionAttributeNames: { "#s": "status" },
    };
    return [new Own.GetCommand(input), () => sdk.send(new Sdk.GetCommand(input))];
  },
  PutItem: () => {
    const input = {
      TableName: TABLE,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk) OR version < :v",
      ExpressionAttributeValues: values,
    };
    return [new Own.PutCommand(input), () => sdk.send(new Sdk.PutCommand(input))];
  },
  UpdateItem: () => {
    const input = {
      TableName: TABLE,
      Key: { pk: "P#1", sk: "META" },
      UpdateExpression: "SET updatedAt = :at, version = :v, l = :list",
      ConditionExpression: "version < :v",
      ExpressionAttributeValues: values,
      ReturnValues: "UPDATED_NEW" as const,
    };
    return [new Own.UpdateCommand(input), () => sdk.send(new Sdk.UpdateCommand(input))];
  },
  DeleteItem: () => {
    const input = {
      TableName: TABLE,
      Key: { pk: "P#1", sk: "META" },
      ConditionExpression: "version = :v",
      ExpressionAttributeValues: { ":v": 3 },
    };
    return [new Own.DeleteCommand(input), () => sdk.send(new Sdk.DeleteCommand(input))];
  },
  Query: () => {
    const input = {
      TableName: TABLE,
      IndexName: "GSI1",
      KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :p)",
      FilterExpression: "attribute_exists(#d)",
      ExpressionAttributeNames: { "#d": "deleted" },
      ExpressionAttributeValues: { ":pk": "UNIT#U1", ":p": "2026-" },
      ExclusiveStartKey: { pk: "P#1", sk: "META", gsi1pk: "UNIT#U1", gsi1sk: "2026-01" },
      Limit: 25,
      ScanIndexForward: false,
    };
    return [new Own.QueryCommand(input), () => sdk.send(new Sdk.QueryCommand(input))];
  },
  Scan: () => {
    const input = {
      TableName: TABLE,
      FilterExpression: "entity = :e",
      ExpressionAttributeValues: { ":e": "Proposal" },
      ExclusiveStartKey: { pk: "P#1", sk: "META" },
      ConsistentRead: true,
    };
    return [new Own.ScanCommand(input), () => sdk.send(new Sdk.ScanCommand(input))];
  },
  TransactWriteItems: () => {
    const input = {
      TransactItems: [
        { Put: { TableName: TABLE, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
        {
          Update: {
            TableName: TABLE,
            Key: { pk: "USE#G", sk: "A1" },
            UpdateExpression: "ADD reserved :v",
            ExpressionAttributeValues: { ":v": 3, ":none": undefined },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
          },
        },
        { Delete: { TableName: TABLE, Key: { pk: "L#1", sk: "LINK" } } },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: { pk: "P#1", sk: "META" },
            ConditionExpression: "#s = :s",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":s": "SUBMITTED" },
          },
        },
      ],
      ClientRequestToken: "token-1",
    };
    return [
      new Own.TransactWriteCommand(input),
      () => sdk.send(new Sdk.TransactWriteCommand(input)),
    ];
  },
};

/** Sends the pair with the same scripted answer; returns both requests and both outputs. */
async function both(pair: Pair, scripted: () => Scripted) {
  const [ours, theirs] = pair;
  script = [scripted()];
  const ownOut = (await own.send(ours)) as Record<string, unknown>;
  script = [scripted()];
  const sdkOut = (await theirs()) as Record<string, unknown>;
  const [ownReq, sdkReq] = received;
  const { $metadata: ownMeta, ...ownRest } = ownOut;
  const { $metadata: _sdkMeta, ...sdkRest } = sdkOut;
  return { ownReq, sdkReq, ownOut: ownRest, sdkOut: sdkRest, ownMeta };
}

describe("GIVEN the commands the functions send", () => {
  it.each(Object.keys(pairs))(
    "WHEN %s is sent THEN the body and target are the SDK's, signed as the gateway verifies",
    async (operation) => {
      const make = pairs[operation];
      if (!make) throw new Error(operation);
      const { ownReq, sdkReq } = await both(make(), () => answer({}));
      expect(ownReq?.body).toEqual(sdkReq?.body);
      expect(ownReq).toMatchObject({
        method: "POST",
        url: "/",
        headers: {
          "x-amz-target": `DynamoDB_20120810.${operation}`,
          "content-type": "application/x-amz-json-1.0",
        },
        verified: {
          ok: true,
          principal: { arn: "arn:aws:sts::000000000000:assumed-role/FunctionRole/GetProposal" },
        },
      });
      expect(ownReq?.headers["x-amz-target"]).toBe(sdkReq?.headers["x-amz-target"]);
    },
  );

  it("WHEN a value cannot be stored THEN nothing is sent and the SDK's error is raised", async () => {
    const put = { TableName: TABLE, Item: { pk: "P#1", at: new Date(0) } };
    await expect(own.send(new Own.PutCommand(put))).rejects.toThrow(/Unsupported type passed/);
    await expect(sdk.send(new Sdk.PutCommand(put))).rejects.toThrow(/Unsupported type passed/);
    expect(received).toEqual([]);
  });
});

describe("GIVEN DynamoDB's answers", () => {
  const wireItem = {
    pk: { S: "P#1" },
    n: { N: "12.5" },
    l: { L: [{ S: "a" }, { NULL: true }] },
    m: { M: { ok: { BOOL: true } } },
    ss: { SS: ["x"] },
    ns: { NS: ["1", "2"] },
    b: { B: "AQID" },
  };

  it("WHEN GetItem finds an item THEN it is read back as the SDK reads it, with $metadata", async () => {
    const make = pairs.GetItem;
    if (!make) throw new Error("GetItem");
    const { ownOut, sdkOut, ownMeta } = await both(make(), () =>
      answer({ Item: wireItem, ConsumedCapacity: { TableName: TABLE, CapacityUnits: 0.5 } }),
    );
    expect(ownOut).toEqual(sdkOut);
    expect(ownOut.Item).toMatchObject({ n: 12.5, ns: new Set([1, 2]) });
    expect(ownMeta).toEqual({ httpStatusCode: 200, requestId: "req-0" });
  });

  it("WHEN GetItem finds nothing THEN Item is undefined", async () => {
    const make = pairs.GetItem;
    if (!make) throw new Error("GetItem");
    const { ownOut, sdkOut } = await both(make(), () => answer({}));
    expect(ownOut.Item).toBeUndefined();
    expect(ownOut).toEqual(sdkOut);
  });

  it("WHEN a Query answers a page THEN Items, Count and LastEvaluatedKey are the SDK's", async () => {
    const make = pairs.Query;
    if (!make) throw new Error("Query");
    const { ownOut, sdkOut } = await both(make(), () =>
      answer({
        Items: [wireItem, { pk: { S: "P#2" } }],
        Count: 2,
        ScannedCount: 3,
        LastEvaluatedKey: { pk: { S: "P#2" }, sk: { S: "META" } },
      }),
    );
    expect(ownOut).toEqual(sdkOut);
    expect(ownOut.LastEvaluatedKey).toEqual({ pk: "P#2", sk: "META" });
  });

  it("WHEN an update returns attributes THEN they are read back", async () => {
    const make = pairs.UpdateItem;
    if (!make) throw new Error("UpdateItem");
    const { ownOut, sdkOut } = await both(make(), () =>
      answer({ Attributes: { version: { N: "4" } } }),
    );
    expect(ownOut).toEqual(sdkOut);
    expect(ownOut.Attributes).toEqual({ version: 4 });
  });

  it("WHEN a transaction reports item collections THEN their keys are read back", async () => {
    const make = pairs.TransactWriteItems;
    if (!make) throw new Error("TransactWriteItems");
    const { ownOut, sdkOut } = await both(make(), () =>
      answer({
        ItemCollectionMetrics: {
          [TABLE]: [{ ItemCollectionKey: { pk: { S: "P#1" } }, SizeEstimateRangeGB: [0, 1] }],
        },
      }),
    );
    expect(ownOut).toEqual(sdkOut);
  });

  it("WHEN the answer has no body THEN the output is only $metadata", async () => {
    script = [{ status: 200, body: "" }];
    const out = await own.send(new Own.DeleteCommand({ TableName: TABLE, Key: { pk: "x" } }));
    expect(out).toEqual({ $metadata: { httpStatusCode: 200 } });
  });
});

describe("GIVEN DynamoDB's errors", () => {
  const update = () =>
    new Own.UpdateCommand({
      TableName: TABLE,
      Key: { pk: "P#1", sk: "META" },
      UpdateExpression: "SET v = :v",
      ConditionExpression: "v < :v",
      ExpressionAttributeValues: { ":v": 2 },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });

  it("WHEN a condition fails THEN ConditionalCheckFailedException, with the old item read back", async () => {
    script = [error("ConditionalCheckFailedException", { Item: { v: { N: "5" } } })];
    const err = await own.send(update()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect(err).toBeInstanceOf(AwsServiceError);
    expect(err).toMatchObject({
      name: "ConditionalCheckFailedException",
      message: "ConditionalCheckFailedException here",
      Item: { v: 5 },
      $fault: "client",
      $metadata: { httpStatusCode: 400, requestId: "req-0", attempts: 1 },
    });
    expect(received).toHaveLength(1);
  });

  it("WHEN a transaction is cancelled THEN TransactionCanceledException with each reason", async () => {
    script = [
      error("TransactionCanceledException", {
        CancellationReasons: [
          { Code: "None" },
          { Code: "ConditionalCheckFailed", Message: "failed", Item: { v: { N: "5" } } },
        ],
      }),
    ];
    const make = pairs.TransactWriteItems;
    if (!make) throw new Error("TransactWriteItems");
    const err = await own.send(make()[0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionCanceledException);
    expect((err as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "failed", Item: { v: 5 } },
    ]);
    expect(received).toHaveLength(1);
  });

  it("WHEN the request is invalid THEN an error of DynamoDB's name, not retried", async () => {
    script = [error("ValidationException")];
    const err = await own.send(update()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsServiceError);
    expect(err).not.toBeInstanceOf(ConditionalCheckFailedException);
    expect(err).toMatchObject({ name: "ValidationException" });
    expect(received).toHaveLength(1);
  });

  it("WHEN DynamoDB throttles once THEN the request is sent again and succeeds", async () => {
    script = [error("ProvisionedThroughputExceededException"), answer({ Attributes: {} })];
    await expect(own.send(update())).resolves.toMatchObject({ Attributes: {} });
    expect(received).toHaveLength(2);
    expect(received[1]?.body).toEqual(received[0]?.body);
  });

  it("WHEN DynamoDB keeps failing THEN the error surfaces after maxAttempts, attempts counted", async () => {
    script = [1, 2, 3].map(() => error("InternalServerError", {}, 500));
    const err = await own.send(update()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: "InternalServerError",
      $fault: "server",
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(received).toHaveLength(3);
  });
});
