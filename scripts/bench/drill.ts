/**
 * The crash drill: lifecycles driven concurrently (scripts/bench/lifecycle.ts) while the local
 * stack is killed with SIGKILL (its JVM included) at random moments and restarted on the same
 * data. Afterwards every proposal must be CLOSED (none lost), paid exactly once, its audit chain
 * must verify, no draft may exist twice, every task left open must still be decidable, and no
 * proposal of the stack may be left in a state that needs an execution without a running one.
 */
import { strandedProposals } from "../../test/support/executions.ts";
import type { StackHandle } from "../../test/support/local-stack.ts";
import { BenchClient, pool, sleep } from "./client.ts";
import { AMOUNT, type LifecycleResult, listByTitle, runLifecycle, USERS } from "./lifecycle.ts";

export interface DrillOptions {
  proposals: number;
  concurrency: number;
  kills: number;
  /** A kill comes after a random pause of up to this many ms. */
  maxPauseMs: number;
}

export interface DrillReport {
  proposals: number;
  kills: number;
  closed: number;
  seconds: number;
  problems: string[];
  results: LifecycleResult[];
}

export async function crashDrill(stack: StackHandle, o: DrillOptions): Promise<DrillReport> {
  const client = new BenchClient(stack.urls.api);
  const run = `d${Date.now().toString(36)}`;
  const opts = {
    run,
    retryForMs: 180_000,
    pollMs: 200,
    waitMs: 240_000,
    stuckAfterMs: 20_000,
    // A workflow signal lost in a crash is re-sent by the 5-minute sweep: let that time pass.
    onStuck: async () => {
      await stack.advanceClock(301);
    },
  };
  const started = performance.now();
  let finished = false;
  const work = pool(o.proposals, o.concurrency, (i) => runLifecycle(client, i, opts)).finally(
    () => {
      finished = true;
    },
  );
  let kills = 0;
  for (let k = 0; k < o.kills && !finished; k++) {
    await sleep(500 + Math.random() * o.maxPauseMs);
    if (finished) break;
    await stack.kill();
    kills++;
    await stack.restart();
    client.baseUrl = stack.urls.api;
  }
  const results = await work;
  const seconds = (performance.now() - started) / 1000;
  const problems: string[] = [];
  for (const r of results) {
    if (r.error || r.status !== "CLOSED") problems.push(`#${r.index}: ${r.error ?? r.status}`);
  }
  // None duplicated: exactly one draft per lifecycle.
  const mine = await listByTitle(client, (t) => t.startsWith(`Bench ${run} #`), opts);
  if (mine.length !== o.proposals)
    problems.push(`${mine.length} drafts for ${o.proposals} lifecycles`);
  for (const r of results) {
    if (!r.id) continue;
    const p = await client.call<{
      status: string;
      disbursedTotal: number;
      disbursementCount: number;
    }>("check", "GET", `/v1/proposals/${r.id}`, { token: USERS.finance, retryForMs: 30_000 });
    if (p.json.disbursedTotal !== AMOUNT || p.json.disbursementCount !== 1) {
      problems.push(
        `${r.id}: paid ${p.json.disbursedTotal} in ${p.json.disbursementCount} payments`,
      );
    }
    const h = await client.call<{ chain: { ok: boolean }; events: { type: string }[] }>(
      "check",
      "GET",
      `/v1/proposals/${r.id}/history`,
      { token: USERS.auditor, retryForMs: 30_000 },
    );
    if (!h.json.chain.ok) problems.push(`${r.id}: audit chain does not verify`);
    const types = h.json.events.map((e) => e.type);
    for (const once of [
      "proposal.created",
      "proposal.submitted",
      "review.approved",
      "disbursement.recorded",
      "proposal.closed",
    ]) {
      const n = types.filter((t) => t === once).length;
      // The events seen, so that a miss says what the stream holds instead.
      if (n !== 1) problems.push(`${r.id}: ${n} × ${once} (events: ${types.join(", ")})`);
    }
  }
  // Every task still open can be decided.
  const open = await client.call<{ tasks: { id: string }[] }>(
    "check",
    "GET",
    "/v1/tasks?status=OPEN",
    {
      token: USERS.approver,
      retryForMs: 30_000,
    },
  );
  for (const t of open.json.tasks ?? []) {
    const d = await client.call("check", "POST", `/v1/tasks/${t.id}/decision`, {
      token: USERS.approver,
      body: { decision: "reject", comment: "drill" },
      retryForMs: 30_000,
    });
    if (d.status !== 200) problems.push(`open task ${t.id} cannot be decided: HTTP ${d.status}`);
  }
  // No proposal stranded: in review, in the norm check or awaiting disbursement, yet without a
  // running execution (or unknown to the execution watch, so the sweep could not repair it).
  for (const s of await strandedProposals(stack)) {
    problems.push(
      `${s.id}: ${s.status} but execution ${s.executionName} is ${s.executionStatus}${s.watched ? "" : ", not watched"}`,
    );
  }
  return {
    proposals: o.proposals,
    kills,
    closed: results.filter((r) => r.status === "CLOSED").length,
    seconds: Number(seconds.toFixed(1)),
    problems,
    results,
  };
}
