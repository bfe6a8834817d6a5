/**
 * What the functions' DynamoDB traffic costs as DynamoDB bills it, counted by the gateway:
 * items written and read, and the write and read request units. Benchmarks read it through
 * GET /_local/faults/usage to price a lifecycle from counted operations. DynamoDB Local's own
 * ConsumedCapacity for writes leaves out index writes and overstates transactions, so write
 * units are sized from the items instead; reads are what DynamoDB Local reports.
 *
 * Write units follow DynamoDB's documented billing:
 * - Item size (developerguide/CapacityUnitCalculations.html): the sum of the UTF-8 lengths of
 *   the attribute names and values; a number is about 1 byte per 2 significant digits + 1; a
 *   binary its raw bytes; a Boolean or null 1 byte; a list or map 3 bytes + 1 per element +
 *   its elements (a map's elements with their names). Not the JSON of the wire format.
 * - A standard write costs 1 unit per KB of the item, rounded up per item
 *   (developerguide/read-write-operations.html); PutItem and UpdateItem are sized on the
 *   larger of the item before and after, DeleteItem on the item deleted.
 * - A transactional write costs twice that (developerguide/transaction-apis.html, "Capacity
 *   management": a prepare and a commit), a ConditionCheck included (it is charged on the item
 *   it read). Index writes propagate after the commit (same page) and cost what they cost
 *   outside one: the documentation does not say so in words; it is what ReturnConsumedCapacity
 *   reports on DynamoDB, as measured in nubo-db/dynoxide (CHANGELOG, #178).
 * - Each GSI costs on its own (developerguide/GSI.html, "Provisioned throughput
 *   considerations"), sized by the index entry (its projected attributes and the keys): one
 *   write to put an item that enters the index, one to delete an entry that leaves it, two
 *   when an index key changes, one when only projected attributes change, none when the item is
 *   not in the index before or after or nothing the index holds changed. An item is in an
 *   index only if it has every key attribute of that index (sparse indexes).
 * - A PutItem, UpdateItem or DeleteItem refused by its condition still consumes write units, by
 *   the size of the existing item, at least 1 (developerguide/WorkingWithItems.html,
 *   "Conditional writes"); a cancelled transaction is not counted.
 *
 * Sizing updates and deletes needs the item before and after the write. The counter keeps, per
 * item written through the gateway, its size and what each index holds of it (not the item);
 * an UpdateItem's new image comes with its answer (the gateway asks ALL_NEW for the functions),
 * a transaction's updated items are read afterwards, off the functions' path. An item the
 * counter has not seen written (demo data) counts as absent before the write.
 */
import { crc32 } from "node:zlib";

