/**
 * One proposal driven through its whole lifecycle over HTTP, as the demo users would:
 * create → submit → (workflow opens the review) → approve → (norm check approves) → pay in
 * full → report → close. Every state-changing POST carries an Idempotency-Key, so transient
 * failures (503, a stack killed and restarted) are retried without doing anything twice.
 */
import type { BenchClient, Reply } from "./client.ts";
import { sleep } from "./client.ts";

export const USERS = {
  commune: "commune.batxat",
  approver: "approver.batxat",
  finance: "finance.laocai",
  auditor: "auditor.laocai",
} as const;

export const AMOUNT = 60_000_000;

interface ProposalReply {
  id: string;
  status: string;
  version: number;
  currentTaskId?: string;
  reportCount?: number;
  disbursedTotal?: number;
}

export interface LifecycleOptions {
  /** Prefix of ids and keys, unique per run. */
  run: string;
  /** How long transient failures are retried (ms). */
  retryForMs: number;
  /** Delay between polls while the workflow works (ms). */
  pollMs: number;
  /** Give up waiting for the workflow after this long (ms). */
  waitMs: number;
  /**
   * Called every `stuckAfterMs` while the workflow makes no progress: the drill moves the
   * clock past the sweep's 5-minute period, as time would on AWS, so the outbox re-sends a
   * signal a crash swallowed.
   */
  onStuck?: () => Promise<void>;
  stuckAfterMs?: number;
}

export interface LifecycleResult {
  index: number;
  id?: string;
  status?: string;
  error?: string;
}

/** Each lifecycle's own registered cooperative (the caps key on it): one A2 approval each. */
export function registrationBody(run: string, i: number) {
  return {
    kind: "COOPERATIVE",
    communeId: "C-BATXAT",
    name: `HTX bench ${run} ${i}`,
    leadership: "women_led",
    memberCounts: [],
    products: [],
  };
}

export function draftBody(run: string, i: number, beneficiaryId = "") {
  return {
    activity: "A2",
    title: `Bench ${run} #${i}`,
    communeId: "C-BATXAT",
    beneficiaryId,
    items: [
      {
        code: "A2.TECH_SUPPORT",
        description: "Thương hiệu và tem truy xuất",
        supportAmount: AMOUNT,
        totalCost: 90_000_000,
      },
    ],
  };
}

function expectStatus(step: string, reply: Reply, ...ok: number[]): void {
  if (!ok.includes(reply.status)) {
    throw new Error(`${step}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
  }
}

async function getProposal(c: BenchClient, id: string, o: LifecycleOptions) {
  const r = await c.call<ProposalReply>("GET /v1/proposals/{id}", "GET", `/v1/proposals/${id}`, {
    token: USERS.approver,
    retryForMs: o.retryForMs,
  });
  expectStatus("get", r, 200);
  return r.json;
}

async function waitUntil(
  c: BenchClient,
  id: string,
  o: LifecycleOptions,
  done: (p: ProposalReply) => boolean,
  what: string,
): Promise<ProposalReply> {
  const end = Date.now() + o.waitMs;
  let nudgeAt = Date.now() + (o.stuckAfterMs ?? 20_000);
  for (;;) {
    const p = await getProposal(c, id, o);
    if (done(p)) return p;
    if (o.onStuck && Date.now() > nudgeAt) {
      await o.onStuck().catch(() => undefined);
      nudgeAt = Date.now() + (o.stuckAfterMs ?? 20_000);
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (status ${p.status})`);
    await sleep(o.pollMs);
  }
}

/** Pages through the commune's proposals for one title (ids of every match). */
export async function listByTitle(
  c: BenchClient,
  title: (t: string) => boolean,
  o: Pick<LifecycleOptions, "retryForMs">,
): Promise<ProposalReply[]> {
  const out: ProposalReply[] = [];
  let cursor: string | undefined;
  do {
    const r = await c.call<{ proposals: (ProposalReply & { title: string })[]; cursor?: string }>(
      "GET /v1/proposals",
      "GET",
      `/v1/proposals?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      { token: USERS.commune, retryForMs: o.retryForMs },
    );
    expectStatus("list", r, 200);
    out.push(...r.json.proposals.filter((p) => title(p.title)));
    cursor = r.json.cursor;
  } while (cursor);
  return out;
}

/** The commune's registered cooperative of this name (a registration whose response was lost). */
async function findRegistered(c: BenchClient, name: string, o: LifecycleOptions): Promise<string> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const r = await c.call<{ entries: { id: string; name: string }[]; cursor?: string }>(
      "GET /v1/registry/beneficiaries",
      "GET",
      `/v1/registry/beneficiaries?communeId=C-BATXAT&kind=COOPERATIVE&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token: USERS.commune, retryForMs: o.retryForMs },
    );
    expectStatus("registry list", r, 200);
    found.push(...r.json.entries.filter((e) => e.name === name).map((e) => e.id));
    cursor = r.json.cursor;
  } while (cursor);
  if (found.length !== 1 || !found[0])
    throw new Error(`register: ${found.length} entries named ${name}`);
  return found[0];
}

