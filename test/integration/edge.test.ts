/**
 * The edge enforces the contract: each class of bad input that used to reach storage (or a 500)
 * is a 4xx application/problem+json that names the problem, and nothing changes.
 */
import { describe, expect, it } from "vitest";
import {
  a2Draft,
  a4Draft,
  createDraft,
  type ProposalJson,
  submitAndOpen,
  U,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  assignee?: string;
  maxBytes?: number;
  accept?: string;
}

const stack = useStack();

async function count(): Promise<number> {
  const res = await stack.api<{ proposals: unknown[] }>("GET", "/v1/proposals?limit=100", {
    token: U.commune,
  });
  return res.json.proposals.length;
}

/** A raw request: the body and headers exactly as given. */
async function raw(
  method: string,
  path: string,
  opts: { user?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.user) headers.authorization = `Bearer ${await stack.token(opts.user)}`;
  const res = await fetch(`${stack.urls.api}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let json: Problem | undefined;
  try {
    json = JSON.parse(text) as Problem;
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", json, text };
}

function expectProblem(
  res: Awaited<ReturnType<typeof raw>>,
  status: number,
  field?: string,
): Problem {
  expect(res.status, res.text).toBe(status);
  expect(res.type).toContain("application/problem+json");
  const p = res.json as Problem;
  expect(p.status).toBe(status);
  if (field) {
    expect(p.errors?.map((e) => e.field)).toContain(field);
    expect(p.detail).toContain(field);
  }
  return p;
}

describe("GIVEN path parameters", () => {
  it("WHEN an id is 3,000 characters THEN 400 names `id` (no DynamoDB key-size error)", async () => {
    const long = "a".repeat(3000);
    for (const path of [
      `/v1/proposals/${long}`,
      `/v1/proposals/${long}/history`,
      `/v1/tasks/${long}`,
    ]) {
      expectProblem(await raw("GET", path, { user: U.approver }), 400, "id");
    }
  });

  it("WHEN the path has a malformed percent-encoding THEN 400 names the parameter", async () => {
    expectProblem(await raw("GET", "/v1/proposals/%E0%A4%A", { user: U.commune }), 400, "id");
    expectProblem(await raw("GET", "/v1/proposals/abc%ZZ/history", { user: U.commune }), 400, "id");
  });

  it("WHEN an id has characters no id has THEN 400, and a well-formed unknown id is 404", async () => {
    expectProblem(await raw("GET", "/v1/proposals/a%20b", { user: U.commune }), 400, "id");
    expectProblem(await raw("GET", "/v1/proposals/not-a-proposal", { user: U.commune }), 404);
  });
});

describe("GIVEN list cursors", () => {
  it("WHEN a cursor is forged, truncated or from another query THEN 400 names `cursor`", async () => {
    for (let i = 0; i < 3; i++) await createDraft(stack, a2Draft());
    const page = await stack.api<{ cursor?: string }>("GET", "/v1/proposals?limit=1", {
      token: U.commune,
    });
    const good = page.json.cursor ?? "";
    expect(good).not.toBe("");
    const forged = Buffer.from(JSON.stringify({ pk: "P#x", sk: "P" })).toString("base64url");
    const otherQuery = `/v1/proposals?limit=1&status=DRAFT&cursor=${good}`;
    for (const path of [
      `/v1/proposals?cursor=${forged}`,
      `/v1/proposals?cursor=${good.slice(0, -3)}`,
      "/v1/proposals?cursor=%7B%22pk%22%3A1%7D",
      otherQuery,
      `/v1/audit/verify?cursor=${forged}`,
      `/v1/audit/events?cursor=${forged}`,
    ]) {
      const user = path.startsWith("/v1/audit") ? U.auditor : U.commune;
      expectProblem(await raw("GET", path, { user }), 400, "cursor");
    }
    const next = await stack.api<{ proposals: unknown[] }>(
      "GET",
      `/v1/proposals?limit=1&cursor=${good}`,
      { token: U.commune },
    );
    expect(next.status).toBe(200);
    expect(next.json.proposals).toHaveLength(1);
  });

  it("WHEN a task list cursor is forged THEN 400 names `cursor`", async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 1 })).toString("base64url");
    expectProblem(
      await raw("GET", `/v1/tasks?cursor=${forged}`, { user: U.approver }),
      400,
      "cursor",
    );
  });
});

describe("GIVEN request bodies", () => {
  const body = JSON.stringify(a2Draft());

  it("WHEN a JSON body is sent as text/plain or without a content type THEN 415 and nothing is created", async () => {
    const before = await count();
    const plain = expectProblem(
      await raw("POST", "/v1/proposals", {
        user: U.commune,
        body,
        headers: { "content-type": "text/plain" },
      }),
      415,
    );
    expect(plain.accept).toBe("application/json");
    expect(plain.detail).toContain("text/plain");
    // fetch sends text/plain;charset=UTF-8 for a string body unless told otherwise: a Blob
    // without a type sends no Content-Type at all.
    const none = await fetch(`${stack.urls.api}/v1/proposals`, {
      method: "POST",
      headers: { authorization: `Bearer ${await stack.token(U.commune)}` },
      body: new Blob([body]),
    });
    expect(none.status).toBe(415);
    expect(none.headers.get("content-type")).toContain("application/problem+json");
    expect(await count()).toBe(before);
  });

  it("WHEN a title holds NUL, a control character or a lone surrogate THEN 400 names `title`", async () => {
    const before = await count();
    for (const title of ["Chè\u0000", "Chè\u0007Y Tý", "Chè \u009b", "Chè \ud800 Tý"]) {
      const res = await raw("POST", "/v1/proposals", {
        user: U.commune,
        // JSON.stringify keeps a lone surrogate as \ud800, as a client would send it.
        body: JSON.stringify(a2Draft({ title })),
        headers: { "content-type": "application/json" },
      });
      expectProblem(res, 400, "title");
    }
    expect(await count()).toBe(before);
  });

  it("WHEN text arrives decomposed THEN it is stored NFC-normalized; newlines and tabs are kept", async () => {
    const decomposed = "Che\u0302 Shan tuye\u0302\u0301t";
    const p = (await createDraft(
      stack,
      a2Draft({ title: decomposed, summary: "Dòng 1\r\nDòng\t2" }),
    )) as ProposalJson & { title: string };
    expect(p.title).toBe("Chê Shan tuyết");
    expect(p.title).toBe(decomposed.normalize("NFC"));
    const read = await stack.api<ProposalJson & { summary: string }>(
      "GET",
      `/v1/proposals/${p.id}`,
      {
        token: U.commune,
      },
    );
    expect(read.json.summary).toBe("Dòng 1\nDòng\t2");
  });

  it("WHEN unknown fields are nested in the personal data or an item THEN 400 names them", async () => {
    const before = await count();
    const d = a2Draft();
    const nestedPersonal = { ...a4Draft(1_000_000), personal: { fullName: "Thử", extra: 1 } };
    const item = (d.items[0] ?? {}) as Record<string, unknown>;
    const nestedItem = { ...d, items: [{ ...item, discount: 5 }] };
    for (const [b, field] of [
      [nestedPersonal, "personal"],
      [nestedItem, "items.0"],
    ] as const) {
      const res = await stack.api<Problem>("POST", "/v1/proposals", { token: U.commune, body: b });
      expect(res.status, res.text).toBe(400);
      expect(res.json.errors?.some((e) => e.field.startsWith(field))).toBe(true);
    }
    expect(await count()).toBe(before);
  });

  it("WHEN a body is over the route's limit THEN 413 problem+json with the limit", async () => {
    const before = await count();
    const huge = JSON.stringify(a2Draft({ summary: "x".repeat(300_000) }));
    const p = expectProblem(
      await raw("POST", "/v1/proposals", {
        user: U.commune,
        body: huge,
        headers: { "content-type": "application/json" },
      }),
      413,
    );
    expect(p.maxBytes).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });
});

describe("GIVEN headers", () => {
  it("WHEN If-Match is not a version THEN 400 names If-Match; a bad Idempotency-Key THEN 400", async () => {
    const p = await createDraft(stack, a2Draft());
    expectProblem(
      await raw("POST", `/v1/proposals/${p.id}/submit`, {
        user: U.commune,
        headers: { "if-match": '"abc"' },
      }),
      400,
      "If-Match",
    );
    const bad = await raw("POST", "/v1/proposals", {
      user: U.commune,
      body: JSON.stringify(a2Draft()),
      headers: { "content-type": "application/json", "idempotency-key": "no spaces allowed" },
    });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/problem+json");
    const still = await stack.api<ProposalJson>("GET", `/v1/proposals/${p.id}`, {
      token: U.commune,
    });
    expect(still.json.status).toBe("DRAFT");
  });
});

describe("GIVEN a task claimed by two approvers at once", () => {
  it("THEN one claim wins and the loser's 409 names the holder, as a later claim's does", async () => {
    const p = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, p);
    const claim = (user: string) =>
      stack.api<Problem & { assignee?: string }>("POST", `/v1/tasks/${taskId}/claim`, {
        token: user,
      });
    const [a, b] = await Promise.all([claim(U.approver), claim(U.approver2)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? U.approver : U.approver2;
    const loser = a.status === 409 ? a : b;
    expect(loser.headers.get("content-type")).toContain("application/problem+json");
    expect(loser.json.assignee).toBe(winner);
    expect(loser.json.detail).toContain("claimed by");
    const later = await claim(winner === U.approver ? U.approver2 : U.approver);
    expect(later.status).toBe(409);
    expect(later.json.assignee).toBe(winner);
  });
});
