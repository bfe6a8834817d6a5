/**
 * The DynamoDB endpoint the functions talk to (their AWS_ENDPOINT_URL_DYNAMODB): an HTTP front
 * of DynamoDB Local that does what DynamoDB does before touching a table — identify the caller
 * from its SigV4 signature and evaluate its role's policies for every table, index and
 * transaction element of the call — and refuses as DynamoDB refuses (HTTP 400
 * AccessDeniedException naming the principal, action and resource; for a transaction the
 * first element that is not allowed). Allowed calls go on to DynamoDB Local unchanged.
 *
 * The local-only instruments live here, outside every deployed bundle: the operation counts
 * (GET /_local/metrics), the billed-usage counter (GET /_local/faults/usage) and the injected
 * throttling and transaction conflicts (LOCAL_FAULTS, POST /_local/faults).
 *
 * The stack's own administration (tables, demo data, the Step Functions store, tests) talks to
 * DynamoDB Local directly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { crc32 } from "node:zlib";
import { type AttributeValue, BatchGetItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LOCAL_CREDENTIALS } from "../dynamodb.ts";
import type { TableSpec } from "../template/accessors.ts";
import { type AwsAuthorizer, sendAwsJsonError } from "./authorizer.ts";
import { dynamoDbAuthorizations } from "./dynamodb-actions.ts";
import {
  createUsageCounter,
  type ReadItems,
  type TableShape,
  type UsageCounter,
  WITH_CAPACITY,
} from "./dynamodb-usage.ts";
import type { Faults } from "./faults.ts";
import { close, forward, keepAlive, listen, readBody, reply } from "./proxy.ts";

const JSON_10 = "application/x-amz-json-1.0";
const TARGET_PREFIX = "DynamoDB_20120810.";

export interface DynamoDbGateway {
  url: string;
  port: number;
  usage: UsageCounter;
  /** Calls the functions sent, by command name ("QueryCommand"), each attempt counted. */
  operationCounts(): Record<string, number>;
  resetOperationCounts(): void;
  close(): Promise<void>;
}

