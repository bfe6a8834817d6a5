/**
 * One in-memory world for the review use cases: the demo units and users, every port on one
 * MemoryDb, and helpers that bring a proposal to an open review task the way the workflow does.
 */
import type { ScopedActor } from "../../../shared/access/policy.ts";
import type { DirectoryUser } from "../../../shared/directory/ports.ts";
import type { Proposal, TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import {
  createProposal,
  type DraftInput,
  submitProposal,
} from "../../../shared/proposals/use-cases/proposals.ts";
import { registryForProposals } from "../../../shared/registry/use-cases/for-proposals.ts";
import type { ReviewTask } from "../../../shared/review/domain/task.ts";
import { openReviewTask } from "../../../shared/review/use-cases/review.ts";
import { memoryAuditLog } from "./audit.ts";
import { MemoryDb } from "./db.ts";
import { DEMO_UNITS, memoryDirectory } from "./directory.ts";
import { memoryAppLinks, memoryMailer } from "./notifications.ts";
import { memoryCipher, memoryPseudonyms } from "./privacy.ts";
import { memoryProposalStore } from "./proposals.ts";
import { memoryRegistryStore, seedEntry } from "./registry.ts";
import { memoryLinkStore, memoryReviewSettings, memoryTaskStore } from "./review.ts";
import { memoryExecutionWatch, memoryOutbox, memoryWorkflow } from "./workflow.ts";

type Person = ScopedActor & { name: string };

const person = (id: string, role: ScopedActor["role"], unitId: string, name: string): Person => ({
  id,
  role,
  unitId,
  provinceId: "P-LC",
  name,
});

export const P = {
  commune: person("commune.batxat", "commune_officer", "C-BATXAT", "Cán bộ xã Bát Xát"),
  approver: person("approver.batxat", "approver", "RU-BX", "Nguyễn Thị Duyệt"),
  approver2: person("approver2.batxat", "approver", "RU-BX", "Trần Thị Hai"),
  lead: person("lead.batxat", "unit_lead", "RU-BX", "Lê Thị Trưởng"),
  province: person("province.laocai", "province_officer", "P-LC", "Sở Lào Cai"),
  auditor: person("auditor.laocai", "auditor", "P-LC", "Kiểm toán"),
  admin: person("admin", "admin", "P-LC", "Quản trị"),
  /** An approver of another reviewing unit of the province. */
  outsider: person("approver.sapa", "approver", "RU-SP", "Phạm Thị Sa Pa"),
};

const USERS: DirectoryUser[] = Object.values(P).map((p) => ({
  username: p.id,
  name: p.name,
  email: `${p.id}@p8.test`,
  role: p.role,
  unitId: p.unitId,
  provinceId: p.provinceId,
}));

const UNITS = [
  ...DEMO_UNITS,
  {
    id: "RU-SP",
    kind: "review_unit" as const,
    nameVi: "Hội LHPN Sa Pa",
    nameEn: "Sa Pa union",
    provinceId: "P-LC",
  },
  {
    id: "C-TAVAN",
    kind: "commune" as const,
    nameVi: "Xã Tả Van",
    nameEn: "Ta Van",
    provinceId: "P-LC",
    reviewUnitId: "RU-SP",
  },
];

/** The registered cooperatives the drafts name (shared/registry): one per commune of the world. */
export const COOPERATIVE = { "C-BATXAT": "BN-REV0000001", "C-TAVAN": "BN-REV0000002" } as const;

export function reviewWorld() {
  const db = new MemoryDb();
  const workflow = memoryWorkflow();
  for (const [communeId, id] of Object.entries(COOPERATIVE)) {
    seedEntry(db, {
      id,
      kind: "COOPERATIVE",
      communeId,
      provinceId: "P-LC",
      name: `HTX ${communeId}`,
    });
  }
  const ports = {
    db,
    registry: registryForProposals(memoryRegistryStore(db)),
    proposals: memoryProposalStore(db),
    directory: memoryDirectory(UNITS, USERS),
    cipher: memoryCipher(),
    pseudonyms: memoryPseudonyms,
    workflow,
    outbox: memoryOutbox(db, workflow),
    watch: memoryExecutionWatch(db),
    tasks: memoryTaskStore(db),
    links: memoryLinkStore(db),
    settings: memoryReviewSettings(db),
    audit: memoryAuditLog(db),
    mailer: memoryMailer(),
    urls: memoryAppLinks,
  };
  return ports;
}
export type ReviewWorld = ReturnType<typeof reviewWorld>;

export const at = (iso: string, actor: ScopedActor): TransitionContext => ({
  actor,
  channel: "api",
  at: iso,
});

export const draftInput = (over: Partial<DraftInput> = {}): DraftInput => ({
  activity: "A2",
  phase: "2021-2025",
  title: "Thương hiệu chè Shan tuyết",
  communeId: "C-BATXAT",
  beneficiaryId:
    COOPERATIVE[(over.communeId ?? "C-BATXAT") as keyof typeof COOPERATIVE] ??
    COOPERATIVE["C-BATXAT"],
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

/** The token the workflow's OpenReview step waits on, per submission. */
export const tokenOf = (p: Proposal, submissionNo = p.submissionNo) =>
  `token-${p.id}-${submissionNo}`;

/**
 * A commune's proposal, submitted and with its review task open (as the workflow's OpenReview
 * step would open it at `openedAt`).
 */
export async function openTask(
  w: ReviewWorld,
  openedAt = "2026-06-01T02:00:00.000Z",
  over: Partial<DraftInput> = {},
): Promise<{ proposal: Proposal; task: ReviewTask }> {
  const created = await createProposal(
    w,
    P.commune,
    at("2026-06-01T01:00:00.000Z", P.commune),
    draftInput(over),
  );
  const submitted = await submitProposal(
    w,
    P.commune,
    at("2026-06-01T01:30:00.000Z", P.commune),
    created.id,
    created.version,
  );
  const task = await openReviewTask(
    w,
    {
      proposalId: submitted.id,
      submissionNo: submitted.submissionNo,
      taskToken: tokenOf(submitted),
    },
    openedAt,
  );
  const proposal = await w.proposals.find(submitted.id);
  if (!proposal) throw new Error("proposal vanished");
  return { proposal, task };
}
