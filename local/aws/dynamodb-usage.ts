/**
 * What the functions' DynamoDB traffic costs as DynamoDB bills it, counted by the gateway:
 * items written and read, and the write and read request units. Benchmarks read it through
 * GET /_local/faults/usage to price a lifecycle from counted operations. DynamoDB Local's own
 * ConsumedCapacity for writes leaves out index writes and overstates transactions, so write
 * units are sized from the items instead; reads are what DynamoDB Local reports.
 */

export interface DynamoUsage {
  /** Successful calls by command name ("PutItemCommand"). */
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

/** Operations that accept ReturnConsumedCapacity. */
export const WITH_CAPACITY = new Set([
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "GetItem",
  "Query",
  "Scan",
  "TransactWriteItems",
  "TransactGetItems",
  "BatchWriteItem",
  "BatchGetItem",
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Body = Record<string, unknown>;

/** Write units of one (wire-format) item: 1 per KB, plus each index it is written to. */
function unitsOf(item: unknown, gsiKeys: readonly string[]): number {
  if (!item || typeof item !== "object") return 1;
  const kb = Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));
  const indexes = gsiKeys.filter((k) => k in item).length;
  return kb * (1 + indexes);
}

export interface UsageCounter {
  /** Records one successful call; `response` is the parsed answer (for read capacity). */
  record(operation: string, request: Body, response: Body | undefined): void;
  current(): DynamoUsage;
  reset(): void;
}

/** `gsiKeysOf(table)`: the attributes that are a GSI partition key of that table. */
export function createUsageCounter(gsiKeysOf: (table: string) => readonly string[]): UsageCounter {
  let usage: DynamoUsage = { calls: {}, itemWrites: 0, writeUnits: 0, readUnits: 0 };

  function writesOf(operation: string, input: Body): [number, number] {
    const table = String(input.TableName ?? "");
    if (operation === "PutItem") return [1, unitsOf(input.Item, gsiKeysOf(table))];
    if (operation === "UpdateItem" || operation === "DeleteItem") return [1, 1];
    if (operation === "TransactWriteItems") {
      let items = 0;
      let units = 0;
      for (const i of (input.TransactItems as Record<
        string,
        { Item?: unknown; TableName?: string }
      >[]) ?? []) {
        if (!("ConditionCheck" in i)) items++;
        units += 2 * ("Put" in i ? unitsOf(i.Put?.Item, gsiKeysOf(String(i.Put?.TableName))) : 1);
      }
      return [items, units];
    }
    if (operation === "BatchWriteItem") {
      const req =
        (input.RequestItems as Record<string, { PutRequest?: { Item?: unknown } }[]>) ?? {};
      let units = 0;
      let items = 0;
      for (const [t, list] of Object.entries(req)) {
        items += list.length;
        for (const r of list) units += unitsOf(r.PutRequest?.Item, gsiKeysOf(t));
      }
      return [items, units];
    }
    return [0, 0];
  }

  return {
    record(operation, request, response) {
      const name = `${operation}Command`;
      usage.calls[name] = (usage.calls[name] ?? 0) + 1;
      const [items, units] = writesOf(operation, request);
      usage.itemWrites += items;
      usage.writeUnits += units;
      if (items === 0) {
        const c = response?.ConsumedCapacity as Capacity | Capacity[] | undefined;
        for (const x of Array.isArray(c) ? c : c ? [c] : []) {
          usage.readUnits += x.ReadCapacityUnits ?? x.CapacityUnits ?? 0;
        }
      }
    },
    current: () => ({ ...usage, calls: { ...usage.calls } }),
    reset() {
      usage = { calls: {}, itemWrites: 0, writeUnits: 0, readUnits: 0 };
    },
  };
}
