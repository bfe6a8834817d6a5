/** In-memory AuditLog: streams chained on their last event, appended with staged writes. */
import { appendEvent } from "../../../shared/audit/domain/chain.ts";
import type { AuditLog } from "../../../shared/audit/ports.ts";
import { WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";
import { asMemoryWrites, type MemoryDb, memoryWrite } from "./db.ts";

export function memoryAuditLog(db: MemoryDb): AuditLog {
  return {
    async append(stream, facts, tx, scope, extra = []) {
      const last = db.events(stream).at(-1);
      const event = appendEvent(
        last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: "" },
        facts,
        {
          stream,
          at: tx.at,
          actor: { id: tx.actor.id, role: tx.actor.role, unitId: tx.actor.unitId },
          channel: tx.channel,
          scope,
        },
      );
      const own = memoryWrite(
        (d) => d.append(event),
        (d) => !d.events(stream).some((e) => e.seq === event.seq),
      );
      try {
        db.transact([own, ...asMemoryWrites(extra)]);
      } catch (err) {
        if (!(err instanceof WriteConditionsFailed)) throw err;
        throw new WriteConditionsFailed(err.failed.filter((i) => i > 0).map((i) => i - 1));
      }
      return event;
    },
  };
}
