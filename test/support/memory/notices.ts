/** In-memory notice log and a notice source over the in-memory proposals' audit history. */
import type { AuditEvent } from "../../../shared/audit/domain/chain.ts";
import type { NoticeLog, NoticeSource } from "../../../shared/notifications/ports.ts";
import type { ProposalStore } from "../../../shared/proposals/ports.ts";

export function memoryNoticeLog(): NoticeLog & { claimed: Set<string> } {
  const claimed = new Set<string>();
  let last: string | undefined;
  return {
    claimed,
    async claim(key) {
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
    async release(key) {
      claimed.delete(key);
    },
    async lastRun() {
      return last;
    },
    async setLastRun(at) {
      last = at;
    },
  };
}

/** The events of the given proposals, as the AuditTable's byType index would answer. */
export function memoryNoticeSource(
  proposals: Pick<ProposalStore, "history">,
  ids: () => readonly string[],
): NoticeSource {
  return {
    async eventsOfTypes(types, from, to) {
      const all: AuditEvent[] = [];
      for (const id of ids()) all.push(...(await proposals.history(id)));
      return all
        .filter((e) => types.includes(e.type) && e.at >= from && e.at < to)
        .sort((a, b) => a.at.localeCompare(b.at));
    },
  };
}
