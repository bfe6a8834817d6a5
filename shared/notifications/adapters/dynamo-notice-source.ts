import { queryAuditEvents } from "../../audit/adapters/dynamo-audit-store.ts";
import type { AuditEvent } from "../../audit/domain/chain.ts";
import type { NoticeSource } from "../ports.ts";

/** Bounded work per run: at most this many pages of each type. */
const MAX_PAGES = 20;

/** The notices' events from the AuditTable's `byType` index (a Query per type, never a scan). */
export const dynamoNoticeSource: NoticeSource = {
  async eventsOfTypes(types, from, to) {
    const out: AuditEvent[] = [];
    for (const type of types) {
      let cursor: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await queryAuditEvents(
          { by: "type", type },
          { from, to, limit: 100, order: "asc", ...(cursor ? { cursor } : {}) },
        );
        out.push(...page.events);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  },
};
