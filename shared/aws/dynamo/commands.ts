import { marshallItem, unmarshallItem, type WireItem } from "./marshall.ts";

/**
 * The DynamoDB operations the functions call, as command classes named and shaped like
 * the SDK's Document client's (lib-dynamodb: GetCommand, QueryCommand, TransactWriteCommand…): the same inputs in
 * plain JavaScript values, the same outputs with items unmarshalled, so the adapters read as
 * they did. Each command knows its JSON 1.0 operation, which members of its input are
 * marshalled and which members of its answer are read back (lib-dynamodb's key nodes for that
 * command). Only the operations shared/ and functions/ use are here; the legacy parameters
 * (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter) are left out.
 */

/** An item, key or value map in plain JavaScript values. */
export type NativeItem = Record<string, unknown>;
/** What an input accepts as an item, key or value map (any object: interfaces included). */
export type ItemInput = object;

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";
export type ReturnItemCollectionMetrics = "SIZE" | "NONE";
export type ReturnValue = "NONE" | "ALL_OLD" | "UPDATED_OLD" | "ALL_NEW" | "UPDATED_NEW";
export type ReturnValuesOnConditionCheckFailure = "ALL_OLD" | "NONE";
export type Select =
  | "ALL_ATTRIBUTES"
  | "ALL_PROJECTED_ATTRIBUTES"
  | "SPECIFIC_ATTRIBUTES"
  | "COUNT";

/** What the SDK puts in every output's `$metadata` that this transport knows. */
export interface ResponseMetadata {
  readonly httpStatusCode: number;
  readonly requestId?: string;
}

export interface Capacity {
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly CapacityUnits?: number;
}

export interface ConsumedCapacity extends Capacity {
  readonly TableName?: string;
  readonly Table?: Capacity;
  readonly LocalSecondaryIndexes?: Readonly<Record<string, Capacity>>;
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, Capacity>>;
}

export interface ItemCollectionMetrics {
  readonly ItemCollectionKey?: NativeItem;
  readonly SizeEstimateRangeGB?: readonly number[];
}

interface Output {
  readonly $metadata: ResponseMetadata;
}

/** The parsed JSON answer of an operation. */
export type WireOutput = Readonly<Record<string, unknown>>;

/**
 * One operation: its name after `DynamoDB_20120810.`, its input, the request body it sends
 * and how its answer is read.
 */
export abstract class DynamoCommand<Input, Result> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
  /** The request body, attribute values marshalled. */
  abstract request(): object;
  /** The answer with its attribute values unmarshalled. */
  abstract response(wire: WireOutput, $metadata: ResponseMetadata): Result;
}

const wireMap = (m: ItemInput | undefined): WireItem | undefined =>
  m === undefined ? undefined : marshallItem(m);

const nativeMap = (m: unknown): NativeItem | undefined =>
  m === undefined || m === null ? undefined : unmarshallItem(m as WireItem);

/** `ExpressionAttributeValues`, the one map every expression-taking input marshals. */
const withValues = <T extends { ExpressionAttributeValues?: ItemInput }>(input: T) => ({
  ...input,
  ExpressionAttributeValues: wireMap(input.ExpressionAttributeValues),
});

function collectionMetrics(m: unknown): ItemCollectionMetrics | undefined {
  if (m === undefined || m === null) return undefined;
  const wire = m as { ItemCollectionKey?: WireItem; SizeEstimateRangeGB?: number[] };
  return { ...wire, ItemCollectionKey: nativeMap(wire.ItemCollectionKey) };
}

interface Expressions {
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  readonly ExpressionAttributeValues?: ItemInput;
}

interface Written extends Output {
  readonly Attributes?: NativeItem;
  readonly ConsumedCapacity?: ConsumedCapacity;
  readonly ItemCollectionMetrics?: ItemCollectionMetrics;
}

const written = (wire: WireOutput, $metadata: ResponseMetadata): Written => ({
  ...wire,
  Attributes: nativeMap(wire.Attributes),
  ItemCollectionMetrics: collectionMetrics(wire.ItemCollectionMetrics),
  $metadata,
});

// GetItem

