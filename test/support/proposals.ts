import { expect } from "vitest";
import type { StackHandle } from "./local-stack.ts";

/** Demo ids (local/demo) used across the integration tests. */
export const U = {
  commune: "commune.batxat",
  commune2: "commune.muonghum",
  approver: "approver.batxat",
  approver2: "approver2.batxat",
  lead: "lead.batxat",
  finance: "finance.laocai",
  province: "province.laocai",
  auditor: "auditor.laocai",
  admin: "admin",
  admin2: "admin2",
  central: "central.officer",
  central2: "central.officer2",
} as const;

export const COMMUNE = "C-BATXAT";

/**
 * Registered beneficiaries of the demo (local/demo/registry.ts). A draft built with a2Draft()
 * or a4Draft() names one of these, which is enough to create drafts; createDraft() gives each
 * draft that still names one of them a beneficiary of its own, so that approvals in different
 * tests never share a cap.
 */
export const DEMO_BENEFICIARY = {
  cooperative: "BN-DEM0000003",
  cooperativeMuongHum: "BN-DEM0000007",
  survivorCase: "BN-DEM0000006",
  savingsGroup: "BN-DEM0000001",
  trustedAddress: "BN-DEM0000005",
} as const;
const SHARED = new Set<string>(Object.values(DEMO_BENEFICIARY));

const KIND_OF_ACTIVITY: Record<string, string> = {
  A1: "SAVINGS_GROUP",
  A2: "COOPERATIVE",
  A3: "TRUSTED_ADDRESS",
  A4: "SURVIVOR_CASE",
};

/** A registration body of a kind, with a name no other test uses. */
export function registrationOf(kind: string, communeId: string, name?: string) {
  const unique = name ?? `Thử ${kind} ${Math.random().toString(36).slice(2, 10)}`;
  switch (kind) {
    case "SAVINGS_GROUP":
      return { kind, communeId, name: unique, village: "Thôn thử", foundedOn: "2026-05-01" };
    case "TRUSTED_ADDRESS":
      return { kind, communeId, name: unique, origin: "founded", since: "2026-01-10" };
    case "SURVIVOR_CASE":
      return { kind, communeId, listedOn: "2026-01-10", needs: ["livelihood"] };
    default:
      return {
        kind,
        communeId,
        name: unique,
        leadership: "women_led",
        memberCounts: [],
        products: [],
      };
  }
}

/** The demo commune officer of a commune (others need a token of their own). */
const OFFICER_OF: Record<string, string> = { "C-BATXAT": U.commune, "C-MUONGHUM": U.commune2 };

/**
 * Registers a fresh beneficiary (its own caps) for an activity in a commune, as its officer:
 * a demo username, or `token` for a user the test signed itself. Returns the registry id.
 */
