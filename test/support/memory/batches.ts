/** In-memory BatchStore: the batch and its event committed together, conditioned on the version. */
import { randomUUID } from "node:crypto";
import type { Batch } from "../../../shared/batches/domain/batch.ts";
import type { BatchStore } from "../../../shared/batches/ports.ts";
import { ConflictError, StaleVersionError } from "../../../shared/kernel/errors.ts";
import { WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";
import { auditStreams } from "../../../shared/tables/audit-table.ts";
import { memoryAuditLog } from "./audit.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

const key = (id: string) => `batch#${id}`;

export function memoryBatchStore(db: MemoryDb): BatchStore {
  const audit = memoryAuditLog(db);
  const find = async (id: string) => structuredClone(db.get<Batch>(key(id)));
  return {
    newId: () => `B-${randomUUID()}`,
    find,
    async save(before, change, tx) {
      const b = change.next;
      const put = memoryWrite(
        (d) => d.put(key(b.id), structuredClone(b)),
        (d) => d.get<Batch>(key(b.id))?.version === before?.version,
      );
      try {
        await audit.append(
          auditStreams.batch(b.id),
          change.event,
          tx,
          {
            communeId: b.communeId,
            reviewUnitId: b.reviewUnitId,
            provinceId: b.provinceId,
          },
          [put],
        );
      } catch (err) {
        if (!(err instanceof WriteConditionsFailed)) throw err;
        if (!before) throw new ConflictError(`batch ${b.id} already exists`);
        const now = await find(b.id);
        throw new StaleVersionError(`batch ${b.id} changed meanwhile`, now?.version ?? 0);
      }
      return b;
    },
    async history(id) {
      return db.events(auditStreams.batch(id));
    },
    async ofCommune(communeId) {
      const batches = db
        .keys("batch#")
        .map((k) => db.get<Batch>(k) as Batch)
        .filter((b) => b.communeId === communeId)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { batches };
    },
  };
}