async function findByTitle(c: BenchClient, title: string, o: LifecycleOptions): Promise<string> {
  const found = await listByTitle(c, (t) => t === title, o);
  if (found.length !== 1 || !found[0])
    throw new Error(`create: ${found.length} drafts titled ${title}`);
  return found[0].id;
}

const AFTER_REVIEW = ["NORM_CHECK", "APPROVED", "DISBURSING", "MONITORING", "CLOSED"];

/** Drives proposal `i` to CLOSED; never throws, the result says how far it got. */
export async function runLifecycle(
  c: BenchClient,
  i: number,
  o: LifecycleOptions,
): Promise<LifecycleResult> {
  const key = (step: string) => ({ "idempotency-key": `${o.run}-${i}-${step}` });
  let id: string | undefined;
  try {
    const registered = await c.call<{ id: string }>(
      "POST /v1/registry/beneficiaries",
      "POST",
      "/v1/registry/beneficiaries",
      {
        token: USERS.commune,
        body: registrationBody(o.run, i),
        headers: key("register"),
        retryForMs: o.retryForMs,
      },
    );
    let beneficiaryId: string;
    if (registered.status === 409) {
      // Applied before a crash but its response was lost: find the entry by its name.
      beneficiaryId = await findRegistered(c, registrationBody(o.run, i).name, o);
    } else {
      expectStatus("register", registered, 201);
      beneficiaryId = registered.json.id;
    }
    const created = await c.call<ProposalReply>("POST /v1/proposals", "POST", "/v1/proposals", {
      token: USERS.commune,
      body: draftBody(o.run, i, beneficiaryId),
      headers: key("create"),
      retryForMs: o.retryForMs,
    });
    if (created.status === 409) {
      // Applied before a crash but its response was lost: find the draft by its title.
      id = await findByTitle(c, draftBody(o.run, i).title, o);
    } else {
      expectStatus("create", created, 201);
      id = created.json.id;
    }

    const submitted = await c.call(
      "POST /v1/proposals/{id}/submit",
      "POST",
      `/v1/proposals/${id}/submit`,
      {
        token: USERS.commune,
        headers: { ...key("submit"), "if-match": '"1"' },
        retryForMs: o.retryForMs,
      },
    );
    expectStatus("submit", submitted, 202, 409);

    const inReview = await waitUntil(
      c,
      id,
      o,
      (p) => Boolean(p.currentTaskId) || AFTER_REVIEW.includes(p.status),
      "the review task",
    );
    if (!AFTER_REVIEW.includes(inReview.status) && inReview.currentTaskId) {
      const decided = await c.call(
        "POST /v1/tasks/{id}/decision",
        "POST",
        `/v1/tasks/${inReview.currentTaskId}/decision`,
        {
          token: USERS.approver,
          body: { decision: "approve" },
          headers: key("decision"),
          retryForMs: o.retryForMs,
        },
      );
      expectStatus("decision", decided, 200, 409);
    }

    const approved = await waitUntil(
      c,
      id,
      o,
      (p) => ["APPROVED", "DISBURSING", "MONITORING", "CLOSED", "RETURNED"].includes(p.status),
      "the norm check",
    );
    if (approved.status === "RETURNED") throw new Error("norm check returned the proposal");
    if (approved.status === "APPROVED") {
      const paid = await c.call(
        "POST /v1/proposals/{id}/disbursements",
        "POST",
        `/v1/proposals/${id}/disbursements`,
        {
          token: USERS.finance,
          body: { amount: AMOUNT, paidOn: "2026-06-01", reference: `UNC-${o.run}-${i}` },
          headers: key("pay"),
          retryForMs: o.retryForMs,
        },
      );
      // 409 without Retry-After: applied before a crash, its response lost; the wait for
      // MONITORING below shows whether it really was.
      expectStatus("disbursement", paid, 201, 409);
      await waitUntil(c, id, o, (p) => ["MONITORING", "CLOSED"].includes(p.status), "the payment");
    }

    // Reports carry no Idempotency-Key: before re-sending one, look whether it arrived.
    for (let attempt = 0; ; attempt++) {
      const p = await getProposal(c, id, o);
      if (p.status === "CLOSED" || (p.reportCount ?? 0) > 0) break;
      try {
        const report = await c.call(
          "POST /v1/proposals/{id}/reports",
          "POST",
          `/v1/proposals/${id}/reports`,
          {
            token: USERS.commune,
            body: {
              period: "2026-07",
              usedAmount: 55_000_000,
              progress: "on_track",
              summary: "Đã in tem",
            },
          },
        );
        if (report.status === 201) break;
        if (report.status !== 503 || attempt > 20) expectStatus("report", report, 201);
      } catch (error) {
        if (attempt > 20) throw error;
      }
      await sleep(300);
    }

    const closed = await c.call<ProposalReply>(
      "POST /v1/proposals/{id}/close",
      "POST",
      `/v1/proposals/${id}/close`,
      {
        token: USERS.approver,
        body: {},
        retryForMs: o.retryForMs,
      },
    );
    expectStatus("close", closed, 200, 409);
    const final = closed.status === 200 ? closed.json : await getProposal(c, id, o);
    return { index: i, id, status: final.status };
  } catch (error) {
    return { index: i, ...(id ? { id } : {}), error: (error as Error).message };
  }
}
