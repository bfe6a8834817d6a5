import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * One DynamoDB client per process, created at module scope. The endpoint comes from the
 * standard AWS_ENDPOINT_URL_DYNAMODB variable, so on the local stack only the endpoint changes.
 */
export const dynamo = new DynamoDBClient({ maxAttempts: 6 });

export const doc = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/** Keys of the DataTable, as documented in docs/architecture.md. */
export const keys = {
  proposal: (id: string) => ({ pk: `P#${id}`, sk: "P" }),
  disbursement: (id: string, seq: number) => ({
    pk: `P#${id}`,
    sk: `D#${String(seq).padStart(3, "0")}`,
  }),
  report: (id: string, at: string, reportId: string) => ({
    pk: `P#${id}`,
    sk: `R#${at}#${reportId}`,
  }),
  task: (id: string) => ({ pk: `T#${id}`, sk: "T" }),
  unit: (id: string) => ({ pk: `UNIT#${id}`, sk: "UNIT" }),
  user: (username: string) => ({ pk: `USER#${username}`, sk: "USER" }),
  link: (hash: string) => ({ pk: `L#${hash}`, sk: "L" }),
  idempotency: (username: string, key: string) => ({ pk: `IDEM#${username}#${key}`, sk: "I" }),
  sequence: (name: string) => ({ pk: `SEQ#${name}`, sk: "SEQ" }),
  audit: (stream: string, seq: number) => ({ pk: stream, sk: String(seq).padStart(8, "0") }),
};

/** Strips the storage keys from an item. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    ttl: _t,
    ...rest
  } = item;
  return rest as T;
}
