/**
 * DynamoDB usage of this process as DynamoDB would bill it, counted on the local stack only
 * (LOCAL_STACK=1): items written and read, and the write and read request units that the table
 * reports as ConsumedCapacity. Benchmarks read it through GET /_local/faults/usage to price a
 * lifecycle from counted operations. DynamoDB Local's own ConsumedCapacity for writes leaves out
 * index writes and overstates transactions, so write units are sized from the items instead.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { faultsAllowed } from "./faults.ts";

export interface DynamoUsage {
  /** Successful calls by command name. */
  calls: Record<string, number>;
  /** Items written: puts, updates, deletes, and each element of a TransactWriteItems. */
  itemWrites: number;
  /**
   * Write request units as on-demand DynamoDB bills them, sized from the items written:
   * 1 per KB, plus one per GSI the item appears in; transactional writes cost twice.
   */
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

/**
 * Per table, the attributes that are a GSI partition key (docs/architecture.md): writing an item
 * that has one also writes that index.
 */
const GSI_KEYS: Record<string, string[]> = {
  DataTable: ["gsi1pk", "gsi2pk"],
  AuditTable: ["provinceId", "reviewUnitId", "communeId", "actorId", "type"],
};

function tableKind(table: unknown): string {
  const name = String(table ?? "");
  return Object.keys(GSI_KEYS).find((k) => name.includes(k)) ?? name;
}

/** Write units of one item as on-demand DynamoDB bills them: 1 per KB, plus each index write. */
function unitsOf(item: unknown, table: unknown): number {
  if (!item || typeof item !== "object") return 1;
  const kb = Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));
  const indexes = (GSI_KEYS[tableKind(table)] ?? []).filter((k) => k in item).length;
  return kb * (1 + indexes);
}

/** Items written and the write request units they cost (transactions cost twice). */
function writesOf(command: string, input: Record<string, unknown>): [number, number] {
  if (command === "PutItemCommand") return [1, unitsOf(input.Item, input.TableName)];
  if (command === "UpdateItemCommand" || command === "DeleteItemCommand") return [1, 1];
  if (command === "TransactWriteItemsCommand") {
    let items = 0;
    let units = 0;
    for (const i of (input.TransactItems as Record<
      string,
      { Item?: unknown; TableName?: string }
    >[]) ?? []) {
      if (!("ConditionCheck" in i)) items++;
      units += 2 * ("Put" in i ? unitsOf(i.Put?.Item, i.Put?.TableName) : 1);
    }
    return [items, units];
  }
  if (command === "BatchWriteItemCommand") {
    const req = (input.RequestItems as Record<string, { PutRequest?: { Item?: unknown } }[]>) ?? {};
    let units = 0;
    let items = 0;
    for (const [table, list] of Object.entries(req)) {
      items += list.length;
      for (const r of list) units += unitsOf(r.PutRequest?.Item, table);
    }
    return [items, units];
  }
  return [0, 0];
}

function addReads(capacity: Capacity | Capacity[] | undefined): void {
  for (const c of Array.isArray(capacity) ? capacity : capacity ? [capacity] : []) {
    usage.readUnits += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
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
      const [items, units] = writesOf(command, input);
      usage.itemWrites += items;
      usage.writeUnits += units;
      // Reads as DynamoDB Local reports them (0.5 per 4 KB eventually consistent, 1 strong).
      if (items === 0) {
        addReads((result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
      }
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
