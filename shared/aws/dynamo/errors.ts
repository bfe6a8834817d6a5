import { AwsServiceError, type ErrorFactory } from "../aws-request.ts";
import { unmarshallItem, type WireItem } from "./marshall.ts";

/**
 * DynamoDB's error answers as the exceptions the adapters check, named and shaped as
 * the SDK's DynamoDB client's: `instanceof ConditionalCheckFailedException` and
 * `TransactionCanceledException` with its `CancellationReasons`; every other error (throttling
 * that outlived the retries, AccessDeniedException, ValidationException) is an AwsServiceError
 * whose `name` is DynamoDB's code. Unlike the SDK's, the items in these errors (asked for with
 * ReturnValuesOnConditionCheckFailure) are unmarshalled, as the items of an answer are.
 */

/** A failed condition of a single-item write. */
export class ConditionalCheckFailedException extends AwsServiceError {
  /** The item as it was, when the request asked for ReturnValuesOnConditionCheckFailure. */
  declare readonly Item?: Record<string, unknown>;
}

/** Why one element of a transaction was cancelled (`Code`: ConditionalCheckFailed, None…). */
export interface CancellationReason {
  readonly Code?: string;
  readonly Message?: string;
  readonly Item?: Record<string, unknown>;
}

/** A transaction that was cancelled: one reason per element, in the request's order. */
export class TransactionCanceledException extends AwsServiceError {
  declare readonly CancellationReasons?: readonly CancellationReason[];
}

interface WireReason {
  Code?: string;
  Message?: string;
  Item?: WireItem;
}

/** The item fields of an error body read back as plain objects. */
function readItems(name: string, fields: Record<string, unknown>): Record<string, unknown> {
  if (name === "ConditionalCheckFailedException" && fields.Item) {
    return { ...fields, Item: unmarshallItem(fields.Item as WireItem) };
  }
  if (name === "TransactionCanceledException" && Array.isArray(fields.CancellationReasons)) {
    return {
      ...fields,
      CancellationReasons: (fields.CancellationReasons as WireReason[]).map((r) =>
        r.Item ? { ...r, Item: unmarshallItem(r.Item) } : r,
      ),
    };
  }
  return fields;
}

/** The ErrorFactory of the DynamoDB client (shared/aws/aws-request.ts). */
export const dynamoError: ErrorFactory = (name, message, status, fields, requestId) => {
  const read = readItems(name, fields);
  if (name === "ConditionalCheckFailedException") {
    return new ConditionalCheckFailedException(name, message, status, read, requestId);
  }
  if (name === "TransactionCanceledException") {
    return new TransactionCanceledException(name, message, status, read, requestId);
  }
  return new AwsServiceError(name, message, status, read, requestId);
};
