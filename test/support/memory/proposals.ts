/** In-memory ProposalStore: the same contract as the DynamoDB adapter, for fast use-case tests. */
import { appendEvent } from "../../../shared/audit/domain/chain.ts";
import { ConflictError, StaleVersionError } from "../../../shared/kernel/errors.ts";
import { WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";
import type { Change } from "../../../shared/proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { watchChangeOf } from "../../../shared/proposals/domain/workflow-issues.ts";
import type { PageRequest, ProposalPage, ProposalStore } from "../../../shared/proposals/ports.ts";
import { asMemoryWrites, type MemoryDb, memoryWrite } from "./db.ts";

const key = (id: string) => `proposal#${id}`;

function page(all: Proposal[], req: PageRequest): ProposalPage {
  const start = req.cursor ? Number(req.cursor) : 0;
  const slice = all.slice(start, start + req.limit);
  const next = start + req.limit < all.length ? String(start + req.limit) : undefined;
  return { proposals: slice, ...(next ? { cursor: next } : {}) };
}

function staged(before: Proposal | null, change: Change, ctx: TransitionContext) {
  const head = { seq: before?.auditSeq ?? 0, hash: before?.auditHash ?? "" };
  const event = appendEvent(head, change.event, {
    stream: `P#${change.next.id}`,
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope: {
      provinceId: change.next.provinceId,
      reviewUnitId: change.next.reviewUnitId,
      communeId: change.next.communeId,
    },
  });
  const proposal: Proposal = { ...change.next, auditSeq: event.seq, auditHash: event.hash };
  const watch = watchChangeOf(before, proposal, ctx.at);
  const own = memoryWrite(
    (d) => {
      d.put(key(proposal.id), proposal);
      d.append(event);
      const wk = `watch#${proposal.id}`;
      if (watch.kind === "remove") d.records.delete(wk);
      else if (watch.kind === "add") d.put(wk, watch.entry);
      else if (watch.kind === "status") {
        const w = d.get<Record<string, unknown>>(wk);
        if (w) d.put(wk, { ...w, status: watch.status, since: watch.since });
      }
    },
    (d) => {
      const now = d.get<Proposal>(key(proposal.id));
      return before
        ? now?.version === before.version && now.status === before.status
        : now === undefined;
    },
  );
  return { proposal, event, own };
}

export function memoryProposalStore(db: MemoryDb): ProposalStore {
  let ids = 0;
  const refs = new Map<number, number>();
  const all = () => db.keys("proposal#").map((k) => db.get<Proposal>(k) as Proposal);
  return {
    newId: () => `p-${String(++ids).padStart(4, "0")}`,
    async nextReference(year) {
      const n = (refs.get(year) ?? 0) + 1;
      refs.set(year, n);
      return `P8-${year}-${String(n).padStart(6, "0")}`;
    },
    async find(id) {
      return db.get<Proposal>(key(id));
    },
    stage(before, change, ctx) {
      const { proposal, event, own } = staged(before, change, ctx);
      return { proposal, event, writes: [own] };
    },
    async save(before, change, ctx, extra = []) {
      const { proposal, event, own } = staged(before, change, ctx);
      try {
        db.transact([own, ...asMemoryWrites(extra)]);
      } catch (err) {
        if (!(err instanceof WriteConditionsFailed)) throw err;
        if (err.failed.includes(0)) {
          if (!before) throw new ConflictError(`proposal ${proposal.id} already exists`);
          const now = db.get<Proposal>(key(before.id));
          throw new StaleVersionError(`proposal ${before.id} changed meanwhile`, now?.version ?? 0);
        }
        throw new WriteConditionsFailed(err.failed.map((i) => i - 1));
      }
      return { proposal, event };
    },
    async history(id) {
      return db.events(`P#${id}`);
    },
    async ofCommune(communeId, status, req) {
      const rows = all()
        .filter((p) => p.communeId === communeId && (!status || p.status === status))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return page(rows, req);
    },
    async inProvince(provinceId, status, req) {
      const rows = all()
        .filter((p) => p.provinceId === provinceId && p.status === status)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return page(rows, req);
    },
  };
}
