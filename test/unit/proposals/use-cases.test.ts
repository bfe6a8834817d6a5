/**
 * The proposals use cases on in-memory ports: no Java, no stack, no mocks of AWS. The same use
 * cases run on DynamoDB adapters in the integration tests.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import {
  ForbiddenError,
  PreconditionRequiredError,
  StaleVersionError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { hasFundingRecords } from "../../../shared/proposals/domain/proposal.ts";
import { listProposals } from "../../../shared/proposals/use-cases/list-proposals.ts";
import {
  cancelProposal,
  createProposal,
  type DraftInput,
  submitProposal,
  updateProposal,
} from "../../../shared/proposals/use-cases/proposals.ts";
import {
  proposalHistoryFor,
  readProposal,
} from "../../../shared/proposals/use-cases/read-proposal.ts";
import { registryForProposals } from "../../../shared/registry/use-cases/for-proposals.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { DEMO_UNITS, memoryDirectory } from "../../support/memory/directory.ts";
import {
  memoryCipher,
  memoryPersonalReadLog,
  memoryPseudonyms,
} from "../../support/memory/privacy.ts";
import { memoryProposalStore } from "../../support/memory/proposals.ts";
import { memoryRegistryStore, seedEntry } from "../../support/memory/registry.ts";
import { memoryOutbox, memoryWorkflow } from "../../support/memory/workflow.ts";

const commune: ScopedActor = {
  id: "commune.batxat",
  role: "commune_officer",
  unitId: "C-BATXAT",
  provinceId: "P-LC",
};
const otherCommune: ScopedActor = { ...commune, id: "commune.muonghum", unitId: "C-MUONGHUM" };
const finance: ScopedActor = {
  id: "finance.laocai",
  role: "finance_officer",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const at = (iso: string, actor: ScopedActor): TransitionContext => ({
  actor,
  channel: "api",
  at: iso,
});

const draft = (over: Partial<DraftInput> = {}): DraftInput => ({
  activity: "A2",
  phase: "2021-2025",
  title: "Thương hiệu chè Shan tuyết",
  communeId: "C-BATXAT",
  beneficiaryId: COOPERATIVE,
  items: [
    {
      code: "A2.TECH_SUPPORT",
      description: "Nhãn hiệu",
      supportAmount: 60_000_000,
      totalCost: 90_000_000,
    },
  ],
  ...over,
});

/** Registered beneficiaries of the commune (shared/registry): proposals name them by id. */
const COOPERATIVE = "BN-0000000001";
const SURVIVOR_CASE = "BN-0000000002";

let db: MemoryDb;
let ports: ReturnType<typeof makePorts>;

function makePorts() {
  const workflow = memoryWorkflow();
  seedEntry(db, {
    id: COOPERATIVE,
    kind: "COOPERATIVE",
    communeId: "C-BATXAT",
    provinceId: "P-LC",
    name: "HTX Chè Y Tý",
  });
  seedEntry(db, {
    id: SURVIVOR_CASE,
    kind: "SURVIVOR_CASE",
    communeId: "C-BATXAT",
    provinceId: "P-LC",
    name: "NN-TEST",
  });
  return {
    registry: registryForProposals(memoryRegistryStore(db)),
    proposals: memoryProposalStore(db),
    directory: memoryDirectory(DEMO_UNITS),
    cipher: memoryCipher(),
    pseudonyms: memoryPseudonyms,
    workflow,
    outbox: memoryOutbox(db, workflow),
    personalReads: memoryPersonalReadLog(),
    funding: { records: async () => ({ disbursements: [], reports: [] }) },
  };
}

beforeEach(() => {
  db = new MemoryDb();
  ports = makePorts();
});