function dynamoError(
  res: ServerResponse,
  code: string,
  message: string,
  extra: object = {},
  status = 400,
) {
  const body = JSON.stringify({
    __type: `com.amazonaws.dynamodb.v20120810#${code}`,
    message,
    ...extra,
  });
  res.writeHead(status, { "content-type": JSON_10, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startDynamoDbGateway(opts: {
  /** 0 = a free port. */
  port: number;
  /** DynamoDB Local's endpoint. */
  upstream: string;
  authorizer: AwsAuthorizer;
  faults: Faults;
  tables: readonly TableSpec[];
}): Promise<DynamoDbGateway> {
  const upstream = new URL(opts.upstream);
  const agent = keepAlive();
  const shapes = new Map<string, TableShape>(
    opts.tables.map((t) => [
      t.name,
      {
        keys: t.keySchema.map((k) => k.AttributeName ?? ""),
        indexes: t.globalSecondaryIndexes.map((g) => ({
          name: g.IndexName ?? "",
          keys: (g.KeySchema ?? []).map((k) => k.AttributeName ?? ""),
          projection: g.Projection?.ProjectionType ?? "ALL",
          nonKeyAttributes: g.Projection?.NonKeyAttributes ?? [],
        })),
      },
    ]),
  );
  const noShape: TableShape = { keys: ["pk", "sk"], indexes: [] };
  // New images of a transaction's updated items, read as the stack's administration does.
  const admin = new DynamoDBClient({
    endpoint: opts.upstream,
    region: "ap-southeast-1",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const read: ReadItems = async (table, keys) => {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const out = await admin.send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: {
              Keys: keys.slice(i, i + 100) as Record<string, AttributeValue>[],
              ConsistentRead: true,
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
    }
    const keyNames = (shapes.get(table) ?? noShape).keys;
    const id = (item: Record<string, unknown>) =>
      JSON.stringify(keyNames.map((k) => item[k] ?? null));
    const byKey = new Map(found.map((item) => [id(item), item]));
    return keys.map((k) => byKey.get(id(k)));
  };
  const usage = createUsageCounter((table) => shapes.get(table) ?? noShape, read);
  let counts: Record<string, number> = {};

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const identity = opts.authorizer.identify(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headers, body },
      "dynamodb",
    );
    if (!identity.ok) {
      sendAwsJsonError(res, JSON_10, identity.code, identity.message);
      return;
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    if (!target.startsWith(TARGET_PREFIX)) {
      dynamoError(res, "UnknownOperationException", `Unknown operation '${target}'`);
      return;
    }
    const operation = target.slice(TARGET_PREFIX.length);
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8") || "{}");
      input =
        typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      dynamoError(
        res,
        "SerializationException",
        "Start of structure or map found where not expected",
      );
      return;
    }
    const fromFunction = !identity.principal.admin;
    if (fromFunction) counts[`${operation}Command`] = (counts[`${operation}Command`] ?? 0) + 1;

    const outcome = opts.authorizer.authorize(
      identity.principal,
      dynamoDbAuthorizations(operation, input),
    );
    if (!outcome.allowed) {
      sendAwsJsonError(res, JSON_10, "AccessDeniedException", outcome.message);
      return;
    }

    if (fromFunction && opts.faults.inject("throttle")) {
      dynamoError(
        res,
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (injected: LOCAL_FAULTS)",
      );
      return;
    }
    if (fromFunction && operation === "TransactWriteItems" && opts.faults.inject("txconflict")) {
      const n = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
      dynamoError(
        res,
        "TransactionCanceledException",
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${Array(n).fill("TransactionConflict").join(", ")}] (injected: LOCAL_FAULTS)`,
        {
          CancellationReasons: Array.from({ length: n }, () => ({
            Code: "TransactionConflict",
            Message: "Transaction is ongoing for the item",
          })),
        },
      );
      return;
    }

    // Capacity is asked for on the function's behalf, and an UpdateItem's new image (which
    // sizes its write units), and both are removed again from its answer.
    const injectCapacity =
      fromFunction && WITH_CAPACITY.has(operation) && input.ReturnConsumedCapacity === undefined;
    const injectImage =
      fromFunction &&
      operation === "UpdateItem" &&
      (input.ReturnValues === undefined || input.ReturnValues === "NONE");
    const sentInput: Record<string, unknown> = {
      ...input,
      ...(injectCapacity ? { ReturnConsumedCapacity: "TOTAL" } : {}),
      ...(injectImage ? { ReturnValues: "ALL_NEW" } : {}),
    };
    const sent = injectCapacity || injectImage ? Buffer.from(JSON.stringify(sentInput)) : body;
    const answer = await forward(agent, upstream, req, sent);
    if (!fromFunction || answer.status !== 200) {
      if (fromFunction && answer.body.includes("ConditionalCheckFailedException"))
        usage.recordConditionFailure(operation, sentInput);
      reply(res, answer);
      return;
    }
    let output: Record<string, unknown> | undefined;
    try {
      output = JSON.parse(answer.body.toString("utf8")) as Record<string, unknown>;
    } catch {
      output = undefined;
    }
    usage.record(operation, sentInput, output, identity.principal.roleName);
    if ((!injectCapacity && !injectImage) || !output) {
      reply(res, answer);
      return;
    }
    const rest = { ...output };
    if (injectCapacity) delete rest.ConsumedCapacity;
    if (injectImage) delete rest.Attributes;
    const stripped = Buffer.from(JSON.stringify(rest));
    // DynamoDB answers carry the body's CRC32, which SDKs may check.
    if (answer.headers["x-amz-crc32"]) answer.headers["x-amz-crc32"] = String(crc32(stripped));
    reply(res, answer, stripped);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("dynamodb gateway: request failed", error);
      if (!res.headersSent)
        dynamoError(res, "InternalServerError", "Internal server error", {}, 500);
      else res.end();
    });
  });
  const port = await listen(server, opts.port, "DynamoDB gateway");
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    usage,
    operationCounts: () => ({ ...counts }),
    resetOperationCounts() {
      counts = {};
    },
    async close() {
      await close(server);
      agent.destroy();
      admin.destroy();
    },
  };
}
