import { batchAmount, countsOf } from "./domain/batch.ts";
import type { BatchRead } from "./use-cases/read-batch.ts";

/** The public shape of a batch: the record without what members asked, each member as it is now. */
export function batchView(r: BatchRead) {
  const b = r.batch;
  return {
    id: b.id,
    activity: b.activity,
    title: b.title,
    ...(b.period ? { period: b.period } : {}),
    communeId: b.communeId,
    reviewUnitId: b.reviewUnitId,
    provinceId: b.provinceId,
    status: b.status,
    progress: r.progress,
    version: b.version,
    amount: batchAmount(b.members),
    counts: countsOf(r.members),
    members: r.members,
    createdAt: b.createdAt,
    createdBy: b.createdBy,
    ...(b.submittedAt ? { submittedAt: b.submittedAt } : {}),
  };
}
