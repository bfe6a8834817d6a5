/**
 * In-memory registry store, usage ledger and read log: the same contracts as the DynamoDB
 * adapters on the shared MemoryDb, so merges, imports and the migration run atomically with
 * the proposals' staged writes in use-case tests.
 */
import { randomBytes } from "node:crypto";
import { type AuditEvent, appendEvent } from "../../../shared/audit/domain/chain.ts";
import { ConflictError, StaleVersionError } from "../../../shared/kernel/errors.ts";
import { WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";
import { pseudonym } from "../../../shared/privacy/domain/pseudonym.ts";
import type { PseudonymKey } from "../../../shared/privacy/ports.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import type {
  Beneficiary,
  DuplicateFlag,
  GroupFigures,
  Member,
} from "../../../shared/registry/domain/beneficiary.ts";
import type { RegistryChange } from "../../../shared/registry/domain/changes.ts";
import { registryIdOf } from "../../../shared/registry/domain/ids.ts";
import type { UsageRow } from "../../../shared/registry/domain/merge.ts";
import type {
  ImportProgress,
  PageRequest,
  RegistryPage,
  RegistryReadLog,
  RegistryStore,
  UsageLedger,
  UsageRef,
} from "../../../shared/registry/ports.ts";
import { asMemoryWrites, MemoryDb, type MemoryWrite, memoryWrite } from "./db.ts";
import { DEMO_UNITS, memoryDirectory } from "./directory.ts";
import { memoryCipher } from "./privacy.ts";
import { memoryProposalStore } from "./proposals.ts";

const K = {
  entry: (id: string) => `entry#${id}`,
  member: (g: string, m: string) => `member#${g}#${m}`,
  figures: (g: string, p: string) => `figures#${g}#${p}`,
  ref: (id: string, p: string) => `ref#${id}#${p}`,
  flag: (prov: string, at: string, id: string) => `flag#${prov}#${at}#${id}`,
  import: (id: string) => `import#${id}`,
  usage: (kind: string, id: string, key: string) => `usage#${kind}#${id}#${key}`,
};

function paged(all: Beneficiary[], req: PageRequest): RegistryPage {
  const start = req.cursor ? Number(req.cursor) : 0;
  const slice = all.slice(start, start + req.limit);
  const next = start + req.limit < all.length ? String(start + req.limit) : undefined;
  return { entries: slice, ...(next ? { cursor: next } : {}) };
}

function eventOf(
  before: Beneficiary | null,
  change: RegistryChange,
  ctx: TransitionContext,
): AuditEvent {
  return appendEvent({ seq: before?.auditSeq ?? 0, hash: before?.auditHash ?? "" }, change.event, {
    stream: `B#${change.next.id}`,
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope: { provinceId: change.next.provinceId, communeId: change.next.communeId },
  });
}