describe("GIVEN a commune officer", () => {
  it("WHEN they create a draft THEN it is in their commune, version 1, with one audit event", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    expect(p).toMatchObject({
      status: "DRAFT",
      version: 1,
      communeId: "C-BATXAT",
      reviewUnitId: "RU-BX",
    });
    expect(p.reference).toBe("P8-2026-000001");
    const history = await ports.proposals.history(p.id);
    expect(history.map((e) => e.type)).toEqual(["proposal.created"]);
    expect(history[0]?.actorId).toBe("commune.batxat");
  });

  it("WHEN they create a draft for another commune THEN 403 and nothing is written", async () => {
    await expect(
      createProposal(ports, otherCommune, at("2026-06-01T01:00:00Z", otherCommune), draft()),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(db.commits).toBe(0);
  });

  it("WHEN the commune is unknown THEN a 400 names communeId", async () => {
    const err = await createProposal(
      ports,
      commune,
      at("2026-06-01T01:00:00Z", commune),
      draft({ communeId: "C-NOWHERE" }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.field).toBe("communeId");
  });

  it("WHEN an A4 draft carries personal data THEN it is sealed and a pseudonym is kept", async () => {
    const p = await createProposal(
      ports,
      commune,
      at("2026-06-01T01:00:00Z", commune),
      draft({
        activity: "A4",
        beneficiaryId: SURVIVOR_CASE,
        items: [
          {
            code: "A4.LIVELIHOOD",
            description: "Giống",
            supportAmount: 10_000_000,
            totalCost: 10_000_000,
          },
        ],
        personal: { fullName: "Nguyễn Thị A" },
      }),
    );
    expect(JSON.stringify(p)).not.toContain("Nguyễn Thị A");
    expect(p.survivorPseudonym).toBe(`PSN-${p.id}`);
  });
});

describe("GIVEN a draft", () => {
  it("WHEN it is edited without a version THEN 428; with a stale one THEN 412; with the right one THEN version 2", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    const { communeId: _c, ...fields } = draft({ title: "Tên mới" });
    const edit = (v: number | undefined) =>
      updateProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, v, fields);
    await expect(edit(undefined)).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(edit(7)).rejects.toBeInstanceOf(StaleVersionError);
    const next = await edit(1);
    expect(next).toMatchObject({ version: 2, title: "Tên mới" });
  });

  it("WHEN it is submitted THEN it is in review and its execution is started once", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    const s = await submitProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1);
    expect(s).toMatchObject({ status: "IN_REVIEW", submissionNo: 1 });
    expect(ports.workflow.started).toEqual([{ proposalId: p.id, submissionNo: 1 }]);
    expect(db.keys("outbox#")).toEqual([]);
  });

  it("WHEN starting the execution fails after the commit THEN the outbox entry stays and a drain starts it", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    ports.workflow.failNextStart();
    await expect(
      submitProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1),
    ).rejects.toThrow("StartExecution failed");
    expect((await ports.proposals.find(p.id))?.status).toBe("IN_REVIEW");
    expect(db.keys("outbox#")).toHaveLength(1);
    expect(await ports.outbox.drain()).toBe(1);
    expect(ports.workflow.started).toEqual([{ proposalId: p.id, submissionNo: 1 }]);
  });

  it("WHEN two edits race from the same version THEN one wins and the other is 412", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    const { communeId: _c, ...fields } = draft();
    const results = await Promise.allSettled([
      updateProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1, fields),
      updateProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1, fields),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(StaleVersionError);
  });

  it("WHEN it is cancelled THEN it is final and the history says why", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    const c = await cancelProposal(
      ports,
      commune,
      at("2026-06-01T02:00:00Z", commune),
      p.id,
      "trùng",
    );
    expect(c.status).toBe("CANCELLED");
    const h = await proposalHistoryFor(ports, commune, p.id);
    expect(h.chain.ok).toBe(true);
    expect(h.events.map((e) => e.type)).toEqual(["proposal.created", "proposal.cancelled"]);
    expect(ports.workflow.stopped).toEqual([]);
  });

  it("WHEN a returned proposal whose execution still runs is cancelled THEN the execution is stopped and nothing watches it", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    await submitProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1);
    // The review returned it, but the execution has not had the signal yet (still waiting).
    const inReview = await ports.proposals.find(p.id);
    if (!inReview) throw new Error("no proposal");
    const tx = at("2026-06-01T03:00:00Z", commune);
    await ports.proposals.save(
      inReview,
      {
        next: { ...inReview, status: "RETURNED", version: inReview.version + 1 },
        event: { type: "review.returned", from: "IN_REVIEW", to: "RETURNED", reason: "thiếu" },
      },
      tx,
    );
    expect(ports.workflow.executions.get(`${p.id}-1`)).toBe("RUNNING");
    const c = await cancelProposal(ports, commune, at("2026-06-01T04:00:00Z", commune), p.id, "x");
    expect(c.status).toBe("CANCELLED");
    expect(ports.workflow.stopped).toEqual([`${p.id}-1`]);
    expect(ports.workflow.executions.get(`${p.id}-1`)).toBe("ABORTED");
    expect(db.keys("watch#")).toEqual([]);
  });

  it("WHEN a proposal in review is cancelled THEN it is refused and its execution keeps running", async () => {
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    await submitProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, 1);
    await expect(
      cancelProposal(ports, commune, at("2026-06-01T03:00:00Z", commune), p.id, "x"),
    ).rejects.toThrow(/cannot cancel/);
    expect(ports.workflow.stopped).toEqual([]);
    expect(ports.workflow.executions.get(`${p.id}-1`)).toBe("RUNNING");
  });
});