export async function registerFor(
  stack: StackHandle,
  o: { activity?: string; kind?: string; communeId?: string; token?: string; name?: string } = {},
): Promise<string> {
  const communeId = o.communeId ?? COMMUNE;
  const kind = o.kind ?? KIND_OF_ACTIVITY[o.activity ?? "A2"] ?? "COOPERATIVE";
  const body = registrationOf(kind, communeId, o.name);
  const res = o.token
    ? await fetch(`${stack.urls.api}/v1/registry/beneficiaries`, {
        method: "POST",
        headers: { authorization: `Bearer ${o.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, text: await r.text() }))
    : await stack.api("POST", "/v1/registry/beneficiaries", {
        token: OFFICER_OF[communeId] ?? U.commune,
        body,
      });
  expect(res.status, res.text).toBe(201);
  return (JSON.parse(res.text) as { id: string }).id;
}

/** The body with a beneficiary of its own when it names a shared demo beneficiary. */
export async function withOwnBeneficiary<T extends Record<string, unknown>>(
  stack: StackHandle,
  body: T,
  token?: string,
): Promise<T> {
  const id = body.beneficiaryId;
  if (typeof id === "string" && !SHARED.has(id)) return body;
  const beneficiaryId = await registerFor(stack, {
    activity: String(body.activity ?? "A2"),
    communeId: String(body.communeId ?? COMMUNE),
    ...(token ? { token } : {}),
  });
  return { ...body, beneficiaryId };
}

export function a2Draft(overrides: Record<string, unknown> = {}) {
  return {
    activity: "A2",
    title: "Xây dựng thương hiệu chè Shan tuyết Y Tý",
    summary: "Thiết kế nhãn, đăng ký tiêu chuẩn, truy xuất nguồn gốc",
    communeId: COMMUNE,
    beneficiaryId: DEMO_BENEFICIARY.cooperative as string,
    items: [
      {
        code: "A2.TECH_SUPPORT",
        description: "Xây dựng thương hiệu và tem truy xuất",
        supportAmount: 60_000_000,
        totalCost: 90_000_000,
      },
    ],
    ...overrides,
  };
}

export function a4Draft(supportAmount: number, overrides: Record<string, unknown> = {}) {
  return {
    activity: "A4",
    title: "Mô hình nuôi lợn đen sinh kế",
    communeId: COMMUNE,
    beneficiaryId: DEMO_BENEFICIARY.survivorCase as string,
    items: [
      {
        code: "A4.LIVELIHOOD_MODEL",
        description: "Giống, chuồng trại, thức ăn",
        supportAmount,
        totalCost: supportAmount,
      },
    ],
    ...overrides,
  };
}

export interface ProposalJson {
  id: string;
  reference: string;
  status: string;
  version: number;
  submissionNo: number;
  currentTaskId?: string;
  statusReason?: string;
  approvedAmount?: number;
  disbursedTotal: number;
  normCheck?: {
    passed: boolean;
    rules: { passed: boolean; messageVi: string; messageEn: string }[];
  };
}

/** Polls until `check` returns a value (workflow steps run asynchronously). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function getProposal(
  stack: StackHandle,
  id: string,
  user: string = U.commune,
): Promise<ProposalJson> {
  const res = await stack.api<ProposalJson>("GET", `/v1/proposals/${id}`, { token: user });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

export async function waitForStatus(
  stack: StackHandle,
  id: string,
  status: string,
  timeoutMs?: number,
): Promise<ProposalJson> {
  return waitFor(
    `proposal ${id} to reach ${status}`,
    async () => {
      const p = await getProposal(stack, id);
      return p.status === status ? p : undefined;
    },
    timeoutMs,
  );
}

/** Waits for the review task that the workflow opens after a submission. */
export async function waitForTask(
  stack: StackHandle,
  id: string,
  submissionNo = 1,
): Promise<string> {
  return waitFor(`review task of ${id}`, async () => {
    const p = await getProposal(stack, id);
    return p.currentTaskId?.endsWith(`-r${submissionNo}`) ? p.currentTaskId : undefined;
  });
}

/** Creates a draft as the Bát Xát officer; a shared demo beneficiary is replaced by a fresh one. */
export async function createDraft(
  stack: StackHandle,
  draft: Record<string, unknown>,
): Promise<ProposalJson> {
  const body = await withOwnBeneficiary(stack, draft);
  const res = await stack.api<ProposalJson>("POST", "/v1/proposals", { token: U.commune, body });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

export async function submitAndOpen(stack: StackHandle, p: ProposalJson): Promise<string> {
  const res = await stack.api<ProposalJson>("POST", `/v1/proposals/${p.id}/submit`, {
    token: U.commune,
    headers: { "if-match": `"${p.version}"` },
  });
  expect(res.status, res.text).toBe(202);
  return waitForTask(stack, p.id, res.json.submissionNo);
}

export async function decide(
  stack: StackHandle,
  taskId: string,
  decision: string,
  comment?: string,
  user: string = U.approver,
) {
  return stack.api<{ task: { status: string; decidedBy: string }; proposalStatus: string }>(
    "POST",
    `/v1/tasks/${taskId}/decision`,
    {
      token: user,
      body: { decision, ...(comment ? { comment } : {}) },
    },
  );
}