export function memoryRegistryStore(
  db: MemoryDb,
): RegistryStore & { seedIds(ids: string[]): void } {
  const queued: string[] = [];
  const entries = () =>
    db
      .keys("entry#")
      .map((k) => db.get<Beneficiary>(k) as Beneficiary)
      .filter((b) => b.state !== "MERGED");
  const byName = (a: Beneficiary, b: Beneficiary) =>
    `${a.kind}#${a.nameKey}#${a.id}`.localeCompare(`${b.kind}#${b.nameKey}#${b.id}`);
  const inGroup = <T>(prefix: string) => db.keys(prefix).map((k) => db.get<T>(k) as T);

  const stageOwn = (before: Beneficiary | null, change: RegistryChange, ctx: TransitionContext) => {
    const event = eventOf(before, change, ctx);
    const entry = { ...change.next, auditSeq: event.seq, auditHash: event.hash } as Beneficiary;
    const write = memoryWrite(
      (d) => {
        d.put(K.entry(entry.id), entry);
        d.append(event);
        for (const m of change.members ?? []) d.put(K.member(m.groupId, m.id), m);
        for (const f of change.figures ?? []) d.put(K.figures(f.groupId, f.period), f);
        if (change.flag)
          d.put(
            K.flag(change.flag.provinceId, change.flag.createdAt, change.flag.entryId),
            change.flag,
          );
        for (const f of change.unflag ?? [])
          d.records.delete(K.flag(f.provinceId, f.createdAt, f.entryId));
      },
      (d) => {
        const now = d.get<Beneficiary>(K.entry(entry.id));
        return before
          ? now?.version === before.version && now.state === before.state
          : now === undefined;
      },
    );
    return { entry, event, write };
  };

  return {
    seedIds(ids) {
      queued.push(...ids);
    },
    newId: () => queued.shift() ?? registryIdOf(randomBytes(8)),
    async find(id) {
      return db.get<Beneficiary>(K.entry(id));
    },
    async sameName(communeId, kind, nameKey) {
      return entries().filter(
        (b) => b.communeId === communeId && b.kind === kind && b.nameKey === nameKey,
      );
    },
    async ofCommune(communeId, kind, page) {
      return paged(
        entries()
          .filter((b) => b.communeId === communeId && (!kind || b.kind === kind))
          .sort(byName),
        page,
      );
    },
    async ofProvince(provinceId, kind, page) {
      return paged(
        entries()
          .filter((b) => b.provinceId === provinceId && b.kind === kind)
          .sort((a, b) =>
            `${a.communeId}#${a.nameKey}`.localeCompare(`${b.communeId}#${b.nameKey}`),
          ),
        page,
      );
    },
    async members(groupId) {
      return inGroup<Member>(`member#${groupId}#`);
    },
    async figures(groupId) {
      return inGroup<GroupFigures>(`figures#${groupId}#`);
    },
    async references(id) {
      return db.keys(`ref#${id}#`).map((k) => k.slice(`ref#${id}#`.length));
    },
    async history(id) {
      return db.events(`B#${id}`);
    },
    async flags(provinceId) {
      return inGroup<DuplicateFlag>(`flag#${provinceId}#`);
    },
    async save(before, change, ctx, extra = []) {
      const { entry, event, write } = stageOwn(before, change, ctx);
      try {
        db.transact([write, ...asMemoryWrites(extra)]);
      } catch (err) {
        if (!(err instanceof WriteConditionsFailed)) throw err;
        if (err.failed.includes(0)) {
          if (!before) throw new ConflictError(`registry entry ${entry.id} already exists`);
          const now = db.get<Beneficiary>(K.entry(before.id));
          throw new StaleVersionError(
            `registry entry ${before.id} changed meanwhile`,
            now?.version ?? 0,
          );
        }
        throw new WriteConditionsFailed(err.failed.map((i) => i - 1));
      }
      return { entry, event };
    },
    stage(before, change, ctx) {
      const { entry, event, write } = stageOwn(before, change, ctx);
      return { entry, event, writes: [write] };
    },
    async commit(writes) {
      db.transact(asMemoryWrites(writes));
    },
    stageReference: (id, proposalId) => [
      memoryWrite(
        (d) => d.put(K.ref(id, proposalId), { proposalId }),
        (d) => d.get<Beneficiary>(K.entry(id))?.state === "ACTIVE",
      ),
    ],
    stageUnreference: (id, proposalId) => [
      memoryWrite((d) => void d.records.delete(K.ref(id, proposalId))),
    ],
    stageReferenceMove: (fromId, toId, proposalId) => [
      memoryWrite((d) => {
        if (fromId) d.records.delete(K.ref(fromId, proposalId));
        d.put(K.ref(toId, proposalId), { proposalId });
      }),
    ],
    async importProgress(importId) {
      return db.get<ImportProgress>(K.import(importId));
    },
    stageImportProgress: (before, next) =>
      memoryWrite(
        (d) => d.put(K.import(next.importId), next),
        (d) => {
          const now = d.get<ImportProgress>(K.import(next.importId));
          return before ? now?.chunksDone === before.chunksDone : now === undefined;
        },
      ),
  };
}

/** Usage rows as the norm check writes them, on the same MemoryDb (tests seed them). */
export function memoryUsageLedger(db: MemoryDb): UsageLedger & {
  seed(ref: UsageRef, row: UsageRow): void;
  row(ref: UsageRef, usageKey: string): UsageRow | undefined;
} {
  const rowsOf = (ref: UsageRef) =>
    db.keys(`usage#${ref.kind}#${ref.id}#`).map((k) => db.get<UsageRow>(k) as UsageRow);
  return {
    seed(ref, row) {
      db.put(K.usage(ref.kind, ref.id, row.usageKey), row);
    },
    row(ref, usageKey) {
      return db.get<UsageRow>(K.usage(ref.kind, ref.id, usageKey));
    },
    async rows(ref) {
      return rowsOf(ref);
    },
    stageTransfer(from, to, list) {
      const moving = list.filter((r) => r.reserved > 0 || Object.keys(r.holds).length > 0);
      const writes: MemoryWrite[] = moving.map((r) =>
        memoryWrite(
          (d) => {
            const src = d.get<UsageRow>(K.usage(from.kind, from.id, r.usageKey)) as UsageRow;
            const holds = { ...src.holds };
            for (const p of Object.keys(r.holds)) delete holds[p];
            d.put(K.usage(from.kind, from.id, r.usageKey), {
              ...src,
              reserved: src.reserved - r.reserved,
              holds,
            });
            const dst = d.get<UsageRow>(K.usage(to.kind, to.id, r.usageKey)) ?? {
              usageKey: r.usageKey,
              reserved: 0,
              holds: {},
              ...(r.cap !== undefined ? { cap: r.cap } : {}),
              ...(r.measure !== undefined ? { measure: r.measure } : {}),
            };
            d.put(K.usage(to.kind, to.id, r.usageKey), {
              ...dst,
              reserved: dst.reserved + r.reserved,
              holds: { ...dst.holds, ...r.holds },
            });
          },
          (d) => {
            const src = d.get<UsageRow>(K.usage(from.kind, from.id, r.usageKey));
            if (!src || src.reserved < r.reserved) return false;
            const dst = d.get<UsageRow>(K.usage(to.kind, to.id, r.usageKey));
            return Object.entries(r.holds).every(
              ([p, a]) => src.holds[p] === a && dst?.holds[p] === undefined,
            );
          },
        ),
      );
      return writes;
    },
  };
}

