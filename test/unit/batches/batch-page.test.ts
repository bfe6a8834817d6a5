import { describe, expect, it } from "vitest";
import { batchPageBody, formErrorsOf } from "../../../functions/web/batch-views.ts";
import type { Batch } from "../../../shared/batches/domain/batch.ts";
import type { BatchRead, MemberView } from "../../../shared/batches/use-cases/read-batch.ts";
import { layout } from "../../../shared/web/html.ts";

const item = {
  code: "A1.SAVINGS_BOX_RUNNING",
  description: "Hòm và chi phí sinh hoạt",
  supportAmount: 1_500_000,
  totalCost: 1_500_000,
  months: 3,
};
const ids = Array.from(
  { length: 100 },
  (_, i) => `0f8fad5b-d9cb-469f-a165-70867728${String(i).padStart(4, "0")}`,
);
const batch: Batch = {
  id: "B-0f8fad5b-d9cb-469f-a165-708677289999",
  activity: "A1",
  title: "Tổ tiết kiệm và vay vốn thôn bản quý 3/2026 – xã Bát Xát",
  period: "2026-Q3",
  communeId: "C-BATXAT",
  reviewUnitId: "RU-BX",
  provinceId: "P-LC",
  members: ids.map((proposalId, i) => ({
    proposalId,
    beneficiaryId: `BN-${String(i).padStart(10, "0")}`,
    items: [item],
  })),
  status: "SUBMITTED",
  version: 2,
  createdAt: "2026-06-01T03:00:00.000Z",
  createdBy: "commune.batxat",
  updatedAt: "2026-06-01T03:00:00.000Z",
};
const members: MemberView[] = ids.map((proposalId, i) => ({
  proposalId,
  beneficiaryId: `BN-${String(i).padStart(10, "0")}`,
  reference: `P8-2026-${String(i).padStart(6, "0")}`,
  title: batch.title,
  beneficiaryName: `Tổ tiết kiệm và vay vốn thôn Nậm Pung số ${i + 1}`,
  amount: 1_500_000,
  status: "IN_REVIEW",
  currentTaskId: `${proposalId}-r1`,
  norms:
    i % 10 === 0
      ? {
          passed: false,
          failed: [
            "A1.SAVINGS_BOX_RUNNING.cap: Vượt mức hỗ trợ tối đa 500.000 đồng/tháng/tổ (Điều 37 khoản 2 điểm b)",
          ],
        }
      : { passed: true, failed: [] },
}));
const read: BatchRead = { batch, members, progress: "IN_REVIEW" };

describe("GIVEN a batch of 100 members in review", () => {
  it("THEN the approver's page, in the layout, stays under 100 KB with a decision per member and one for all", () => {
    const body = batchPageBody("vi", read, { role: "approver", csrf: "x".repeat(43) });
    const html = layout({
      lang: "vi",
      title: batch.title,
      body,
      path: `/app/batches/${batch.id}`,
      user: { id: "approver.batxat", role: "approver" },
    });
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
    expect(html.match(/<select name="d\./g)?.length).toBe(100);
    expect(html).toContain("Quyết định tất cả mục còn chờ (100)");
    expect(html.match(/Không đạt/g)?.length).toBe(10);
  });

  it("THEN a reader who may not decide gets no decision form", () => {
    const body = batchPageBody("en", read, { role: "auditor", csrf: "x" });
    expect(body).not.toContain("<form");
    expect(body).toContain("<h2>Members</h2>");
  });
});

describe("GIVEN the API's errors on a batch form", () => {
  it("THEN each lands on the row of its member (the n-th picked row)", () => {
    const errors = formErrorsOf(
      "vi",
      [
        { field: "members.1.beneficiaryId", message: "registered in another commune" },
        { field: "members.0.items.0.supportAmount", message: "must be at least 1 đồng" },
        { field: "title", message: "expected string to have >=1 characters" },
      ],
      [3, 7],
    );
    expect(Object.keys(errors).sort()).toEqual(["amount.3", "pick.7", "title"]);
    expect(errors.title).toBe("Bắt buộc nhập");
  });
});
