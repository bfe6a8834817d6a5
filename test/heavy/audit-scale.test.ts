import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBulkAuditEvents } from "../support/audit-bulk.ts";
import { AUDIT_TABLE, dynamoCounts, dynamoOf } from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { U } from "../support/proposals.ts";

/**
 * Audit events loaded straight into DynamoDB Local (BatchWriteItem, 25 per batch, several
 * batches in flight); an auditor's page of 50 and the next page by cursor must be served by
 * Query alone, counted by the stack's DynamoDB operation counter. On two cores DynamoDB Local
 * loads 100,000 events in about 40 s alone (70 s beside other tests); `npm test` loads the
 * full 100,000 (AUDIT_SCALE_EVENTS=20000 makes a quicker local run).
 */
const TOTAL = Number(process.env.AUDIT_SCALE_EVENTS ?? 100_000);
const STREAMS = 2_000;
const PARALLEL = Number(process.env.AUDIT_SCALE_PARALLEL ?? 16);
let stack: StackHandle;

const SHAPE = { streams: STREAMS, stepMs: 60_000, t0: Date.UTC(2025, 0, 1) };

beforeAll(async () => {
  stack = await startStack({
    env: { LOCAL_IN_MEMORY: process.env.AUDIT_SCALE_ON_DISK ? "0" : "1" },
  });
  const ddb = dynamoOf(stack);
  const started = Date.now();
  await loadBulkAuditEvents(ddb, AUDIT_TABLE, { from: 0, to: TOTAL }, SHAPE, PARALLEL);
  const loadMs = Date.now() - started;
  ddb.destroy();
  process.stdout.write(
    `audit-scale: loaded ${TOTAL} events in ${loadMs} ms (${PARALLEL} batches in flight)\n`,
  );
}, 600_000);
afterAll(async () => {
  await stack?.dispose();
});

interface Page {
  events: { stream: string; seq: number; at: string; type: string }[];
  nextCursor?: string;
}

describe("GIVEN 100,000 audit events", () => {
  it.each([
    ["provinceId=P-LC", "the province"],
    [
      "reviewUnitId=RU-BX&from=2025-01-03T00:00:00Z&to=2025-01-10T00:00:00Z",
      "a reviewing unit and a week",
    ],
    ["type=review.approved", "an event type"],
    ["actorId=officer-5&order=desc", "an actor, newest first"],
  ])(
    "WHEN an auditor asks for %s (%s) THEN a page of 50 and the next page come from Query, never Scan",
    async (q) => {
      // The counts are the stack's: a scheduled run (the sweep) firing meanwhile adds its own
      // operations, so a measurement during which a schedule fired is taken again.
      const dueTimes = async () =>
        JSON.stringify(
          (await stack.api<{ schedules: unknown }>("GET", "/_local/health")).json.schedules,
        );
      const measure = async () => {
        const due = await dueTimes();
        await dynamoCounts(stack, true);
        const first = await stack.api<Page>("GET", `/v1/audit/events?${q}&limit=50`, {
          token: U.auditor,
        });
        expect(first.status, first.text).toBe(200);
        expect(first.json.events).toHaveLength(50);
        expect(first.json.nextCursor).toBeDefined();
        const second = await stack.api<Page>(
          "GET",
          `/v1/audit/events?${q}&limit=50&cursor=${first.json.nextCursor}`,
          { token: U.auditor },
        );
        expect(second.status, second.text).toBe(200);
        expect(second.json.events).toHaveLength(50);
        const counts = await dynamoCounts(stack);
        return { first, second, counts, quiet: (await dueTimes()) === due };
      };
      let m = await measure();
      for (let attempt = 0; !m.quiet && attempt < 3; attempt++) m = await measure();
      expect(m.quiet, "a schedule fired during every measurement").toBe(true);
      const { first, second, counts } = m;
      expect(counts.ScanCommand ?? 0).toBe(0);
      expect(counts.QueryCommand).toBeGreaterThanOrEqual(2);
      // Two pages, a handful of operations: a directory lookup at most besides one Query each.
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total, JSON.stringify(counts)).toBeLessThanOrEqual(6);
      const all = [...first.json.events, ...second.json.events];
      expect(new Set(all.map((e) => `${e.stream}/${e.seq}`)).size).toBe(100);
      const times = all.map((e) => e.at);
      const sorted = q.includes("order=desc") ? [...times].sort().reverse() : [...times].sort();
      expect(times).toEqual(sorted);
    },
  );
});