export interface DynamoUsage {
  /** Successful calls by command name ("PutItemCommand"). */
  calls: Record<string, number>;
  /**
   * The same by the calling function's role ("WebProposalActionRole…" → "GetItemCommand" → n),
   * so that a request's round trips can be read function by function.
   */
  callsByRole: Record<string, Record<string, number>>;
  /** Items written: puts, updates, deletes, and each element of a TransactWriteItems. */
  itemWrites: number;
  /** Write request units as on-demand DynamoDB bills them (see above). */
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
/** An item in DynamoDB's wire format: name → AttributeValue ({ S: "x" }, { N: "1" }, …). */
export type WireItem = Record<string, unknown>;

/** What the counter needs to know of a table: its key and its GSIs' keys and projections. */
export interface TableShape {
  keys: readonly string[];
  indexes: readonly {
    name: string;
    keys: readonly string[];
    projection: "ALL" | "KEYS_ONLY" | "INCLUDE";
    nonKeyAttributes?: readonly string[];
  }[];
}

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * Bytes of a number: 1, plus 1 per 2 significant digits (leading and trailing zeros trimmed),
 * the digits before and after the decimal point rounded up apart (the documentation's
 * "approximately" made exact as measured against DynamoDB, nubo-db/dynoxide CHANGELOG #187).
 */
export function numberSize(n: string): number {
  const text = n.trim().replace(/^[-+]/, "").toLowerCase();
  if (text.includes("e")) {
    const digits = text
      .split("e")[0]
      ?.replace(/[^0-9]/g, "")
      .replace(/^0+/, "")
      .replace(/0+$/, "");
    return 1 + Math.ceil((digits?.length ?? 0) / 2);
  }
  const [whole = "", fraction = ""] = text.split(".");
  let int = whole.replace(/^0+/, "");
  let frac = fraction.replace(/0+$/, "");
  if (int === "") frac = frac.replace(/^0+/, "");
  if (frac === "") int = int.replace(/0+$/, "");
  return 1 + Math.ceil(int.length / 2) + Math.ceil(frac.length / 2);
}

/** Bytes of one attribute value (without its name). */
export function valueSize(value: unknown): number {
  if (!value || typeof value !== "object") return 0;
  const v = value as Record<string, unknown>;
  if (typeof v.S === "string") return utf8(v.S);
  if (typeof v.N === "string") return numberSize(v.N);
  if (typeof v.B === "string") return Buffer.from(v.B, "base64").length;
  if ("BOOL" in v || "NULL" in v) return 1;
  if (Array.isArray(v.SS)) return (v.SS as string[]).reduce((n, s) => n + utf8(s), 0);
  if (Array.isArray(v.NS)) return (v.NS as string[]).reduce((n, s) => n + numberSize(s), 0);
  if (Array.isArray(v.BS))
    return (v.BS as string[]).reduce((n, s) => n + Buffer.from(s, "base64").length, 0);
  if (Array.isArray(v.L))
    return 3 + (v.L as unknown[]).reduce<number>((n, e) => n + 1 + valueSize(e), 0);
  if (v.M && typeof v.M === "object")
    return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + utf8(k) + valueSize(e), 0);
  return 0;
}

/** Bytes of an item: its attribute names and values. */
export function itemSize(item: WireItem): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += utf8(k) + valueSize(v);
  return n;
}

/** Write units of `bytes`: 1 per KB, rounded up, at least 1. */
export const writeUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

interface IndexEntry {
  /** The entry's index key values (JSON). */
  key: string;
  size: number;
  /** CRC32 of what the entry holds, to tell a change of projected attributes. */
  digest: number;
}

/** What the counter keeps of an item: its size and its entry in each index (or none). */
export interface ItemImage {
  size: number;
  entries: (IndexEntry | undefined)[];
}

function pick(item: WireItem, names: Iterable<string>): WireItem {
  const out: WireItem = {};
  for (const n of names) if (n in item) out[n] = item[n];
  return out;
}

function canonical(item: WireItem): string {
  return JSON.stringify(
    Object.keys(item)
      .sort()
      .map((k) => [k, item[k]]),
  );
}

export function imageOf(item: WireItem, shape: TableShape): ItemImage {
  const size = itemSize(item);
  // Every index projecting ALL holds the whole item: its digest is computed once.
  let whole: number | undefined;
  const digestOf = (held: WireItem): number => {
    if (held !== item) return crc32(canonical(held));
    if (whole === undefined) whole = crc32(canonical(item));
    return whole;
  };
  return {
    size,
    entries: shape.indexes.map((ix) => {
      if (!ix.keys.every((k) => k in item)) return undefined;
      const held =
        ix.projection === "ALL"
          ? item
          : pick(item, [
              ...shape.keys,
              ...ix.keys,
              ...(ix.projection === "INCLUDE" ? (ix.nonKeyAttributes ?? []) : []),
            ]);
      return {
        key: canonical(pick(item, ix.keys)),
        size: held === item ? size : itemSize(held),
        digest: digestOf(held),
      };
    }),
  };
}