describe("GIVEN several proposals", () => {
  it("WHEN the commune lists them a page at a time THEN every one comes once, newest first", async () => {
    for (let i = 0; i < 5; i++) {
      await createProposal(
        ports,
        commune,
        at(`2026-06-01T0${i}:00:00Z`, commune),
        draft({ title: `Đề xuất ${i}` }),
      );
    }
    const first = await listProposals(ports, commune, { limit: 2 });
    const second = await listProposals(ports, commune, { limit: 2, cursor: first.cursor });
    const third = await listProposals(ports, commune, { limit: 2, cursor: second.cursor });
    const titles = [...first.proposals, ...second.proposals, ...third.proposals].map(
      (p) => p.title,
    );
    expect(titles).toEqual(["Đề xuất 4", "Đề xuất 3", "Đề xuất 2", "Đề xuất 1", "Đề xuất 0"]);
    expect(third.cursor).toBeUndefined();
  });
});

describe("GIVEN an A4 proposal with personal data", () => {
  it("WHEN the commune reads it with personal THEN the read is logged; finance is refused", async () => {
    const p = await createProposal(
      ports,
      commune,
      at("2026-06-01T01:00:00Z", commune),
      draft({
        activity: "A4",
        beneficiaryId: SURVIVOR_CASE,
        items: [
          {
            code: "A4.LIVELIHOOD",
            description: "Giống",
            supportAmount: 10_000_000,
            totalCost: 10_000_000,
          },
        ],
        personal: { fullName: "Nguyễn Thị A" },
      }),
    );
    const read = await readProposal(ports, commune, at("2026-06-01T02:00:00Z", commune), p.id, {
      personal: true,
    });
    expect(read.personal?.fullName).toBe("Nguyễn Thị A");
    expect(ports.personalReads.reads).toEqual([{ proposalId: p.id, actorId: "commune.batxat" }]);
    await expect(
      readProposal(ports, finance, at("2026-06-01T02:00:00Z", finance), p.id, { personal: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(ports.personalReads.reads).toHaveLength(1);
  });
});

describe("GIVEN a proposal read with its funding records", () => {
  it("WHEN it has no ledger entry, report or norm check THEN no records are read; WHEN it has one THEN they are", async () => {
    let reads = 0;
    const counting = {
      ...ports,
      funding: {
        records: async () => {
          reads++;
          return { disbursements: [{ seq: 1 }], reports: [] };
        },
      },
    };
    const p = await createProposal(ports, commune, at("2026-06-01T01:00:00Z", commune), draft());
    const fresh = await readProposal(counting, commune, at("2026-06-01T02:00:00Z", commune), p.id, {
      personal: false,
    });
    expect(reads).toBe(0);
    expect(fresh.funding).toEqual({ disbursements: [], reports: [] });

    const key = db.keys("proposal#").find((k) => k.endsWith(p.id));
    if (!key) throw new Error("proposal not stored");
    db.put(key, { ...db.get<object>(key), disbursementCount: 1 });
    const paid = await readProposal(counting, commune, at("2026-06-01T03:00:00Z", commune), p.id, {
      personal: false,
    });
    expect(reads).toBe(1);
    expect(paid.funding.disbursements).toEqual([{ seq: 1 }]);
  });

  it("THEN each kind of record alone makes the read happen", () => {
    const none = { disbursementCount: 0, reportCount: 0, normCheck: undefined };
    expect(hasFundingRecords(none)).toBe(false);
    expect(hasFundingRecords({ ...none, disbursementCount: 2 })).toBe(true);
    expect(hasFundingRecords({ ...none, reportCount: 1 })).toBe(true);
    expect(hasFundingRecords({ ...none, normCheck: { passed: false } })).toBe(true);
  });
});
