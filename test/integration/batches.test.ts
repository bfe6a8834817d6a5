/**
 * Batch proposals on the local stack: a commune proposes three of its A1 savings groups at once,
 * one of them claiming more than the cap; the reviewer approves one item by item, then all at
 * once: the failing one is named and left; each member keeps its own norm check and history.
 * Bad lists (a beneficiary twice, another commune's, more than 100) are 400s naming the member.
 */
import { describe, expect, it } from "vitest";
import { csrfOf, page } from "../support/approver-helpers.ts";
import { registerFor, U, waitFor, waitForStatus, waitForTask } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

interface MemberJson {
  proposalId: string;
  beneficiaryId: string;
  reference?: string;
  status?: string;
  currentTaskId?: string;
  norms?: { passed: boolean; failed: string[] };
}
interface BatchJson {
  id: string;
  status: string;
  progress: string;
  version: number;
  members: MemberJson[];
  counts: Record<string, number>;
}
interface Problem {
  errors?: { field: string; message: string }[];
}
interface DecisionJson {
  results: { proposalId: string; outcome: string; reason?: string; status?: string }[];
}

/** Three months of a group's savings box and running costs from May 2026 (its founding month). */
const a1Member = (beneficiaryId: string, supportAmount = 1_500_000) => ({
  beneficiaryId,
  items: [
    {
      code: "A1.SAVINGS_BOX_RUNNING",
      description: "Hòm tiết kiệm và chi phí sinh hoạt",
      supportAmount,
      totalCost: supportAmount,
      months: 3,
      startMonth: "2026-05",
    },
  ],
});
const batchBody = (members: unknown[]) => ({
  activity: "A1",
  title: "Tổ TKVVTB quý 2/2026",
  period: "2026-Q2",
  communeId: "C-BATXAT",
  members,
});
const fieldsOf = (text: string) => (JSON.parse(text) as Problem).errors?.map((e) => e.field);

