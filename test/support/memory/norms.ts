/** In-memory norm sets (shipped + published, with their audit stream), usage rows and check results. */
import { appendEvent } from "../../../shared/audit/domain/chain.ts";
import { ConflictError } from "../../../shared/kernel/errors.ts";
import {
  type NormSet,
  type NormSetDraftRecord,
  SHIPPED_NORM_SETS,
  type UsageEntry,
} from "../../../shared/norms/domain/index.ts";
import type {
  BeneficiaryRef,
  NormCheckLog,
  NormSetDrafts,
  NormSetStore,
  NormUsageStore,
} from "../../../shared/norms/ports.ts";
import type { AuditFacts } from "../../../shared/proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

const setKey = (id: string, v: number) => `normset#${id}#${String(v).padStart(4, "0")}`;
const usageKey = (b: BeneficiaryRef, key: string) => `usage#${b.kind}#${b.id}#${key}`;
const usagePrefix = (b: BeneficiaryRef) => `usage#${b.kind}#${b.id}#`;

interface Row {
  reserved: number;
  holds: Record<string, number>;
}

function merge(stored: NormSet[]): NormSet[] {
  const byKey = new Map<string, NormSet>();
  for (const s of [...SHIPPED_NORM_SETS, ...stored]) byKey.set(`${s.id}#${s.version}`, s);
  return [...byKey.values()].sort(
    (a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom) ||
      a.id.localeCompare(b.id) ||
      a.version - b.version,
  );
}

export function memoryNormSets(db: MemoryDb): NormSetStore {
  const stored = () => db.keys("normset#").map((k) => db.get<NormSet>(k) as NormSet);
  return {
    async list() {
      return merge(stored());
    },
    async versions(id) {
      return merge(stored()).filter((s) => s.id === id);
    },
    async publish(set, facts, ctx) {
      const stream = `NS#${set.id}`;
      const last = db.events(stream).at(-1);
      const event = appendEvent(
        last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: "" },
        facts,
        {
          stream,
          at: ctx.at,
          actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
          channel: ctx.channel,
        },
      );
      const key = setKey(set.id, set.version);
      if (db.get(key) !== undefined)
        throw new ConflictError(
          `norm set ${set.id} version ${set.version} was published meanwhile`,
        );
      db.transact([
        memoryWrite((d) => {
          d.put(key, set);
          d.append(event);
        }),
      ]);
      return event;
    },
  };
}

export function memoryNormUsage(db: MemoryDb): NormUsageStore & {
  row(b: BeneficiaryRef, key: string): Row | undefined;
} {
  return {
    row: (b, key) => db.get<Row>(usageKey(b, key)),
    async load(b) {
      const out: Record<string, UsageEntry> = {};
      for (const k of db.keys(usagePrefix(b))) {
        const row = db.get<Row>(k);
        if (row) out[k.slice(usagePrefix(b).length)] = row;
      }
      return out;
    },
    stageReservations: (proposalId, b, reservations) =>
      reservations.map((r) =>
        memoryWrite(
          (d) => {
            const row = d.get<Row>(usageKey(b, r.usageKey)) ?? { reserved: 0, holds: {} };
            row.holds[proposalId] = r.amount;
            row.reserved += r.amount;
            d.put(usageKey(b, r.usageKey), row);
          },
          (d) => {
            const row = d.get<Row>(usageKey(b, r.usageKey));
            return (
              !row || (row.holds[proposalId] === undefined && row.reserved <= r.cap - r.amount)
            );
          },
        ),
      ),
    stageAdjustment: (proposalId, b, adj) =>
      memoryWrite(
        (d) => {
          const row = d.get<Row>(usageKey(b, adj.usageKey)) as Row;
          if (adj.to === 0) delete row.holds[proposalId];
          else row.holds[proposalId] = adj.to;
          row.reserved += adj.to - adj.from;
          d.put(usageKey(b, adj.usageKey), row);
        },
        (d) => d.get<Row>(usageKey(b, adj.usageKey))?.holds[proposalId] === adj.from,
      ),
  };
}

export function memoryNormCheckLog(): NormCheckLog {
  return {
    stage: (proposalId, submissionNo, result, at) =>
      memoryWrite((d) =>
        d.put(`normcheck#${proposalId}#${String(submissionNo).padStart(4, "0")}`, {
          submissionNo,
          checkedAt: at,
          result,
        }),
      ),
  };
}

export function memoryNormSetDrafts(db: MemoryDb): NormSetDrafts {
  let n = 0;
  const key = (id: string) => `normsetdraft#${id}`;
  const event = (setId: string, facts: AuditFacts, ctx: TransitionContext) => {
    const stream = `NS#${setId}`;
    const last = db.events(stream).at(-1);
    return appendEvent(last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: "" }, facts, {
      stream,
      at: ctx.at,
      actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
      channel: ctx.channel,
    });
  };
  return {
    newDraftId: () => `d-${++n}`,
    async find(id) {
      return db.get<NormSetDraftRecord>(key(id));
    },
    async list(limit) {
      return db
        .keys("normsetdraft#")
        .map((k) => db.get<NormSetDraftRecord>(k) as NormSetDraftRecord)
        .sort((a, b) => b.draftedAt.localeCompare(a.draftedAt))
        .slice(0, limit);
    },
    async save(d, facts, ctx) {
      const e = event(d.setId, facts, ctx);
      db.transact([
        memoryWrite(
          (x) => {
            x.put(key(d.draftId), d);
            x.append(e);
          },
          (x) => x.get(key(d.draftId)) === undefined,
        ),
      ]);
      return e;
    },
    async approve(d, set, facts, ctx) {
      const e = event(set.id, facts, ctx);
      const setKey = `normset#${set.id}#${String(set.version).padStart(4, "0")}`;
      try {
        db.transact([
          memoryWrite(
            (x) => {
              x.put(setKey, set);
              x.put(key(d.draftId), d);
              x.append(e);
            },
            (x) =>
              x.get(setKey) === undefined &&
              x.get<NormSetDraftRecord>(key(d.draftId))?.status === "pending",
          ),
        ]);
      } catch {
        throw new ConflictError(`norm set ${set.id} or its draft changed meanwhile`);
      }
      return e;
    },
  };
}
