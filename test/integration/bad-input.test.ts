import { describe, expect, it } from "vitest";
import { a2Draft, COMMUNE, createDraft, type ProposalJson, U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  currentVersion?: number;
}

const stack = useStack();

async function proposalsOfCommune(): Promise<number> {
  const res = await stack.api<{ proposals: unknown[] }>("GET", "/v1/proposals?limit=100", {
    token: U.commune,
  });
  return res.json.proposals.length;
}

async function historyLength(id: string): Promise<number> {
  const res = await stack.api<{ events: unknown[] }>("GET", `/v1/proposals/${id}/history`, {
    token: U.commune,
  });
  return res.json.events.length;
}

describe("bad input gets a 4xx problem+json naming the problem, and changes nothing", () => {
  const item = a2Draft().items[0] as Record<string, unknown>;
  it.each([
    [
      "a missing title",
      (() => {
        const { title: _t, ...d } = a2Draft();
        return d;
      })(),
      400,
      "title",
    ],
    [
      "a negative amount",
      a2Draft({ items: [{ ...item, supportAmount: -5 }] }),
      400,
      "items.0.supportAmount",
    ],
    [
      "a fractional amount",
      a2Draft({ items: [{ ...item, supportAmount: 1000.5 }] }),
      400,
      "items.0.supportAmount",
    ],
    [
      "an amount as a string",
      a2Draft({ items: [{ ...item, totalCost: "90000000" }] }),
      400,
      "items.0.totalCost",
    ],
    ["an unknown commune", a2Draft({ communeId: "C-NOWHERE" }), 400, "communeId"],
  ])("create with %s → %s naming %s", async (_name, body, status, field) => {
    const before = await proposalsOfCommune();
    const res = await stack.api<Problem>("POST", "/v1/proposals", { token: U.commune, body });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json.errors?.map((e) => e.field)).toContain(field);
    expect(res.json.detail).toContain(field);
    expect(await proposalsOfCommune()).toBe(before);
  });

  it("malformed JSON → 400", async () => {
    const res = await fetch(`${stack.urls.api}/v1/proposals`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await stack.token(U.commune)}`,
        "content-type": "application/json",
      },
      body: '{"title": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).detail).toMatch(/not valid JSON/);
  });

  it("a commune officer creating in another commune → 403", async () => {
    const res = await stack.api<Problem>("POST", "/v1/proposals", {
      token: U.commune2,
      body: a2Draft({ communeId: COMMUNE }),
    });
    expect(res.status).toBe(403);
  });

  it("a stale version → 412 with the current version; no version → 428; nothing changes", async () => {
    const p = await createDraft(stack, a2Draft());
    const edit = { ...a2Draft(), communeId: undefined, beneficiaryId: undefined, title: "đổi tên" };
    const ok = await stack.api<ProposalJson>("PUT", `/v1/proposals/${p.id}`, {
      token: U.commune,
      headers: { "if-match": `"${p.version}"` },
      body: edit,
    });
    expect(ok.status, ok.text).toBe(200);
    const events = await historyLength(p.id);

    const stale = await stack.api<Problem>("PUT", `/v1/proposals/${p.id}`, {
      token: U.commune,
      headers: { "if-match": `"${p.version}"` },
      body: { ...edit, title: "ghi đè" },
    });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({
      type: "/problems/stale-version",
      currentVersion: ok.json.version,
    });

    const none = await stack.api<Problem>("PUT", `/v1/proposals/${p.id}`, {
      token: U.commune,
      body: { ...edit, title: "ghi đè" },
    });
    expect(none.status).toBe(428);

    const now = await stack.api<ProposalJson & { title: string }>("GET", `/v1/proposals/${p.id}`, {
      token: U.commune,
    });
    expect(now.json).toMatchObject({ title: "đổi tên", version: ok.json.version });
    expect(await historyLength(p.id)).toBe(events);
  });

  it("a wrong state → 409: disbursing a draft, closing a draft, deciding as the commune", async () => {
    const p = await createDraft(stack, a2Draft());
    const pay = await stack.api<Problem>("POST", `/v1/proposals/${p.id}/disbursements`, {
      token: U.finance,
      body: { amount: 1, paidOn: "2026-06-01", reference: "X" },
    });
    expect(pay.status).toBe(409);
    expect(pay.json.type).toBe("/problems/wrong-state");
    const close = await stack.api<Problem>("POST", `/v1/proposals/${p.id}/close`, {
      token: U.approver,
      body: {},
    });
    expect(close.status).toBe(409);
    expect(await historyLength(p.id)).toBe(1);
  });

  it("unknown proposal → 404 problem; no token → 401", async () => {
    const res = await stack.api<Problem>(
      "GET",
      "/v1/proposals/00000000-0000-0000-0000-000000000000",
      { token: U.commune },
    );
    expect(res.status).toBe(404);
    expect(res.json.type).toBe("/problems/not-found");
    expect((await stack.api("GET", "/v1/proposals")).status).toBe(401);
  });
});