describe("GIVEN a commune's registered savings groups", () => {
  it("WHEN the list names a group twice, another commune's group or more than 100 THEN it is a 400 naming the member, and nothing is written", async () => {
    const [own, other] = await Promise.all([
      registerFor(stack, { activity: "A1" }),
      registerFor(stack, { activity: "A1", communeId: "C-MUONGHUM" }),
    ]);
    const before = await stack.api<{ batches: unknown[] }>("GET", "/v1/batches", {
      token: U.commune,
    });
    const twice = await stack.api("POST", "/v1/batches", {
      token: U.commune,
      body: batchBody([a1Member(own), a1Member(own)]),
    });
    expect(twice.status, twice.text).toBe(400);
    expect(fieldsOf(twice.text)).toEqual(["members.1.beneficiaryId"]);
    const foreign = await stack.api("POST", "/v1/batches", {
      token: U.commune,
      body: batchBody([a1Member(own), a1Member(other)]),
    });
    expect(foreign.status, foreign.text).toBe(400);
    expect(fieldsOf(foreign.text)).toEqual(["members.1.beneficiaryId"]);
    expect(foreign.text).toContain("another commune");
    const ids = Array.from({ length: 101 }, (_, i) => `BN-${String(i).padStart(10, "0")}`);
    const tooMany = await stack.api("POST", "/v1/batches", {
      token: U.commune,
      body: batchBody(ids.map((id) => a1Member(id))),
    });
    expect(tooMany.status, tooMany.text).toBe(400);
    expect(fieldsOf(tooMany.text)).toEqual(["members.100"]);
    const after = await stack.api<{ batches: unknown[] }>("GET", "/v1/batches", {
      token: U.commune,
    });
    expect(after.json.batches.length).toBe(before.json.batches.length);
  });

  it("WHEN it submits three as a batch and the reviewer approves one item by item, then all at once THEN the one over the cap is named and left, and each member keeps its own history", async () => {
    const groups = await Promise.all([1, 2, 3].map(() => registerFor(stack, { activity: "A1" })));
    const [g1, g2, g3] = groups as [string, string, string];
    const once = {
      token: U.commune,
      headers: { "idempotency-key": `batch-${g1}` },
      body: batchBody([a1Member(g1), a1Member(g2), a1Member(g3, 2_000_000)]),
    };
    const created = await stack.api<BatchJson>("POST", "/v1/batches", once);
    expect(created.status, created.text).toBe(201);
    const batch = created.json;
    // A retried creation (same Idempotency-Key) answers the first batch; nothing is written twice.
    const retried = await stack.api<BatchJson>("POST", "/v1/batches", once);
    expect(retried.status).toBe(201);
    expect(retried.json.id).toBe(batch.id);
    expect(batch.status).toBe("DRAFT");
    expect(batch.members.map((m) => [m.beneficiaryId, m.status])).toEqual([
      [g1, "DRAFT"],
      [g2, "DRAFT"],
      [g3, "DRAFT"],
    ]);
    const [p1, p2, p3] = batch.members.map((m) => m.proposalId) as [string, string, string];

    const submitted = await stack.api<{ results: { outcome: string }[] }>(
      "POST",
      `/v1/batches/${batch.id}/submit`,
      { token: U.commune, headers: { "if-match": `"${batch.version}"` } },
    );
    expect(submitted.status, submitted.text).toBe(202);
    expect(submitted.json.results.map((r) => r.outcome)).toEqual([
      "submitted",
      "submitted",
      "submitted",
    ]);
    // Submitted once: a second submit submits nothing again.
    const again = await stack.api<{ results: { outcome: string }[] }>(
      "POST",
      `/v1/batches/${batch.id}/submit`,
      { token: U.commune },
    );
    expect(again.json.results.map((r) => r.outcome)).toEqual([
      "already-submitted",
      "already-submitted",
      "already-submitted",
    ]);
    await Promise.all([p1, p2, p3].map((id) => waitForTask(stack, id)));

    // The reviewer's view: every member in review with its norm check as of now.
    const seen = await stack.api<BatchJson>("GET", `/v1/batches/${batch.id}`, {
      token: U.approver,
    });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json.progress).toBe("IN_REVIEW");
    expect(seen.json.members.map((m) => m.norms?.passed)).toEqual([true, true, false]);

    const one = await stack.api<DecisionJson>("POST", `/v1/batches/${batch.id}/decisions`, {
      token: U.approver,
      body: { items: [{ proposalId: p1, decision: "approve" }] },
    });
    expect(one.status, one.text).toBe(200);
    expect(one.json.results).toMatchObject([{ proposalId: p1, outcome: "decided" }]);

    const all = await stack.api<DecisionJson>("POST", `/v1/batches/${batch.id}/decisions`, {
      token: U.approver,
      body: { decision: "approve" },
    });
    expect(all.status, all.text).toBe(200);
    const outcome = Object.fromEntries(all.json.results.map((r) => [r.proposalId, r]));
    expect(outcome[p1]?.outcome).toBe("already-decided");
    expect(outcome[p2]?.outcome).toBe("decided");
    expect(outcome[p3]?.outcome).toBe("norm-failed");
    expect(outcome[p3]?.reason).toContain("A1");
    await waitForStatus(stack, p1, "APPROVED");
    await waitForStatus(stack, p2, "APPROVED");

    // Repeating it decides nothing twice; the failing member is still waiting for a person.
    const repeat = await stack.api<DecisionJson>("POST", `/v1/batches/${batch.id}/decisions`, {
      token: U.approver,
      body: { decision: "approve" },
    });
    expect(repeat.json.results.map((r) => r.outcome)).toEqual([
      "already-decided",
      "already-decided",
      "norm-failed",
    ]);
    const still = await stack.api<{ status: string }>("GET", `/v1/proposals/${p3}`, {
      token: U.approver,
    });
    expect(still.json.status).toBe("IN_REVIEW");

    // Each member's history is its own: created in the batch, submitted, decided, norm-checked.
    const typesOf = async (id: string) => {
      const h = await stack.api<{
        chain: { ok: boolean };
        events: { type: string; data?: { batchId?: string } }[];
      }>("GET", `/v1/proposals/${id}/history`, { token: U.auditor });
      expect(h.json.chain.ok).toBe(true);
      expect(h.json.events[0]?.data?.batchId).toBe(batch.id);
      return h.json.events.map((e) => e.type).filter((t) => !t.startsWith("review.task"));
    };
    for (const id of [p1, p2]) {
      const types = await typesOf(id);
      expect(types).toContain("proposal.created");
      expect(types).toContain("proposal.submitted");
      expect(types.filter((t) => t === "review.approved")).toHaveLength(1);
      expect(types).toContain("norms.passed");
    }
    const p3Types = await typesOf(p3);
    expect(p3Types.some((t) => t.startsWith("review.approved") || t.startsWith("norms."))).toBe(
      false,
    );

    // The reviewer returns it on its own, with the reason; the batch is then decided.
    const back = await stack.api<DecisionJson>("POST", `/v1/batches/${batch.id}/decisions`, {
      token: U.approver,
      body: {
        items: [{ proposalId: p3, decision: "return", comment: "Vượt mức 500.000 đ/tháng" }],
      },
    });
    expect(back.json.results).toMatchObject([
      { proposalId: p3, outcome: "decided", status: "RETURNED" },
    ]);
    const done = await waitFor("the batch decided", async () => {
      const b = await stack.api<BatchJson>("GET", `/v1/batches/${batch.id}`, { token: U.commune });
      return b.json.progress === "DECIDED" ? b.json : undefined;
    });
    expect(done.counts).toEqual({ APPROVED: 2, RETURNED: 1 });
  });
});