export interface GetCommandInput {
  readonly TableName: string;
  readonly Key: ItemInput;
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

export interface GetCommandOutput extends Output {
  readonly Item?: NativeItem;
  readonly ConsumedCapacity?: ConsumedCapacity;
}

export class GetCommand extends DynamoCommand<GetCommandInput, GetCommandOutput> {
  readonly operation = "GetItem";
  request() {
    return { ...this.input, Key: marshallItem(this.input.Key) };
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): GetCommandOutput {
    return { ...wire, Item: nativeMap(wire.Item), $metadata };
  }
}

// PutItem

/** What PutItem, UpdateItem and DeleteItem take besides the item or its key. */
interface SingleWriteInput extends Expressions {
  readonly TableName: string;
  readonly ConditionExpression?: string;
  readonly ReturnValues?: ReturnValue;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
}

export interface PutCommandInput extends SingleWriteInput {
  readonly Item: ItemInput;
}

export type PutCommandOutput = Written;

export class PutCommand extends DynamoCommand<PutCommandInput, PutCommandOutput> {
  readonly operation = "PutItem";
  request() {
    return { ...withValues(this.input), Item: marshallItem(this.input.Item) };
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): PutCommandOutput {
    return written(wire, $metadata);
  }
}

// UpdateItem

export interface UpdateCommandInput extends SingleWriteInput {
  readonly Key: ItemInput;
  readonly UpdateExpression?: string;
}

export type UpdateCommandOutput = Written;

export class UpdateCommand extends DynamoCommand<UpdateCommandInput, UpdateCommandOutput> {
  readonly operation = "UpdateItem";
  request() {
    return { ...withValues(this.input), Key: marshallItem(this.input.Key) };
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): UpdateCommandOutput {
    return written(wire, $metadata);
  }
}

// DeleteItem

export interface DeleteCommandInput extends SingleWriteInput {
  readonly Key: ItemInput;
}

export type DeleteCommandOutput = Written;

export class DeleteCommand extends DynamoCommand<DeleteCommandInput, DeleteCommandOutput> {
  readonly operation = "DeleteItem";
  request() {
    return { ...withValues(this.input), Key: marshallItem(this.input.Key) };
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): DeleteCommandOutput {
    return written(wire, $metadata);
  }
}

// Query and Scan

interface Read extends Expressions {
  readonly TableName: string;
  readonly IndexName?: string;
  readonly Select?: Select;
  readonly Limit?: number;
  readonly ConsistentRead?: boolean;
  readonly ExclusiveStartKey?: ItemInput;
  readonly ProjectionExpression?: string;
  readonly FilterExpression?: string;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

interface Page extends Output {
  readonly Items?: NativeItem[];
  readonly Count?: number;
  readonly ScannedCount?: number;
  readonly LastEvaluatedKey?: NativeItem;
  readonly ConsumedCapacity?: ConsumedCapacity;
}

const page = (wire: WireOutput, $metadata: ResponseMetadata): Page => ({
  ...wire,
  Items: Array.isArray(wire.Items) ? (wire.Items as WireItem[]).map(unmarshallItem) : undefined,
  LastEvaluatedKey: nativeMap(wire.LastEvaluatedKey),
  $metadata,
});

const readRequest = (input: Read) => ({
  ...withValues(input),
  ExclusiveStartKey: wireMap(input.ExclusiveStartKey),
});

export interface QueryCommandInput extends Read {
  readonly KeyConditionExpression?: string;
  readonly ScanIndexForward?: boolean;
}

export type QueryCommandOutput = Page;

export class QueryCommand extends DynamoCommand<QueryCommandInput, QueryCommandOutput> {
  readonly operation = "Query";
  request() {
    return readRequest(this.input);
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): QueryCommandOutput {
    return page(wire, $metadata);
  }
}

export interface ScanCommandInput extends Read {
  readonly Segment?: number;
  readonly TotalSegments?: number;
}

export type ScanCommandOutput = Page;

export class ScanCommand extends DynamoCommand<ScanCommandInput, ScanCommandOutput> {
  readonly operation = "Scan";
  request() {
    return readRequest(this.input);
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): ScanCommandOutput {
    return page(wire, $metadata);
  }
}

// TransactWriteItems

interface TxElement extends Expressions {
  readonly TableName: string;
  readonly ConditionExpression?: string;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

/** One element of a transaction: exactly one of its members is set. */
export interface TransactWriteItem {
  readonly ConditionCheck?: TxElement & {
    readonly Key: ItemInput;
    readonly ConditionExpression: string;
  };
  readonly Put?: TxElement & { readonly Item: ItemInput };
  readonly Delete?: TxElement & { readonly Key: ItemInput };
  readonly Update?: TxElement & { readonly Key: ItemInput; readonly UpdateExpression: string };
}

export interface TransactWriteCommandInput {
  readonly TransactItems: readonly TransactWriteItem[];
  readonly ClientRequestToken?: string;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
}

export interface TransactWriteCommandOutput extends Output {
  readonly ConsumedCapacity?: ConsumedCapacity[];
  readonly ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]>;
}

/** Each member present marshalled (DynamoDB refuses an element with more than one). */
const txElement = (e: TransactWriteItem): object => ({
  ...e,
  ...(e.ConditionCheck && {
    ConditionCheck: { ...withValues(e.ConditionCheck), Key: marshallItem(e.ConditionCheck.Key) },
  }),
  ...(e.Put && { Put: { ...withValues(e.Put), Item: marshallItem(e.Put.Item) } }),
  ...(e.Delete && { Delete: { ...withValues(e.Delete), Key: marshallItem(e.Delete.Key) } }),
  ...(e.Update && { Update: { ...withValues(e.Update), Key: marshallItem(e.Update.Key) } }),
});

export class TransactWriteCommand extends DynamoCommand<
  TransactWriteCommandInput,
  TransactWriteCommandOutput
> {
  readonly operation = "TransactWriteItems";
  request() {
    return { ...this.input, TransactItems: this.input.TransactItems.map(txElement) };
  }
  response(wire: WireOutput, $metadata: ResponseMetadata): TransactWriteCommandOutput {
    const metrics = wire.ItemCollectionMetrics as Record<string, unknown[]> | undefined;
    return {
      ...wire,
      ItemCollectionMetrics: metrics
        ? Object.fromEntries(
            Object.entries(metrics).map(([table, list]) => [
              table,
              list.map((m) => collectionMetrics(m) ?? {}),
            ]),
          )
        : undefined,
      $metadata,
    };
  }
}