/** Index write units of a change from `before` to `after` (either absent). */
export function indexUnits(before: ItemImage | undefined, after: ItemImage | undefined): number {
  const n = Math.max(before?.entries.length ?? 0, after?.entries.length ?? 0);
  let units = 0;
  for (let i = 0; i < n; i++) {
    const b = before?.entries[i];
    const a = after?.entries[i];
    if (!a && !b) continue;
    if (!b && a) units += writeUnitsOf(a.size);
    else if (b && !a) units += writeUnitsOf(b.size);
    else if (a && b && a.key !== b.key) units += writeUnitsOf(b.size) + writeUnitsOf(a.size);
    else if (a && b && a.digest !== b.digest) units += writeUnitsOf(Math.max(a.size, b.size));
  }
  return units;
}

/** Reads the items at `keys` of `table` as they are now (undefined: no such item). */
export type ReadItems = (table: string, keys: WireItem[]) => Promise<(WireItem | undefined)[]>;

export interface UsageCounter {
  /** Records one successful call; `response` is the parsed answer (capacity, new images). */
  record(operation: string, request: Body, response: Body | undefined, role?: string): void;
  /**
   * Records a single-item write refused by its condition (ConditionalCheckFailedException):
   * DynamoDB still consumes write capacity, by the size of the existing item (at least 1).
   */
  recordConditionFailure(operation: string, request: Body): void;
  /** Resolves once every write recorded so far is counted (some wait for their new images). */
  settled(): Promise<void>;
  current(): DynamoUsage;
  reset(): void;
}

type Kind = "put" | "update" | "delete" | "check";
interface Write {
  table: string;
  kind: Kind;
  key: WireItem;
  /** The item after the write, when the request or the answer says it. */
  after?: WireItem;
  transactional: boolean;
}

const tableName = (t: unknown) =>
  String(t ?? "")
    .split("/")
    .pop() ?? "";

/**
 * `shapeOf(table)`: the table's key and indexes. `read`: reads items as they are now (for a
 * transaction's updates, whose new images no answer carries); without it they count as sized
 * by the item before.
 */