describe("GIVEN a submitted batch WHEN two approvers decide all at once at the same moment", () => {
  it("THEN every member is decided exactly once, by one of them, with one decision event", async () => {
    const groups = await Promise.all([1, 2, 3].map(() => registerFor(stack, { activity: "A1" })));
    const created = await stack.api<BatchJson>("POST", "/v1/batches", {
      token: U.commune,
      body: batchBody(groups.map((g) => a1Member(g))),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id;
    const ids = created.json.members.map((m) => m.proposalId);
    expect((await stack.api("POST", `/v1/batches/${id}/submit`, { token: U.commune })).status).toBe(
      202,
    );
    await Promise.all(ids.map((p) => waitForTask(stack, p)));
    const answers = await Promise.all(
      [U.approver, U.approver2, U.approver].map((token) =>
        stack.api<DecisionJson>("POST", `/v1/batches/${id}/decisions`, {
          token,
          body: { decision: "approve" },
        }),
      ),
    );
    for (const a of answers) expect(a.status, a.text).toBe(200);
    const decided = answers.flatMap((a) => a.json.results.filter((r) => r.outcome === "decided"));
    expect(decided.map((r) => r.proposalId).sort()).toEqual([...ids].sort());
    for (const p of ids) {
      await waitForStatus(stack, p, "APPROVED");
      const h = await stack.api<{ events: { type: string }[] }>(
        "GET",
        `/v1/proposals/${p}/history`,
        {
          token: U.auditor,
        },
      );
      expect(h.json.events.filter((e) => e.type === "review.approved")).toHaveLength(1);
    }
  });
});

describe("GIVEN the commune officer and the approver on the pages, without JavaScript", () => {
  it("WHEN the commune builds a batch from its registered groups and the approver decides one item, then all at once THEN each form works as a plain post and the pages stay under 100 KB", async () => {
    const [ok, over] = await Promise.all([
      registerFor(stack, { activity: "A1", name: `Tổ Hoa Ban ${Date.now()}` }),
      registerFor(stack, { activity: "A1", name: `Tổ Sơn Ca ${Date.now()}` }),
    ]);
    const form = await page(stack, "GET", "/app/batches/new", { user: U.commune });
    expect(form.status, form.html).toBe(200);
    expect(form.html).toContain("Lập danh sách đề xuất mới");
    // The commune officer's menu leads to the batches.
    expect(form.html).toContain('<a href="/app/batches"');
    const rowOf = (id: string) =>
      new RegExp(`name="pick\\.(\\d+)" value="${id}"`).exec(form.html)?.[1];
    const [rOk, rOver] = [rowOf(ok), rowOf(over)];
    expect(rOk && rOver, "both groups are listed with a checkbox").toBeTruthy();
    const fields = (title: string) => ({
      _csrf: csrfOf(form.html),
      activity: "A1",
      title,
      period: "2026-Q2",
      [`pick.${rOk}`]: ok,
      [`amount.${rOk}`]: "1500000",
      [`months.${rOk}`]: "3",
      [`start.${rOk}`]: "2026-05",
      [`pick.${rOver}`]: over,
      [`amount.${rOver}`]: "1800000",
      [`months.${rOver}`]: "3",
      [`start.${rOver}`]: "2026-05",
    });
    // No title: the form comes back with the field's error in Vietnamese, nothing written.
    const refused = await page(stack, "POST", "/app/batches", {
      user: U.commune,
      form: fields(""),
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("aria-invalid");
    const created = await page(stack, "POST", "/app/batches", {
      user: U.commune,
      form: fields("Tổ TKVVTB quý 2 (trang)"),
    });
    expect(created.status, created.html).toBe(303);
    const path = (created.location ?? "").split("?")[0] ?? "";
    expect(path).toMatch(/^\/app\/batches\/B-/);
    const mine = await page(stack, "GET", path, { user: U.commune });
    expect(mine.html).toContain("Gửi thẩm định cả danh sách");
    expect(mine.html).toContain("Xã Bát Xát");
    const sent = await page(stack, "POST", path, {
      user: U.commune,
      form: { _csrf: csrfOf(mine.html), op: "submit" },
    });
    expect(sent.status, sent.html).toBe(303);
    expect(sent.location).toContain("submitted=1");

    const id = decodeURIComponent(path.split("/").pop() ?? "");
    const batch = await stack.api<BatchJson>("GET", `/v1/batches/${id}`, { token: U.approver });
    const [p1, p2] = batch.json.members.map((m) => m.proposalId) as [string, string];
    const [t1] = await Promise.all([p1, p2].map((p) => waitForTask(stack, p)));
    // A member's own task page leads to its batch.
    const task = await page(stack, "GET", `/app/tasks/${t1}`, { user: U.approver });
    expect(task.html).toContain(`href="/app/batches/${id}"`);
    const review = await page(stack, "GET", path, { user: U.approver });
    expect(review.status).toBe(200);
    expect(review.bytes).toBeLessThan(100 * 1024);
    expect(review.html).toContain("Quyết định tất cả mục còn chờ (2)");
    expect(review.html).toContain(`name="d.${p1}"`);
    expect(review.html).toContain("Không đạt");
    const one = await page(stack, "POST", path, {
      user: U.approver,
      form: {
        _csrf: csrfOf(review.html),
        op: "decideItems",
        [`d.${p1}`]: "approve",
        [`d.${p2}`]: "",
      },
    });
    expect(one.status, one.html).toBe(303);
    expect(one.location).toContain("decided=1&left=0");
    const all = await page(stack, "POST", path, {
      user: U.approver,
      form: { _csrf: csrfOf(review.html), op: "decideAll", decision: "approve" },
    });
    expect(all.status, all.html).toBe(303);
    // p1 is decided already and p2 fails its norm check: nothing is approved at once.
    expect(all.location).toContain("decided=0&left=2");
    await waitForStatus(stack, p1, "APPROVED");
    const after = await page(stack, "GET", all.location ?? path, { user: U.approver });
    expect(after.html).toContain("Đã quyết định: 0");
    expect(after.html).toContain(`name="d.${p2}"`);
    expect(after.html).not.toContain(`name="d.${p1}"`);
  });
});
