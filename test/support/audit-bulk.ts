import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Synthetic audit events loaded straight into DynamoDB Local, for the audit scale test and the
 * audit benchmark. Event n belongs to stream n mod `streams` and happens at t0 + n × stepMs.
 * Every event is in the province and has a type; one in five also carries a reviewing unit, a
 * commune and an actor, which keeps the index writes (and so the load) small.
 */
export interface BulkShape {
  streams: number;
  stepMs: number;
  t0: number;
}

const TYPES = [
  "proposal.created",
  "proposal.submitted",
  "review.approved",
  "disbursement.recorded",
  "report.filed",
];

export function bulkAuditEvent(n: number, shape: BulkShape): Record<string, unknown> {
  const stream = `P#bulk-${String(n % shape.streams).padStart(6, "0")}`;
  const seq = Math.floor(n / shape.streams) + 1;
  const at = new Date(shape.t0 + n * shape.stepMs).toISOString();
  const sk = String(seq).padStart(8, "0");
  return {
    pk: stream,
    sk,
    atId: `${at}#${stream}#${sk}`,
    stream,
    seq,
    type: TYPES[n % TYPES.length],
    at,
    actorRole: "commune_officer",
    channel: "api",
    from: "DRAFT",
    to: "IN_REVIEW",
    provinceId: "P-LC",
    ...(n % 5 === 0
      ? { reviewUnitId: "RU-BX", communeId: "C-BATXAT", actorId: `officer-${n % 37}` }
      : { actorId: "system" }),
    prevHash: "",
    hash: "0".repeat(64),
  };
}

/** Writes events [from, to) with BatchWriteItem, 25 per batch, `parallel` batches in flight. */
export async function loadBulkAuditEvents(
  ddb: DynamoDBDocumentClient,
  table: string,
  range: { from: number; to: number },
  shape: BulkShape,
  parallel: number,
): Promise<void> {
  let next = range.from;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < range.to) {
        const from = next;
        next += 25;
        let pending: { PutRequest: { Item: Record<string, unknown> } }[] = [];
        for (let n = from; n < Math.min(from + 25, range.to); n++) {
          pending.push({ PutRequest: { Item: bulkAuditEvent(n, shape) } });
        }
        while (pending.length > 0) {
          const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    }),
  );
}
