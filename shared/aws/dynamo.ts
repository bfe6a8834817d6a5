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
