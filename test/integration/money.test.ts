/**
 * The money path on the local stack: settlement releasing the unused reservation and ending the
 * workflow's wait, refund, closing; concurrent payments; the decision PDF and its hash.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  a2Draft,
  createDraft,
  decide,
  type ProposalJson,
  registerFor,
  submitAndOpen,
  U,
  waitFor,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

/** An A2 approved at `amount` for a cooperative registered for it (its own caps). */
async function approvedA2(amount: number) {
  const beneficiaryId = await registerFor(stack, { activity: "A2" });
  const draft = await createDraft(
    stack,
    a2Draft({
      beneficiaryId,
      items: [
        {
          code: "A2.TECH_SUPPORT",
          description: "Nhãn hiệu",
          supportAmount: amount,
          totalCost: amount,
        },
      ],
    }),
  );
  const task = await submitAndOpen(stack, draft);
  expect((await decide(stack, task, "approve")).status).toBe(200);
  await waitForStatus(stack, draft.id, "APPROVED");
  return { id: draft.id, beneficiaryId };
}

async function executionStatus(proposalId: string): Promise<string | undefined> {
  const sfn = new SFNClient({
    endpoint: stack.urls.sfn,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    const arn = stateMachines?.find((m) =>
      m.name?.startsWith("ProposalLifecycle"),
    )?.stateMachineArn;
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    return executions?.find((e) => e.name === `${proposalId}-1`)?.status;
  } finally {
    sfn.destroy();
  }
}

const pay = (id: string, amount: number, reference: string) =>
  stack.api<ProposalJson & { remainingAmount?: number }>(
    "POST",
    `/v1/proposals/${id}/disbursements`,
    {
      token: U.finance,
      body: { amount, paidOn: "2026-06-02", reference },
    },
  );

describe("settlement: actual cost, up to the cap", () => {
  it("GIVEN an A2 approved at 60,000,000 đ and paid 40,000,000 đ WHEN settled at 38,000,000 đ THEN the execution's wait ends, 22,000,000 đ of the cap is available again, the 2,000,000 đ refund is recorded and the proposal closes", async () => {
    const { id, beneficiaryId } = await approvedA2(60_000_000);
    await waitFor("the execution to wait for the payment", async () =>
      (await executionStatus(id)) === "RUNNING" ? true : undefined,
    );
    expect((await pay(id, 40_000_000, "UNC-001")).status).toBe(201);
    const settled = await stack.api<ProposalJson & { settlement: Record<string, number> }>(
      "POST",
      `/v1/proposals/${id}/settlement`,
      {
        token: U.finance,
        body: {
          amount: 38_000_000,
          settledOn: "2026-06-25",
          documents: [{ kind: "invoice", number: "HĐ-0012", issuedOn: "2026-06-20" }],
        },
      },
    );
    expect(settled.status, settled.text).toBe(201);
    expect(settled.json.status).toBe("MONITORING");
    expect(settled.json.settlement).toMatchObject({ released: 22_000_000, refundDue: 2_000_000 });
    await waitFor("the execution to end", async () =>
      (await executionStatus(id)) === "SUCCEEDED" ? true : undefined,
    );

    // The cap of the cooperative: 100,000,000 − 38,000,000 = 62,000,000 đ free; 62,000,001 not.
    const fits = await createDraft(
      stack,
      a2Draft({
        beneficiaryId,
        items: [
          {
            code: "A2.TECH_SUPPORT",
            description: "Tiếp",
            supportAmount: 62_000_000,
            totalCost: 62_000_000,
          },
        ],
      }),
    );
    const preview = await stack.api<{ passed: boolean }>(
      "POST",
      `/v1/proposals/${fits.id}/norm-check`,
      { token: U.commune },
    );
    expect(preview.json.passed).toBe(true);
    const over = await createDraft(
      stack,
      a2Draft({
        beneficiaryId,
        items: [
          {
            code: "A2.TECH_SUPPORT",
            description: "Tiếp",
            supportAmount: 62_000_001,
            totalCost: 62_000_001,
          },
        ],
      }),
    );
    const breach = await stack.api<{ passed: boolean }>(
      "POST",
      `/v1/proposals/${over.id}/norm-check`,
      { token: U.commune },
    );
    expect(breach.json.passed).toBe(false);

    const report = await stack.api("POST", `/v1/proposals/${id}/reports`, {
      token: U.commune,
      body: {
        period: "2026-06",
        usedAmount: 38_000_000,
        progress: "on_track",
        summary: "Đã đăng ký nhãn hiệu",
      },
    });
    expect(report.status).toBe(201);
    const early = await stack.api("POST", `/v1/proposals/${id}/close`, {
      token: U.approver,
      body: {},
    });
    expect(early.status).toBe(409);
    const refund = await stack.api<ProposalJson & { settlement: Record<string, number> }>(
      "POST",
      `/v1/proposals/${id}/refunds`,
      { token: U.finance, body: { amount: 2_000_000, paidOn: "2026-06-28", reference: "PT-01" } },
    );
    expect(refund.status, refund.text).toBe(201);
    expect(refund.json.settlement.refundReceived).toBe(2_000_000);
    const closed = await stack.api<ProposalJson>("POST", `/v1/proposals/${id}/close`, {
      token: U.approver,
      body: {},
    });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.status).toBe("CLOSED");
  });

  it("GIVEN a mistaken payment WHEN finance reverses it THEN the ledger keeps both entries and the total follows", async () => {
    const { id } = await approvedA2(30_000_000);
    await pay(id, 10_000_000, "UNC-1");
    await pay(id, 10_000_000, "UNC-1");
    const reversed = await stack.api<ProposalJson>(
      "POST",
      `/v1/proposals/${id}/disbursements/2/reversal`,
      {
        token: U.finance,
        body: { reason: "Chi trùng UNC-1" },
      },
    );
    expect(reversed.status, reversed.text).toBe(201);
    expect(reversed.json.disbursedTotal).toBe(10_000_000);
    const got = await stack.api<{ disbursements: { seq: number; kind: string; amount: number }[] }>(
      "GET",
      `/v1/proposals/${id}`,
      { token: U.finance },
    );
    expect(got.json.disbursements.map((d) => [d.seq, d.kind, d.amount])).toEqual([
      [1, "payment", 10_000_000],
      [2, "payment", 10_000_000],
      [3, "reversal", -10_000_000],
    ]);
  });
});

