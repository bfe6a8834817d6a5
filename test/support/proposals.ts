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

export function a2Draft(overrides: Record<string, unknown> = {}) {
  return {
    activity: "A2",
    title: "Xây dựng thương hiệu chè Shan tuyết Y Tý",
    summary: "Thiết kế nhãn, đăng ký tiêu chuẩn, truy xuất nguồn gốc",
    communeId: COMMUNE,
    beneficiary: {
      kind: "COOPERATIVE",
      id: `HTX-${Math.random().toString(36).slice(2, 10)}`,
      name: "HTX Chè Y Tý",
    },
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
    beneficiary: {
      kind: "SURVIVOR_MODEL",
      id: `MH-${Math.random().toString(36).slice(2, 10)}`,
      name: "Mô hình sinh kế 1",
    },
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

export async function createDraft(stack: StackHandle, body: unknown): Promise<ProposalJson> {
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