export function createUsageCounter(
  shapeOf: (table: string) => TableShape,
  read?: ReadItems,
): UsageCounter {
  let usage: DynamoUsage = {
    calls: {},
    callsByRole: {},
    itemWrites: 0,
    writeUnits: 0,
    readUnits: 0,
  };
  const images = new Map<string, ItemImage>();
  const pending = new Set<Promise<void>>();

  const keyOf = (table: string, item: WireItem) =>
    `${table}\u0000${canonical(pick(item, shapeOf(table).keys))}`;

  /** Units of one write, and the item's image after it. */
  function cost(w: Write, after: WireItem | undefined): number {
    const id = keyOf(w.table, w.key);
    const before = images.get(id);
    const next =
      w.kind === "delete" ? undefined : after ? imageOf(after, shapeOf(w.table)) : before;
    if (w.kind === "delete") images.delete(id);
    else if (next) images.set(id, next);
    const table = writeUnitsOf(Math.max(before?.size ?? 0, next?.size ?? 0));
    const indexes = w.kind === "check" ? 0 : indexUnits(before, next);
    return (w.transactional ? 2 : 1) * table + indexes;
  }

  function writesOf(operation: string, input: Body, output: Body | undefined): Write[] {
    const table = tableName(input.TableName);
    if (operation === "PutItem") {
      const item = (input.Item ?? {}) as WireItem;
      return [{ table, kind: "put", key: item, after: item, transactional: false }];
    }
    if (operation === "UpdateItem") {
      const returned = input.ReturnValues === "ALL_NEW" ? output?.Attributes : undefined;
      return [
        {
          table,
          kind: "update",
          key: (input.Key ?? {}) as WireItem,
          ...(returned ? { after: returned as WireItem } : {}),
          transactional: false,
        },
      ];
    }
    if (operation === "DeleteItem")
      return [{ table, kind: "delete", key: (input.Key ?? {}) as WireItem, transactional: false }];
    if (operation === "TransactWriteItems") {
      const out: Write[] = [];
      for (const element of (input.TransactItems as Record<string, Body>[] | undefined) ?? []) {
        const [action, body] = Object.entries(element)[0] ?? [];
        if (!action || !body) continue;
        const t = tableName(body.TableName);
        if (action === "Put") {
          const item = (body.Item ?? {}) as WireItem;
          out.push({ table: t, kind: "put", key: item, after: item, transactional: true });
        } else {
          const kind: Kind =
            action === "Update" ? "update" : action === "Delete" ? "delete" : "check";
          out.push({ table: t, kind, key: (body.Key ?? {}) as WireItem, transactional: true });
        }
      }
      return out;
    }
    if (operation === "BatchWriteItem") {
      const out: Write[] = [];
      const req =
        (input.RequestItems as Record<
          string,
          { PutRequest?: { Item?: WireItem }; DeleteRequest?: { Key?: WireItem } }[]
        >) ?? {};
      for (const [t, list] of Object.entries(req)) {
        for (const r of list) {
          if (r.PutRequest?.Item) {
            const item = r.PutRequest.Item;
            out.push({ table: t, kind: "put", key: item, after: item, transactional: false });
          } else if (r.DeleteRequest?.Key) {
            out.push({ table: t, kind: "delete", key: r.DeleteRequest.Key, transactional: false });
          }
        }
      }
      return out;
    }
    return [];
  }

  function count(writes: Write[]): void {
    const waiting = writes.filter((w) => w.kind === "update" && !w.after);
    if (waiting.length === 0 || !read) {
      for (const w of writes) usage.writeUnits += cost(w, w.after);
      return;
    }
    // Updates whose new image the answer did not carry: read them, then count the whole call
    // (in order, so that its other writes are not counted before the reads come back).
    const byTable = new Map<string, Write[]>();
    for (const w of waiting) byTable.set(w.table, [...(byTable.get(w.table) ?? []), w]);
    const counted = usage;
    const job = Promise.all(
      [...byTable].map(async ([t, ws]) => {
        const items = await read(
          t,
          ws.map((w) => w.key),
        ).catch(() => ws.map(() => undefined));
        ws.forEach((w, i) => {
          const item = items[i];
          if (item) w.after = item;
        });
      }),
    ).then(() => {
      let units = 0;
      for (const w of writes) units += cost(w, w.after);
      counted.writeUnits += units;
    });
    pending.add(job);
    void job.finally(() => pending.delete(job));
  }

  return {
    record(operation, request, response, role) {
      const name = `${operation}Command`;
      usage.calls[name] = (usage.calls[name] ?? 0) + 1;
      if (role) {
        const byRole = usage.callsByRole[role] ?? {};
        byRole[name] = (byRole[name] ?? 0) + 1;
        usage.callsByRole[role] = byRole;
      }
      const writes = writesOf(operation, request, response);
      usage.itemWrites += writes.filter((w) => w.kind !== "check").length;
      if (writes.length > 0) {
        count(writes);
        return;
      }
      const c = response?.ConsumedCapacity as Capacity | Capacity[] | undefined;
      for (const x of Array.isArray(c) ? c : c ? [c] : []) {
        usage.readUnits += x.ReadCapacityUnits ?? x.CapacityUnits ?? 0;
      }
    },
    recordConditionFailure(operation, request) {
      if (!["PutItem", "UpdateItem", "DeleteItem"].includes(operation)) return;
      const table = tableName(request.TableName);
      const key = (operation === "PutItem" ? request.Item : request.Key) as WireItem | undefined;
      const existing = key ? images.get(keyOf(table, key)) : undefined;
      usage.writeUnits += writeUnitsOf(existing?.size ?? 0);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    current: () => ({
      ...usage,
      calls: { ...usage.calls },
      callsByRole: Object.fromEntries(
        Object.entries(usage.callsByRole).map(([r, c]) => [r, { ...c }]),
      ),
    }),
    reset() {
      usage = { calls: {}, callsByRole: {}, itemWrites: 0, writeUnits: 0, readUnits: 0 };
    },
  };
}
