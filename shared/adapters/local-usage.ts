/**
 * DynamoDB usage of this process as DynamoDB would bill it, counted on the local stack only
 * (LOCAL_STACK=1): items written and read, and the write and read request units that the table
 * reports as ConsumedCapacity. Benchmarks read it through GET /_local/faults/usage to price a
 * lifecycle from counted operations rather than estimates.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { faultsAllowed } from "./faults.ts";

export interface DynamoUsage {
  /** Successful calls by command name. */
  calls: Record<string, number>;
  /** Items written: puts, updates, deletes, and each element of a TransactWriteItems. */
  itemWrites: number;
  /** Write request units reported by the table (transactional writes count twice). */
  writeUnits: number;
  readUnits: number;
}

const usage: DynamoUsage = { calls: {}, itemWrites: 0, writeUnits: 0, readUnits: 0 };

const WITH_CAPACITY = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "TransactWriteItemsCommand",
  "TransactGetItemsCommand",
  "BatchWriteItemCommand",
  "BatchGetItemCommand",
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

function itemWritesOf(command: string, input: Record<string, unknown>): number {
  if (command === "PutItemCommand" || command === "UpdateItemCommand") return 1;
  if (command === "DeleteItemCommand") return 1;
  if (command === "TransactWriteItemsCommand") {
    const items = (input.TransactItems as Record<string, unknown>[] | undefined) ?? [];
    return items.filter((i) => !("ConditionCheck" in i)).length;
  }
  if (command === "BatchWriteItemCommand") {
    const req = (input.RequestItems as Record<string, unknown[]> | undefined) ?? {};
    return Object.values(req).reduce((n, l) => n + l.length, 0);
  }
  return 0;
}

function add(command: string, capacity: Capacity | Capacity[] | undefined): void {
  for (const c of Array.isArray(capacity) ? capacity : capacity ? [capacity] : []) {
    const isWrite = /Put|Update|Delete|TransactWrite|BatchWrite/.test(command);
    if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
      usage.writeUnits += c.WriteCapacityUnits ?? 0;
      usage.readUnits += c.ReadCapacityUnits ?? 0;
    } else if (isWrite) usage.writeUnits += c.CapacityUnits ?? 0;
    else usage.readUnits += c.CapacityUnits ?? 0;
  }
}

let attached = false;

/** Counts the client's usage (local stack only; never in a Lambda runtime). */
export function attachUsageCounter(client: DynamoDBClient): void {
  if (attached || !faultsAllowed()) return;
  attached = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "unknown";
      const input = args.input as Record<string, unknown>;
      if (WITH_CAPACITY.has(command) && input.ReturnConsumedCapacity === undefined) {
        input.ReturnConsumedCapacity = "TOTAL";
      }
      const result = await next(args);
      usage.calls[command] = (usage.calls[command] ?? 0) + 1;
      usage.itemWrites += itemWritesOf(command, input);
      add(
        command,
        (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity,
      );
      return result;
    },
    { step: "initialize", name: "p8LocalUsage" },
  );
}

export function currentUsage(): DynamoUsage {
  return { ...usage, calls: { ...usage.calls } };
}

export function resetUsage(): void {
  usage.calls = {};
  usage.itemWrites = 0;
  usage.writeUnits = 0;
  usage.readUnits = 0;
}
