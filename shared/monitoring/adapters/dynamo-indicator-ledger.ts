/**
 * The counters in the DataTable (keys: shared/tables/data-table.ts, aggregateCell and
 * aggregateNow). Each cell item holds every counter of one place in one slot of a year, as
 * numeric attributes `c.<counter>`; a fact's deltas become one `ADD` update per cell it touches,
 * staged into the fact's own transaction.
 *
 * Why two ADDs per slot (the commune's cell and its province's total) and no national total:
 * - DynamoDB's transaction limit is 100 items. A fact touches at most 3 slots (quarter, half,
 *   year) × 2 cells, plus 2 running totals for span measures: 8 items beside the fact's own 2-5.
 *   A registry import chunk merges the deltas of its rows per cell first, so its count of cell
 *   items is bounded by the places and periods it touches, not by its rows.
 * - Hot items: a national total would take every write in the country, and concurrent
 *   transactions on one item cancel each other (TransactionConflict, retried by transact(), a
 *   503 when retries run out). A province's total takes only its province's writes (about 1/34
 *   of them). The national value is the sum of the 34 province totals, which the national
 *   dashboard reads anyway to show the provinces: one more item, no hot item.
 * - A periodic roll-up job would avoid even the province item, at the price of figures that lag
 *   and a job that must be resumable and idempotent; at this programme's rates (a few facts a
 *   minute per province, at peak a few a second nationally) the transactional ADD is cheaper and
 *   always exact.
 */
import { GetCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { dataKeys, dataPartitions } from "../../tables/data-table.ts";
import { type CellKey, cellIncrements } from "../domain/cells.ts";
import type { AggregateReader, CellRow, IndicatorLedger, NowRow } from "../ports.ts";

const COUNTER = "c.";

function keyOf(k: CellKey) {
  return k.kind === "cell"
    ? dataKeys.aggregateCell(k.parentId, k.year, k.slot, k.placeId)
    : dataKeys.aggregateNow(k.parentId, k.placeId);
}

/** One `SET` of the cell's identity and one `ADD` per counter. */
export function cellUpdate(tableName: string, key: CellKey, adds: Record<string, number>): TxItem {
  const names: Record<string, string> = { "#pl": "placeId", "#pa": "parentId" };
  const values: Record<string, unknown> = { ":pl": key.placeId, ":pa": key.parentId };
  const set = ["#pl = :pl", "#pa = :pa"];
  if (key.kind === "cell") {
    names["#yr"] = "year";
    names["#sl"] = "slot";
    values[":yr"] = key.year;
    values[":sl"] = key.slot;
    set.push("#yr = :yr", "#sl = :sl");
  }
  const add = Object.entries(adds).map(([counter, amount], i) => {
    names[`#c${i}`] = `${COUNTER}${counter}`;
    values[`:c${i}`] = amount;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: keyOf(key),
      UpdateExpression: `SET ${set.join(", ")} ADD ${add.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export const dynamoIndicatorLedger: IndicatorLedger = {
  stage(deltas) {
    return cellIncrements(deltas).map((c) =>
      pendingWrite(cellUpdate(config.tableName, c.key, c.adds)),
    );
  },
};

function countersOf(item: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(item))
    if (k.startsWith(COUNTER) && typeof v === "number") out[k.slice(COUNTER.length)] = v;
  return out;
}

const cellRow = (i: Record<string, unknown>): CellRow => ({
  placeId: String(i.placeId),
  year: Number(i.year),
  slot: String(i.slot),
  counters: countersOf(i),
});

async function queryAll(pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: skPrefix ? "pk = :pk AND begins_with(sk, :p)" : "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk, ...(skPrefix ? { ":p": skPrefix } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Reads cells by partition (a place's children) or by key (one place); never a Scan. */
export const dynamoAggregateReader: AggregateReader = {
  async children(parentId, year, slots) {
    const pk = dataPartitions.aggregateCells(parentId, year);
    const pages = await Promise.all(slots.map((s) => queryAll(pk, `${s}#`)));
    return pages.flat().map(cellRow);
  },
  async childrenNow(parentId) {
    return (await queryAll(dataPartitions.aggregateNow(parentId))).map(
      (i): NowRow => ({ placeId: String(i.placeId), counters: countersOf(i) }),
    );
  },
  // GetItem per slot, a few at a time: a place reads a handful of slots (the period, the years
  // before it), and the read grant holds GetItem and Query only (no BatchGetItem).
  async cells(parentId, placeId, slots) {
    const out: CellRow[] = [];
    for (let i = 0; i < slots.length; i += 16) {
      const items = await Promise.all(
        slots.slice(i, i + 16).map(async (s) => {
          const res = await doc.send(
            new GetCommand({
              TableName: config.tableName,
              Key: dataKeys.aggregateCell(parentId, s.year, s.slot, placeId),
            }),
          );
          return res.Item;
        }),
      );
      for (const item of items) if (item) out.push(cellRow(item));
    }
    return out;
  },
  async now(parentId, placeId) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.aggregateNow(parentId, placeId),
      }),
    );
    return res.Item ? { placeId, counters: countersOf(res.Item) } : undefined;
  },
};
