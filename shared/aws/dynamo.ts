import { DynamoDBDocumentClient } from "./dynamo/client.ts";

/**
 * One DynamoDB client per process, created at module scope: the project's own
 * (shared/aws/dynamo/), which creates nothing but this object at import. The endpoint comes
 * from the standard AWS_ENDPOINT_URL_DYNAMODB variable, so on the local stack only the
 * endpoint changes.
 */
export const doc = new DynamoDBDocumentClient({ maxAttempts: 6 });

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
