import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BenchClient, pool } from "../../scripts/bench/client.ts";
import { runLifecycle } from "../../scripts/bench/lifecycle.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  createDraft,
  getProposal,
  type ProposalJson,
  submitAndOpen,
  U,
} from "../support/proposals.ts";

/**
 * Injected DynamoDB throttling and transaction conflicts (local/aws/faults.ts, applied by the
 * DynamoDB gateway in front of DynamoDB Local, switched through POST /_local/faults) are retried
 * with back-off; only when retries run out does the client see 503 with Retry-After, and then
 * nothing was written. No deployed bundle contains any of it (test/heavy/local-bundles.test.ts).
 */
let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await faults({});
});
afterAll(async () => {
  await stack?.dispose();
});

interface FaultState {
  faults: { throttle: number; txconflict: number };
  injected: { throttled: number; conflicts: number };
}

async function faults(rates: Partial<FaultState["faults"]>): Promise<FaultState> {
  const res = await stack.api<FaultState>("POST", "/_local/faults", { body: rates });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

async function historyLength(id: string): Promise<number> {
  const h = await stack.api<{ events: unknown[] }>("GET", `/v1/proposals/${id}/history`, {
    token: U.auditor,
  });
  return h.json.events.length;
}

describe("injected DynamoDB faults", () => {
  it("GIVEN bad rates THEN the endpoint refuses them", async () => {
    const res = await stack.api("POST", "/_local/faults", { body: { throttle: 2 } });
    expect(res.status).toBe(400);
  });

  it("GIVEN every transaction conflicts WHEN a draft is created THEN 503 with Retry-After, no draft; once conflicts stop the same key creates it", async () => {
    const before = await faults({ txconflict: 1 });
    const key = randomUUID();
    const title = `Conflict ${key}`;
    const send = () =>
      stack.api<ProposalJson>("POST", "/v1/proposals", {
        token: U.commune,
        body: a2Draft({ title }),
        headers: { "idempotency-key": key },
      });
    const refused = await send();
    expect(refused.status, refused.text).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const after = await faults({ txconflict: 1 });
    // The first attempt and its 5 retries all met a conflict.
    expect(after.injected.conflicts - before.injected.conflicts).toBeGreaterThanOrEqual(6);
    await faults({});
    const list = await stack.api<{ proposals: { title: string }[] }>(
      "GET",
      "/v1/proposals?limit=100",
      { token: U.commune },
    );
    expect(list.json.proposals.filter((p) => p.title === title)).toHaveLength(0);
    const created = await send();
    expect(created.status, created.text).toBe(201);
  });

  it("GIVEN every transaction conflicts WHEN an approver decides THEN 503 and the task, the proposal and its history are unchanged", async () => {
    const draft = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, draft);
    const before = await getProposal(stack, draft.id);
    const events = await historyLength(draft.id);
    await faults({ txconflict: 1 });
    const key = randomUUID();
    const decide = () =>
      stack.api("POST", `/v1/tasks/${taskId}/decision`, {
        token: U.approver,
        body: { decision: "approve" },
        headers: { "idempotency-key": key },
      });
    const refused = await decide();
    expect(refused.status, refused.text).toBe(503);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    await faults({});
    const now = await getProposal(stack, draft.id);
    expect(now.status).toBe("IN_REVIEW");
    expect(now.version).toBe(before.version);
    expect(await historyLength(draft.id)).toBe(events);
    const task = await stack.api<{ status: string }>("GET", `/v1/tasks/${taskId}`, {
      token: U.approver,
    });
    expect(task.json.status).not.toBe("DONE");
    expect((await decide()).status).toBe(200);
  });

  it("GIVEN every call is throttled WHEN a proposal is read THEN the SDK's retries run out into a 503 with Retry-After", async () => {
    const draft = await createDraft(stack, a2Draft());
    await faults({ throttle: 1 });
    const res = await stack.api("GET", `/v1/proposals/${draft.id}`, { token: U.commune });
    expect(res.status, res.text).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    const state = await faults({ throttle: 0 });
    expect(state.injected.throttled).toBeGreaterThan(1);
  }, 60_000);

  it("GIVEN 10% throttling and 30% transaction conflicts WHEN 8 lifecycles run concurrently THEN all close, no 5xx but 503 reaches the client, and each is paid once", async () => {
    const start = await faults({ throttle: 0.1, txconflict: 0.3 });
    const client = new BenchClient(stack.urls.api);
    const run = `f${Date.now().toString(36)}`;
    const results = await pool(8, 8, (i) =>
      runLifecycle(client, i, { run, retryForMs: 60_000, pollMs: 200, waitMs: 120_000 }),
    );
    const end = await faults({});
    expect(results.map((r) => r.error ?? r.status)).toEqual(Array(8).fill("CLOSED"));
    expect(client.counts.status5xx).toBe(client.counts.status503);
    expect(end.injected.conflicts - start.injected.conflicts).toBeGreaterThan(0);
    expect(end.injected.throttled - start.injected.throttled).toBeGreaterThan(0);
    for (const r of results) {
      const p = await getProposal(stack, r.id ?? "", U.finance);
      expect(p.disbursedTotal).toBe(60_000_000);
    }
  }, 300_000);
});