export function memoryRegistryReadLog(): RegistryReadLog & {
  reads: { entryId: string; actorId: string }[];
} {
  const reads: { entryId: string; actorId: string }[] = [];
  return {
    reads,
    async record(b, tx) {
      reads.push({ entryId: b.id, actorId: tx.actor.id });
    },
  };
}

/** Details of a minimal entry of each kind, for tests that only need one registered. */
const MINIMAL: Record<Beneficiary["kind"], Beneficiary["details"]> = {
  SAVINGS_GROUP: { village: "Lếch Mông", foundedOn: "2026-05-01", status: "active" },
  LIVELIHOOD_GROUP: { leadership: "women_led", memberCounts: [], products: [], status: "active" },
  COOPERATIVE_GROUP: { leadership: "women_led", memberCounts: [], products: [], status: "active" },
  COOPERATIVE: { leadership: "women_led", memberCounts: [], products: [], status: "active" },
  TRUSTED_ADDRESS: { origin: "founded", since: "2026-01-10", status: "active" },
  SURVIVOR_CASE: { listedOn: "2026-01-10", needs: ["livelihood"], status: "active" },
};

/** Writes a registered entry straight into the MemoryDb (no audit event: test set-up only). */
export function seedEntry(
  db: MemoryDb,
  e: Pick<Beneficiary, "id" | "kind" | "communeId" | "provinceId" | "name"> & {
    details?: Beneficiary["details"];
  },
): Beneficiary {
  const b = {
    ...e,
    details: e.details ?? MINIMAL[e.kind],
    nameKey: e.name.toLowerCase().replace(/[^a-z0-9]/g, ""),
    state: "ACTIVE",
    version: 1,
    createdAt: "2026-01-01T00:00:00Z",
    createdBy: "seed",
    updatedAt: "2026-01-01T00:00:00Z",
    auditSeq: 0,
    auditHash: "",
  } as Beneficiary;
  db.put(K.entry(b.id), b);
  return b;
}

/**
 * Entries of commune C-BATXAT that the money and notice tests name, by the ids their figures
 * use: two cooperatives and a survivor case (an A4 livelihood model).
 */
export const TEST_ENTRIES = { cooperative: "HTX-CHE", cooperative2: "HTX-2", survivor: "MH-1" };

export function seedTestEntries(db: MemoryDb): void {
  const at = { communeId: "C-BATXAT", provinceId: "P-LC" };
  seedEntry(db, { id: TEST_ENTRIES.cooperative, kind: "COOPERATIVE", name: "HTX Chè Y Tý", ...at });
  seedEntry(db, { id: TEST_ENTRIES.cooperative2, kind: "COOPERATIVE", name: "HTX Mận", ...at });
  seedEntry(db, { id: TEST_ENTRIES.survivor, kind: "SURVIVOR_CASE", name: "NN-MH-1", ...at });
}

/**
 * Every port the registry's use cases take, on one MemoryDb: the directory of the demo units,
 * the memory cipher and pseudonyms, the proposals store (merges re-point proposals), the usage
 * ledger and the read log.
 */
const TEST_PSEUDONYM_KEY = Buffer.alloc(32, 7);

export function registryWorld() {
  const db = new MemoryDb();
  const units = [
    ...DEMO_UNITS,
    {
      id: "P-HG",
      kind: "province" as const,
      nameVi: "Hà Giang",
      nameEn: "Ha Giang",
      provinceId: "P-HG",
    },
    {
      id: "RU-DV",
      kind: "review_unit" as const,
      nameVi: "Đồng Văn",
      nameEn: "Dong Van",
      provinceId: "P-HG",
    },
    {
      id: "C-LUNGCU",
      kind: "commune" as const,
      nameVi: "Xã Lũng Cú",
      nameEn: "Lung Cu",
      provinceId: "P-HG",
      reviewUnitId: "RU-DV",
    },
  ];
  const registry = memoryRegistryStore(db);
  return {
    db,
    registry,
    directory: memoryDirectory(units),
    cipher: memoryCipher(),
    // The real HMAC formatting under a test key: a pseudonym reveals nothing of what it hashes.
    pseudonyms: {
      async pseudonymOf(id: string) {
        return pseudonym(id, TEST_PSEUDONYM_KEY);
      },
    } satisfies PseudonymKey,
    proposals: memoryProposalStore(db),
    usage: memoryUsageLedger(db),
    reads: memoryRegistryReadLog(),
  };
}
