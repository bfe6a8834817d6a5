import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  createDraft,
  DEMO_BENEFICIARY,
  type ProposalJson,
  U,
  waitForStatus,
  waitForTask,
} from "../support/proposals.ts";

/** A client that timed out and retries with the same Idempotency-Key gets the first result. */
let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const keyed = (key: string, extra: Record<string, string> = {}) => ({
  "idempotency-key": key,
  ...extra,
});

async function historyTypes(id: string): Promise<string[]> {
  const h = await stack.api<{ events: { type: string }[] }>("GET", `/v1/proposals/${id}/history`, {
    token: U.auditor,
  });
  expect(h.status, h.text).toBe(200);
  return h.json.events.map((e) => e.type);
}

async function countProposals(title: string): Promise<number> {
  const res = await stack.api<{ items?: { title: string }[]; proposals?: { title: string }[] }>(
    "GET",
    "/v1/proposals?limit=100",
    { token: U.commune },
  );
  expect(res.status, res.text).toBe(200);
  const list = res.json.items ?? res.json.proposals ?? [];
  return list.filter((p) => p.title === title).length;
}

describe("Idempotency-Key on state-changing POSTs", () => {
  it("GIVEN a create retried concurrently and afterwards with the same key THEN one draft exists and every answer is the first one", async () => {
    const key = randomUUID();
    const title = `Idem ${key}`;
    const body = a2Draft({ title });
    const send = () =>
      stack.api<ProposalJson>("POST", "/v1/proposals", {
        token: U.commune,
        body,
        headers: keyed(key),
      });
    // The client "timed out" and fired its retry while the first was still running.
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    for (const r of [a, b, c]) expect(r.status, r.text).toBe(201);
    expect(new Set([a.json.id, b.json.id, c.json.id]).size).toBe(1);
    expect(c.headers.get("idempotent-replayed")).toBe("true");
    expect(c.headers.get("location")).toBe(`/v1/proposals/${a.json.id}`);
    expect(await countProposals(title)).toBe(1);
  });

  it("GIVEN a used key WHEN sent with a different body or route THEN 422 and nothing is created", async () => {
    const key = randomUUID();
    const title = `Idem ${key}`;
    const first = await stack.api<ProposalJson>("POST", "/v1/proposals", {
      token: U.commune,
      body: a2Draft({ title }),
      headers: keyed(key),
    });
    expect(first.status).toBe(201);
    const other = await stack.api("POST", "/v1/proposals", {
      token: U.commune,
      body: a2Draft({ title: `${title} (khác)` }),
      headers: keyed(key),
    });
    expect(other.status, other.text).toBe(422);
    expect(other.text).toContain("idempotency-key-reused");
    const otherRoute = await stack.api("POST", `/v1/proposals/${first.json.id}/submit`, {
      token: U.commune,
      headers: keyed(key, { "if-match": '"1"' }),
    });
    expect(otherRoute.status).toBe(422);
    expect((await waitForStatus(stack, first.json.id, "DRAFT")).version).toBe(1);
    expect(await countProposals(`${title} (khác)`)).toBe(0);
  });

  it("GIVEN the same key from two users THEN each gets their own result (keys are per user)", async () => {
    const key = randomUUID();
    const mine = await stack.api<ProposalJson>("POST", "/v1/proposals", {
      token: U.commune,
      body: a2Draft(),
      headers: keyed(key),
    });
    const theirs = await stack.api<ProposalJson>("POST", "/v1/proposals", {
      token: U.commune2,
      body: a2Draft({
        communeId: "C-MUONGHUM",
        beneficiaryId: DEMO_BENEFICIARY.cooperativeMuongHum,
      }),
      headers: keyed(key),
    });
    expect(mine.status).toBe(201);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.json.id).not.toBe(mine.json.id);
  });

  it("GIVEN submit, decision and disbursement retried with their keys THEN each happens once and the retry gets the first answer", async () => {
    const draft = await createDraft(stack, a2Draft());
    const submitKey = randomUUID();
    const submit = () =>
      stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/submit`, {
        token: U.commune,
        headers: keyed(submitKey, { "if-match": '"1"' }),
      });
    const [s1, s2] = await Promise.all([submit(), submit()]);
    expect(s1.status, s1.text).toBe(202);
    expect(s2.status, s2.text).toBe(202);
    expect(s2.json).toEqual(s1.json);
    const taskId = await waitForTask(stack, draft.id);

    const decisionKey = randomUUID();
    const decide = () =>
      stack.api<{ proposalStatus: string }>("POST", `/v1/tasks/${taskId}/decision`, {
        token: U.approver,
        body: { decision: "approve" },
        headers: keyed(decisionKey),
      });
    const d1 = await decide();
    const d2 = await decide();
    expect(d1.status, d1.text).toBe(200);
    expect(d2.status, d2.text).toBe(200);
    expect(d2.json).toEqual(d1.json);
    // Without the key the same decision is a second decision: 409.
    const noKey = await stack.api("POST", `/v1/tasks/${taskId}/decision`, {
      token: U.approver,
      body: { decision: "approve" },
    });
    expect(noKey.status).toBe(409);
    await waitForStatus(stack, draft.id, "APPROVED");

    const payKey = randomUUID();
    const pay = () =>
      stack.api<ProposalJson>("POST", `/v1/proposals/${draft.id}/disbursements`, {
        token: U.finance,
        body: { amount: 10_000_000, paidOn: "2026-06-01", reference: "UNC-IDEM-1" },
        headers: keyed(payKey),
      });
    const [p1, p2] = await Promise.all([pay(), pay()]);
    const p3 = await pay();
    for (const r of [p1, p2, p3]) {
      expect(r.status, r.text).toBe(201);
      expect(r.json.disbursedTotal).toBe(10_000_000);
    }
    const after = await waitForStatus(stack, draft.id, "DISBURSING");
    expect(after.disbursedTotal).toBe(10_000_000);

    const types = await historyTypes(draft.id);
    expect(types.filter((t) => t === "proposal.submitted")).toHaveLength(1);
    expect(types.filter((t) => t === "review.approved")).toHaveLength(1);
    expect(types.filter((t) => t === "disbursement.recorded")).toHaveLength(1);
  });

  it("GIVEN a refused request with a key THEN the retry gets the same refusal, and a malformed key is a 400", async () => {
    const draft = await createDraft(stack, a2Draft());
    const key = randomUUID();
    const stale = () =>
      stack.api("POST", `/v1/proposals/${draft.id}/submit`, {
        token: U.commune,
        headers: keyed(key, { "if-match": '"7"' }),
      });
    const r1 = await stale();
    const r2 = await stale();
    expect(r1.status).toBe(412);
    expect(r2.status).toBe(412);
    expect(r2.text).toBe(r1.text);
    const bad = await stack.api("POST", "/v1/proposals", {
      token: U.commune,
      body: a2Draft(),
      headers: keyed("no spaces allowed"),
    });
    expect(bad.status).toBe(400);
  });
});
