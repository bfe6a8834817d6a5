/**
 * The registry's use cases on in-memory ports: registration with the duplicate warning, edits,
 * members and figures with explicit corrections, the proposals' view of the registry, merges
 * (proposals, cap usage, members and history move; the sums add up), moves, reads of personal
 * data. No Java, no stack.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import {
  ConflictError,
  ForbiddenError,
  PreconditionRequiredError,
  StateConflictError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { createProposal, submitProposal } from "../../../shared/proposals/use-cases/proposals.ts";
import type { Beneficiary } from "../../../shared/registry/domain/beneficiary.ts";
import { LikelyDuplicateError } from "../../../shared/registry/domain/duplicates.ts";
import { isRegistryId } from "../../../shared/registry/domain/ids.ts";
import type { CreateBeneficiary } from "../../../shared/registry/schemas.ts";
import { registryForProposals } from "../../../shared/registry/use-cases/for-proposals.ts";
import {
  addMember,
  recordGroupFigures,
  updateMember,
} from "../../../shared/registry/use-cases/members.ts";
import {
  dismissDuplicate,
  duplicateQueue,
  MAX_MERGE_PROPOSALS,
  mergeBeneficiaries,
} from "../../../shared/registry/use-cases/merge.ts";
import { moveBeneficiary } from "../../../shared/registry/use-cases/move.ts";
import {
  beneficiaryHistory,
  listMembers,
  readBeneficiary,
} from "../../../shared/registry/use-cases/read.ts";
import {
  registerBeneficiary,
  updateBeneficiary,
} from "../../../shared/registry/use-cases/register.ts";
import { registryWorld } from "../../support/memory/registry.ts";
import { memoryOutbox, memoryWorkflow } from "../../support/memory/workflow.ts";

const commune: ScopedActor = {
  id: "commune.batxat",
  role: "commune_officer",
  unitId: "C-BATXAT",
  provinceId: "P-LC",
};
const otherCommune: ScopedActor = { ...commune, id: "commune.muonghum", unitId: "C-MUONGHUM" };
const province: ScopedActor = {
  id: "province.laocai",
  role: "province_officer",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const auditor: ScopedActor = {
  id: "auditor.laocai",
  role: "auditor",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const approver: ScopedActor = {
  id: "approver.batxat",
  role: "approver",
  unitId: "RU-BX",
  provinceId: "P-LC",
};
const otherProvince: ScopedActor = {
  ...province,
  id: "province.hagiang",
  unitId: "P-HG",
  provinceId: "P-HG",
};

let clock = 0;
const tx = (actor: ScopedActor): TransitionContext => ({
  actor,
  channel: "api",
  at: new Date(Date.UTC(2026, 5, 1, 1, 0, clock++)).toISOString(),
});

const htx = (name: string, over: Partial<CreateBeneficiary> = {}): CreateBeneficiary =>
  ({
    kind: "COOPERATIVE",
    communeId: "C-BATXAT",
    name,
    leadership: "women_led",
    memberCounts: [{ gender: "female", ethnicity: "Hà Nhì", count: 12 }],
    products: ["chè"],
    ...over,
  }) as CreateBeneficiary;

const group = (name: string, over: Partial<CreateBeneficiary> = {}): CreateBeneficiary =>
  ({
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name,
    village: "Lếch Mông",
    foundedOn: "2026-05-01",
    ...over,
  }) as CreateBeneficiary;

let w: ReturnType<typeof registryWorld>;
beforeEach(() => {
  w = registryWorld();
});

describe("GIVEN a commune officer registering beneficiaries", () => {
  it("WHEN she registers a cooperative THEN it gets a system id, version 1, in her commune, with one audit event", async () => {
    const b = await registerBeneficiary(w, commune, tx(commune), htx("HTX Chè Y Tý"));
    expect(isRegistryId(b.id)).toBe(true);
    expect(b).toMatchObject({
      communeId: "C-BATXAT",
      provinceId: "P-LC",
      version: 1,
      state: "ACTIVE",
    });
    const h = await w.registry.history(b.id);
    expect(h.map((e) => e.type)).toEqual(["beneficiary.registered"]);
    expect(h[0]?.communeId).toBe("C-BATXAT");
  });

  it.each(["htx chè y tý", "HTX  Che-Y.Ty", "Hợp tác xã Chè Y Tý", "HTX CHÈ YTÝ"])(
    "WHEN %j is registered after HTX Chè Y Tý THEN 409 lists the first, and nothing is written",
    async (variant) => {
      const first = await registerBeneficiary(w, commune, tx(commune), htx("HTX Chè Y Tý"));
      const commits = w.db.commits;
      const err = await registerBeneficiary(w, commune, tx(commune), htx(variant)).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LikelyDuplicateError);
      expect((err as LikelyDuplicateError).duplicates.map((d) => d.id)).toEqual([first.id]);
      expect((err as LikelyDuplicateError).status).toBe(409);
      expect(w.db.commits).toBe(commits);
    },
  );

  it("WHEN she resends naming the duplicates she saw THEN it is registered and queued for the province", async () => {
    const first = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    const second = await registerBeneficiary(
      w,
      commune,
      tx(commune),
      htx("htx a", { duplicatesReviewed: [first.id] }),
    );
    expect(second.duplicateOf).toEqual([first.id]);
    const queue = await duplicateQueue(w, province);
    expect(queue.flags.map((f) => [f.entryId, f.candidates.map((c) => c.id)])).toEqual([
      [second.id, [first.id]],
    ]);
  });

  it("WHEN the same name is registered in another commune or as another kind THEN there is no warning", async () => {
    await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    await expect(
      registerBeneficiary(
        w,
        otherCommune,
        tx(otherCommune),
        htx("HTX-A", { communeId: "C-MUONGHUM" }),
      ),
    ).resolves.toMatchObject({ communeId: "C-MUONGHUM" });
    await expect(
      registerBeneficiary(w, commune, tx(commune), {
        ...htx("HTX-A"),
        kind: "COOPERATIVE_GROUP",
      } as CreateBeneficiary),
    ).resolves.toMatchObject({ kind: "COOPERATIVE_GROUP" });
  });

  it("WHEN she registers in another commune THEN 403 and nothing is written", async () => {
    await expect(
      registerBeneficiary(w, commune, tx(commune), htx("HTX-A", { communeId: "C-MUONGHUM" })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(w.db.commits).toBe(0);
  });

  it("WHEN dates are in the wrong order or in the future THEN 400 names the field", async () => {
    const err = await registerBeneficiary(
      w,
      commune,
      tx(commune),
      group("Tổ 1", { galsSince: "2026-04-01" } as Partial<CreateBeneficiary>),
    ).catch((e: unknown) => e);
    expect((err as ValidationError).errors).toEqual([
      { field: "galsSince", message: "must not be before foundedOn" },
    ]);
    const future = await registerBeneficiary(
      w,
      commune,
      tx(commune),
      group("Tổ 2", { foundedOn: "2027-01-01" } as Partial<CreateBeneficiary>),
    ).catch((e: unknown) => e);
    expect((future as ValidationError).errors[0]?.field).toBe("foundedOn");
  });
});

describe("GIVEN registered entries with personal data", () => {
  it("WHEN a survivor case is registered THEN her data is sealed, she is shown by pseudonym, and the same woman twice is warned of", async () => {
    const input = {
      kind: "SURVIVOR_CASE",
      communeId: "C-BATXAT",
      listedOn: "2026-05-02",
      needs: ["livelihood", "vocational_training"],
      personal: { fullName: "Hoàng Thị Xuyến", phone: "0912468357" },
    } as CreateBeneficiary;
    const b = await registerBeneficiary(w, commune, tx(commune), input);
    expect(JSON.stringify(b)).not.toContain("Xuyến");
    expect(b.name).toMatch(/^NN-/);
    expect(b.pseudonym).toBe(b.name);
    expect(b.nameKey).not.toContain("xuyen");
    const again = await registerBeneficiary(w, commune, tx(commune), {
      ...input,
      personal: { fullName: "hoang thi xuyen" },
    } as CreateBeneficiary).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LikelyDuplicateError);
    expect(JSON.stringify((again as LikelyDuplicateError).duplicates)).not.toContain("Xuyến");
    expect(JSON.stringify(w.db.events(`B#${b.id}`))).not.toContain("Xuyến");
  });

  it("WHEN a trusted address's host is read THEN only roles that may read personal data get it, and the read is logged", async () => {
    const b = await registerBeneficiary(w, commune, tx(commune), {
      kind: "TRUSTED_ADDRESS",
      communeId: "C-BATXAT",
      name: "ĐCTC thôn Sàng Chải",
      origin: "founded",
      since: "2026-02-01",
      hostName: "Vàng Thị Mỷ",
    } as CreateBeneficiary);
    const plain = await readBeneficiary(w, auditor, tx(auditor), b.id, { personal: false });
    expect(plain).toMatchObject({ hasPersonalData: true });
    expect(JSON.stringify(plain)).not.toContain("Mỷ");
    await expect(
      readBeneficiary(w, auditor, tx(auditor), b.id, { personal: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const seen = await readBeneficiary(w, commune, tx(commune), b.id, { personal: true });
    expect(seen).toMatchObject({ hostName: "Vàng Thị Mỷ" });
    expect(w.reads.reads).toEqual([{ entryId: b.id, actorId: commune.id }]);
  });
});

describe("GIVEN an entry", () => {
  it("WHEN it is edited without a version THEN 428; its kind cannot change; an edit records the fields changed", async () => {
    const b = await registerBeneficiary(w, commune, tx(commune), group("Tổ Đồng Tâm"));
    const edit = {
      ...group("Tổ Đồng Tâm", { village: "Sàng Ma Sáo" } as Partial<CreateBeneficiary>),
    };
    const { communeId: _c, ...fields } = edit;
    await expect(
      updateBeneficiary(w, commune, tx(commune), b.id, undefined, fields),
    ).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(
      updateBeneficiary(w, commune, tx(commune), b.id, 1, {
        ...htx("Tổ Đồng Tâm"),
        communeId: undefined,
      } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    const next = await updateBeneficiary(w, commune, tx(commune), b.id, 1, fields);
    expect(next.version).toBe(2);
    const last = (await w.registry.history(b.id)).at(-1);
    expect(last?.data).toMatchObject({
      changed: ["village"],
      values: { village: { from: "Lếch Mông", to: "Sàng Ma Sáo" } },
    });
  });

  it("WHEN a province officer moves it to another commune THEN its id, history and members stay with it", async () => {
    const b = await registerBeneficiary(w, commune, tx(commune), group("Tổ Đồng Tâm"));
    await addMember(w, commune, tx(commune), b.id, undefined, {
      name: "Lý Thị Mai",
      gender: "female",
      introductions: [],
      supports: [],
    });
    const moved = await moveBeneficiary(w, province, tx(province), b.id, {
      toCommuneId: "C-MUONGHUM",
      reason: "sáp nhập xã",
    });
    expect(moved).toMatchObject({ id: b.id, communeId: "C-MUONGHUM" });
    expect((await w.registry.history(b.id)).map((e) => e.type)).toEqual([
      "beneficiary.registered",
      "member.added",
      "beneficiary.moved",
    ]);
    expect(await w.registry.members(b.id)).toHaveLength(1);
    await expect(
      moveBeneficiary(w, commune, tx(commune), b.id, { toCommuneId: "C-BATXAT", reason: "x" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("GIVEN a savings group's members and figures", () => {
  it("WHEN members are added and listed THEN ids follow each other, names only for the commune", async () => {
    const g = await registerBeneficiary(w, commune, tx(commune), group("Tổ 1"));
    const m1 = await addMember(w, commune, tx(commune), g.id, undefined, {
      name: "Lý Thị Mai",
      gender: "female",
      birthYear: 1985,
      ethnicity: "Mông",
      introductions: [],
      supports: [],
    });
    const m2 = await addMember(w, commune, tx(commune), g.id, undefined, {
      name: "Vàng A Páo",
      gender: "male",
      introductions: [],
      supports: [],
    });
    expect([m1.id, m2.id]).toEqual(["M001", "M002"]);
    const forCommune = await listMembers(w, commune, g.id);
    expect(forCommune.members.map((m) => "name" in m && m.name)).toEqual([
      "Lý Thị Mai",
      "Vàng A Páo",
    ]);
    const forProvince = await listMembers(w, province, g.id);
    expect(JSON.stringify(forProvince)).not.toContain("Mai");
    expect(forProvince.members[0]).toMatchObject({ id: "M001", gender: "female", birthYear: 1985 });
    const events = JSON.stringify(w.db.events(`B#${g.id}`));
    expect(events).not.toContain("Lý Thị Mai");
    // The entry itself carries its members the same way, and its history when asked.
    const entry = await readBeneficiary(w, province, tx(province), g.id, { history: true });
    expect(JSON.stringify(entry)).not.toContain("Mai");
    expect(entry).toMatchObject({ members: [{ id: "M001" }, { id: "M002" }], figures: [] });
    expect((entry as { history?: { ok: boolean } }).history?.ok).toBe(true);
    const mine = await readBeneficiary(w, commune, tx(commune), g.id, {});
    expect(JSON.stringify(mine)).toContain("Lý Thị Mai");
  });

  it("WHEN a recorded introduction is taken back THEN it needs a reason and the event says what was taken back", async () => {
    const g = await registerBeneficiary(w, commune, tx(commune), group("Tổ 1"));
    const m = await addMember(w, commune, tx(commune), g.id, undefined, {
      name: "Lý Thị Mai",
      gender: "female",
      introductions: [],
      supports: [],
    });
    const fields = {
      name: m.name,
      gender: m.gender,
      introductions: [{ institution: "Agribank", on: "2026-05-20" }],
      supports: [],
    };
    const m2 = await updateMember(w, commune, tx(commune), g.id, m.id, 1, fields);
    const noReason = await updateMember(w, commune, tx(commune), g.id, m.id, 2, {
      ...fields,
      introductions: [],
    }).catch((e: unknown) => e);
    expect((noReason as ValidationError).errors[0]?.field).toBe("correctionReason");
    await updateMember(w, commune, tx(commune), g.id, m.id, m2.version, {
      ...fields,
      introductions: [],
      correctionReason: "ghi nhầm người",
    });
    const last = (await w.registry.history(g.id)).at(-1);
    expect(last).toMatchObject({ type: "member.corrected", reason: "ghi nhầm người" });
    expect(last?.data).toMatchObject({
      introductionsRemoved: [{ institution: "Agribank", on: "2026-05-20" }],
    });
  });

  it("WHEN a month's figures are recorded twice THEN 409; a correction needs a reason and keeps before and after", async () => {
    const g = await registerBeneficiary(w, commune, tx(commune), group("Tổ 1"));
    const f = {
      period: "2026-05",
      savingsBalance: 12_000_000,
      loansOutstanding: 8_000_000,
      membersAttending: 19,
    };
    await recordGroupFigures(w, commune, tx(commune), g.id, f);
    await expect(recordGroupFigures(w, commune, tx(commune), g.id, f)).rejects.toBeInstanceOf(
      StateConflictError,
    );
    const fixed = await recordGroupFigures(w, commune, tx(commune), g.id, {
      ...f,
      savingsBalance: 12_500_000,
      correction: { reason: "cộng sót 1 phiếu gửi" },
    });
    expect(fixed).toMatchObject({
      savingsBalance: 12_500_000,
      corrections: 1,
      lastCorrection: { reason: "cộng sót 1 phiếu gửi" },
    });
    const last = (await w.registry.history(g.id)).at(-1);
    expect(last?.data).toMatchObject({
      before: { savingsBalance: 12_000_000 },
      after: { savingsBalance: 12_500_000 },
    });
  });
});

describe("GIVEN proposals that name a registered beneficiary", () => {
  const ports = () => {
    const workflow = memoryWorkflow();
    return {
      proposals: w.proposals,
      directory: w.directory,
      cipher: w.cipher,
      pseudonyms: w.pseudonyms,
      registry: registryForProposals(w.registry),
      outbox: memoryOutbox(w.db, workflow),
      workflow,
    };
  };
  const a2 = (beneficiaryId: string, communeId = "C-BATXAT") => ({
    activity: "A2" as const,
    phase: "2021-2025" as const,
    title: "Thương hiệu",
    communeId,
    beneficiaryId,
    items: [
      {
        code: "A2.TECH_SUPPORT",
        description: "Nhãn",
        supportAmount: 60_000_000,
        totalCost: 90_000_000,
      },
    ],
  });

  it("WHEN a proposal names an unregistered id, another commune's entry or one of the wrong kind THEN 400 names beneficiaryId", async () => {
    const other = await registerBeneficiary(
      w,
      otherCommune,
      tx(otherCommune),
      htx("HTX-A", { communeId: "C-MUONGHUM" }),
    );
    const g = await registerBeneficiary(w, commune, tx(commune), group("Tổ 1"));
    for (const id of ["BN-ZZZZZZZZZZ", other.id, g.id]) {
      const err = await createProposal(ports(), commune, tx(commune), a2(id)).catch(
        (e: unknown) => e,
      );
      expect(err, id).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).errors[0]?.field).toBe("beneficiaryId");
    }
  });

  it("WHEN a proposal names an entry THEN kind, name and founding date come from the registry and the reference is recorded", async () => {
    const b = await registerBeneficiary(
      w,
      commune,
      tx(commune),
      htx("HTX Chè", { foundedOn: "2021-09-01" } as Partial<CreateBeneficiary>),
    );
    const p = await createProposal(ports(), commune, tx(commune), a2(b.id));
    expect(p.beneficiary).toEqual({
      kind: "COOPERATIVE",
      id: b.id,
      name: "HTX Chè",
      foundedOn: "2021-09-01",
    });
    expect(await w.registry.references(b.id)).toEqual([p.id]);
  });

  it("WHEN the entry is being merged THEN a new proposal naming it is refused (409), and nothing is written", async () => {
    const a = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    const b = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A.2"));
    const locked = (await w.registry.find(b.id)) as Beneficiary;
    await w.registry.save(
      locked,
      (await import("../../../shared/registry/domain/changes.ts")).lockForMerge(
        locked,
        a,
        tx(province),
      ),
      tx(province),
    );
    await expect(createProposal(ports(), commune, tx(commune), a2(b.id))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await w.registry.references(b.id)).toEqual([]);
  });

  it("WHEN a legacy draft with a free-text beneficiary is submitted THEN 400: register it first", async () => {
    const b = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    const p = await createProposal(ports(), commune, tx(commune), a2(b.id));
    const legacy = {
      ...(await w.proposals.find(p.id)),
      beneficiary: { kind: "COOPERATIVE", id: "htx-a", name: "HTX A" },
    };
    w.db.put(`proposal#${p.id}`, legacy);
    const err = await submitProposal(ports(), commune, tx(commune), p.id, 1).catch(
      (e: unknown) => e,
    );
    expect((err as ValidationError).errors[0]?.field).toBe("beneficiaryId");
  });
});

describe("GIVEN a duplicate to merge", () => {
  const REF = (id: string) => ({ kind: "COOPERATIVE" as const, id });

  async function setUp() {
    const a = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    const b = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A.2"));
    const workflow = memoryWorkflow();
    const p = await createProposal(
      {
        proposals: w.proposals,
        directory: w.directory,
        cipher: w.cipher,
        pseudonyms: w.pseudonyms,
        registry: registryForProposals(w.registry),
      },
      commune,
      tx(commune),
      {
        activity: "A2",
        phase: "2021-2025",
        title: "Thương hiệu",
        communeId: "C-BATXAT",
        beneficiaryId: b.id,
        items: [
          {
            code: "A2.TECH_SUPPORT",
            description: "Nhãn",
            supportAmount: 100_000_000,
            totalCost: 100_000_000,
          },
        ],
      },
    );
    void workflow;
    // Both were approved at the full one-off cap under separate ids before anyone noticed.
    w.usage.seed(REF(a.id), {
      usageKey: "A2.TECH_SUPPORT#ALL",
      reserved: 100_000_000,
      holds: { "P-OLD": 100_000_000 },
      cap: 100_000_000,
      measure: "dong",
    });
    w.usage.seed(REF(b.id), {
      usageKey: "A2.TECH_SUPPORT#ALL",
      reserved: 100_000_000,
      holds: { [p.id]: 100_000_000 },
      cap: 100_000_000,
      measure: "dong",
    });
    return { a, b, p };
  }

  it("WHEN the province merges it THEN proposals, references and cap usage move, the sums add up, both histories say so", async () => {
    const { a, b, p } = await setUp();
    const res = await mergeBeneficiaries(w, province, tx(province), {
      keepId: a.id,
      mergeId: b.id,
      reason: "cùng một HTX",
    });
    expect(res.summary?.proposals).toEqual([p.id]);
    expect((await w.proposals.find(p.id))?.beneficiary.id).toBe(a.id);
    expect(await w.registry.references(a.id)).toEqual([p.id]);
    expect(await w.registry.references(b.id)).toEqual([]);
    const kept = w.usage.row(REF(a.id), "A2.TECH_SUPPORT#ALL");
    expect(kept).toMatchObject({
      reserved: 200_000_000,
      holds: { "P-OLD": 100_000_000, [p.id]: 100_000_000 },
    });
    // No room under the cap: 200,000,000 > 100,000,000 - any amount.
    expect(w.usage.row(REF(b.id), "A2.TECH_SUPPORT#ALL")).toMatchObject({ reserved: 0, holds: {} });
    expect((await w.registry.find(b.id))?.state).toBe("MERGED");
    const history = await beneficiaryHistory(w, province, a.id);
    expect(history.ok).toBe(true);
    expect(history.chains.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(history.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "beneficiary.merge_started",
        "beneficiary.merged_into",
        "beneficiary.merged_from",
      ]),
    );
    const rebound = await w.proposals.history(p.id);
    expect(rebound.at(-1)).toMatchObject({ type: "proposal.beneficiary_rebound", reason: "merge" });
  });

  it("WHEN a proposal later names the merged id THEN it resolves to the kept entry (and its usage)", async () => {
    const { a, b } = await setUp();
    await mergeBeneficiaries(w, province, tx(province), {
      keepId: a.id,
      mergeId: b.id,
      reason: "cùng một HTX",
    });
    const { beneficiary } = await registryForProposals(w.registry).forProposal(b.id, {
      activity: "A2",
      communeId: "C-BATXAT",
      proposalId: "p-x",
    });
    expect(beneficiary.id).toBe(a.id);
  });

  it("WHEN the merge is retried THEN nothing moves twice", async () => {
    const { a, b } = await setUp();
    await mergeBeneficiaries(w, province, tx(province), {
      keepId: a.id,
      mergeId: b.id,
      reason: "x",
    });
    const again = await mergeBeneficiaries(w, province, tx(province), {
      keepId: a.id,
      mergeId: b.id,
      reason: "x",
    });
    expect(again).toMatchObject({ resumed: true });
    expect(w.usage.row(REF(a.id), "A2.TECH_SUPPORT#ALL")?.reserved).toBe(200_000_000);
  });

  it("WHEN someone else's province, a commune officer or another kind THEN it is refused and nothing changes", async () => {
    const { a, b } = await setUp();
    await expect(
      mergeBeneficiaries(w, otherProvince, tx(otherProvince), {
        keepId: a.id,
        mergeId: b.id,
        reason: "x",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      mergeBeneficiaries(w, commune, tx(commune), { keepId: a.id, mergeId: b.id, reason: "x" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const g = await registerBeneficiary(w, commune, tx(commune), group("Tổ 1"));
    await expect(
      mergeBeneficiaries(w, province, tx(province), { keepId: a.id, mergeId: g.id, reason: "x" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await w.registry.find(b.id))?.state).toBe("ACTIVE");
    expect((await w.registry.find(g.id))?.state).toBe("ACTIVE");
  });

  it("WHEN the duplicate has more proposals than one transaction can move THEN 409 and it is unlocked", async () => {
    const { a, b } = await setUp();
    for (let i = 0; i < MAX_MERGE_PROPOSALS; i++)
      for (const wr of w.registry.stageReference(b.id, `p-extra-${i}`))
        w.db.transact([wr as never]);
    await expect(
      mergeBeneficiaries(w, province, tx(province), { keepId: a.id, mergeId: b.id, reason: "x" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await w.registry.find(b.id))?.state).toBe("ACTIVE");
  });

  it("WHEN savings groups are merged THEN the removed group's members join the kept one, the same person once", async () => {
    const a = await registerBeneficiary(w, commune, tx(commune), group("Tổ Đồng Tâm"));
    const b = await registerBeneficiary(w, commune, tx(commune), group("To Dong Tam 2"));
    const add = (id: string, name: string, intro?: string) =>
      addMember(w, commune, tx(commune), id, undefined, {
        name,
        gender: "female",
        birthYear: 1980,
        introductions: intro ? [{ institution: intro, on: "2026-05-20" }] : [],
        supports: [],
      });
    await add(a.id, "Lý Thị Mai");
    await add(b.id, "Ly Thi Mai", "Ngân hàng Chính sách xã hội");
    await add(b.id, "Sùng Thị Dợ");
    await recordGroupFigures(w, commune, tx(commune), b.id, {
      period: "2026-05",
      savingsBalance: 1_000_000,
      loansOutstanding: 0,
    });
    await mergeBeneficiaries(w, province, tx(province), {
      keepId: a.id,
      mergeId: b.id,
      reason: "cùng một tổ",
    });
    const members = await w.registry.members(a.id);
    expect(members.map((m) => [m.id, m.name, m.introductions.length])).toEqual([
      ["M001", "Lý Thị Mai", 1],
      ["M002", "Sùng Thị Dợ", 0],
    ]);
    expect((await w.registry.figures(a.id)).map((f) => f.period)).toEqual(["2026-05"]);
    expect((await w.registry.find(a.id))?.pendingMerge).toBeUndefined();
  });

  it("WHEN the province finds a flagged entry is not a duplicate THEN the flag goes and the entry's chain says why", async () => {
    const first = await registerBeneficiary(w, commune, tx(commune), htx("HTX-A"));
    const second = await registerBeneficiary(
      w,
      commune,
      tx(commune),
      htx("htx-a", { duplicatesReviewed: [first.id] }),
    );
    await dismissDuplicate(w, province, tx(province), second.id, "hai HTX khác nhau, cùng tên");
    expect((await duplicateQueue(w, province)).flags).toEqual([]);
    expect((await w.registry.history(second.id)).at(-1)).toMatchObject({
      type: "beneficiary.duplicate_dismissed",
      reason: "hai HTX khác nhau, cùng tên",
    });
    await expect(
      dismissDuplicate(w, approver, tx(approver), second.id, "x"),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