describe("partial approval", () => {
  it("GIVEN an A2 asking 80,000,000 đ WHEN the approver approves 50,000,000 đ with a reason THEN the proposal is approved at 50,000,000 đ, the request stays as asked, and a payment above it is a 409", async () => {
    const draft = await createDraft(
      stack,
      a2Draft({
        beneficiaryId: await registerFor(stack, { activity: "A2", name: "HTX Mận Bắc Hà" }),
        items: [
          {
            code: "A2.TECH_SUPPORT",
            description: "Nhãn hiệu",
            supportAmount: 80_000_000,
            totalCost: 80_000_000,
          },
        ],
      }),
    );
    const task = await submitAndOpen(stack, draft);
    const noReason = await stack.api<{ errors: { field: string }[] }>(
      "POST",
      `/v1/tasks/${task}/decision`,
      {
        token: U.approver,
        body: { decision: "approve", reductions: [{ item: 0, amount: 50_000_000, reason: "" }] },
      },
    );
    expect(noReason.status, noReason.text).toBe(400);
    const decided = await stack.api("POST", `/v1/tasks/${task}/decision`, {
      token: U.approver,
      body: {
        decision: "approve",
        reductions: [{ item: 0, amount: 50_000_000, reason: "Vượt đơn giá tham khảo" }],
      },
    });
    expect(decided.status, decided.text).toBe(200);
    const p = await waitForStatus(stack, draft.id, "APPROVED");
    expect(p.approvedAmount).toBe(50_000_000);
    expect(
      (p as ProposalJson & { items: { supportAmount: number }[] }).items[0]?.supportAmount,
    ).toBe(80_000_000);
    const over = await pay(draft.id, 50_000_001, "UNC-P1");
    expect(over.status, over.text).toBe(409);
    expect(over.json.remainingAmount).toBe(50_000_000);
  });
});

describe("concurrent payments", () => {
  it("GIVEN 50,000,000 đ approved WHEN five payments of 9,000,000 đ are sent at once without If-Match THEN all five land, and a sixth of 6,000,000 đ gets 409 naming the 5,000,000 đ remaining", async () => {
    const { id } = await approvedA2(50_000_000);
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => pay(id, 9_000_000, `UNC-C${i}`)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const sixth = await pay(id, 6_000_000, "UNC-C6");
    expect(sixth.status, sixth.text).toBe(409);
    expect(sixth.json.remainingAmount).toBe(5_000_000);
    const got = await stack.api<ProposalJson & { disbursements: unknown[] }>(
      "GET",
      `/v1/proposals/${id}`,
      {
        token: U.finance,
      },
    );
    expect(got.json.disbursedTotal).toBe(45_000_000);
    expect(got.json.disbursements).toHaveLength(5);
  });
});

describe("the decision document", () => {
  it("GIVEN an approval WHEN its decision PDF is fetched THEN it reads back with the amount in words, and its SHA-256 is the one in the history", async () => {
    const { id } = await approvedA2(60_000_000);
    const res = await fetch(`${stack.urls.api}/v1/proposals/${id}/decision.pdf`, {
      headers: { authorization: `Bearer ${await stack.token(U.auditor)}` },
    });
    expect(res.status, res.status === 200 ? "" : await res.text()).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), "p8-decision-"));
    writeFileSync(join(dir, "d.pdf"), bytes);
    const text = execFileSync("pdftotext", [join(dir, "d.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
    expect(text).toContain("Bằng chữ: Sáu mươi triệu đồng.");
    expect(text).toContain("Thông tư 55/2023/TT-BTC, Điều 37 khoản 1");
    const history = await stack.api<{
      events: { type: string; data?: { decisionDocument?: { sha256: string } } }[];
    }>("GET", `/v1/proposals/${id}/history`, { token: U.auditor });
    const recorded = history.json.events.find((e) => e.type === "norms.passed")?.data
      ?.decisionDocument?.sha256;
    const { createHash } = await import("node:crypto");
    expect(recorded).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(res.headers.get("x-content-sha256")).toBe(recorded);
  });
});
