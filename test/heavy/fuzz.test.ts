import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BenchClient, pool } from "../../scripts/bench/client.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a2Draft, createDraft, submitAndOpen, U } from "../support/proposals.ts";

/**
 * 10,000 random and malformed requests across the API (fast-check, seeded: FUZZ_SEED): no
 * answer is a 5xx, no state-changing request is accepted, and the state read back afterwards
 * (proposals, tasks, norm sets, settings, units) is exactly what it was before.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

const ROUTES: [string, string][] = [
  ["GET", "/v1/proposals"],
  ["GET", "/v1/proposals/{id}"],
  ["GET", "/v1/proposals/{id}/history"],
  ["GET", "/v1/tasks"],
  ["GET", "/v1/tasks/{id}"],
  ["GET", "/v1/units"],
  ["GET", "/v1/norm-sets"],
  ["GET", "/v1/settings/review"],
  ["GET", "/v1/audit/events"],
  ["GET", "/v1/audit/verify"],
  ["GET", "/l/{id}"],
  ["POST", "/v1/proposals"],
  ["POST", "/v1/norm-sets/drafts"],
  ["PUT", "/v1/settings/review"],
  ["POST", "/v1/proposals/{id}/submit"],
  ["POST", "/v1/proposals/{id}/cancel"],
  ["POST", "/v1/proposals/{id}/close"],
  ["POST", "/v1/proposals/{id}/disbursements"],
  ["POST", "/v1/proposals/{id}/norm-check"],
  ["POST", "/v1/proposals/{id}/reports"],
  ["PUT", "/v1/proposals/{id}"],
  ["POST", "/v1/tasks/{id}/decision"],
  ["POST", "/v1/tasks/{id}/claim"],
  ["POST", "/v1/tasks/{id}/unclaim"],
  ["POST", "/v1/tasks/{id}/reassign"],
  ["PUT", "/v1/units/{id}/review-unit"],
  ["POST", "/l/{id}"],
  ["DELETE", "/v1/proposals/{id}"],
  ["PATCH", "/v1/proposals"],
];

const USERS = [...Object.values(U), undefined, "garbage"];

let stack: StackHandle;
let client: BenchClient;
let existing: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  client = new BenchClient(stack.urls.api);
  const draft = await createDraft(stack, a2Draft());
  const inReview = await createDraft(stack, a2Draft());
  const task = await submitAndOpen(stack, inReview);
  existing = [draft.id, inReview.id, task];
}, 120_000);
afterAll(async () => {
  await stack?.dispose();
});

interface FuzzRequest {
  method: string;
  path: string;
  user: string | undefined;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Any JSON, made invalid for every strict schema by an unknown member when it is an object. */
const poisoned = fc
  .tuple(fc.jsonValue(), fc.string({ maxLength: 8 }))
  .map(([v, k]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? { ...v, [`x_${k}`]: 1 } : v,
  );

const validLooking = fc
  .tuple(fc.constantFrom("title", "items", "communeId", "activity", "beneficiaryId"), fc.anything())
  .map(([field, value]) => ({ ...a2Draft(), [field]: value, x_unknown: true }));

/** Percent-encodes text; a lone surrogate has no UTF-8 form, so it goes as its invalid bytes. */
const pct = (t: string) =>
  [...t].map((c) => (/[\ud800-\udfff]/.test(c) ? "%ED%A0%80" : encodeURIComponent(c))).join("");

function arbitraryRequest(): fc.Arbitrary<FuzzRequest> {
  const id = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => `zz${encodeURIComponent(s)}`),
    fc.constantFrom("..", "%2e%2e", "%00", "P%23x", "a".repeat(300), "a".repeat(3000)),
    // Undecodable percent-encodings (the local gateway passes them on; the edge refuses them).
    fc.constantFrom("%E0%A4%A", "%ZZ", "abc%", "%C3%28", "%ED%A0%80"),
  );
  /** Cursors: random text, and well-formed base64url JSON this API never handed out. */
  const cursor = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
    fc
      .record({ f: fc.string({ maxLength: 16 }), k: fc.dictionary(fc.string(), fc.string()) })
      .map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
  );
  /** Text that no field may hold: NUL, C0/C1 controls, unpaired surrogates. */
  const badText = fc.constantFrom(
    "T\u0000",
    "T\u0007",
    "T\u001b[0m",
    "T\u0085",
    "T\ud800",
    "\udc00T",
  );
  const body = fc.oneof(
    fc.constant(undefined),
    poisoned.map((v) => JSON.stringify(v)),
    validLooking.map((v) => JSON.stringify(v)),
    // A draft that is valid but for one text field: only the text rules can refuse it.
    fc
      .tuple(fc.constantFrom("title", "summary"), badText)
      .map(([field, text]) => JSON.stringify({ ...a2Draft(), [field]: text })),
    // Over every route's body limit.
    fc.constant(JSON.stringify({ ...a2Draft(), summary: "x".repeat(200_000) })),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("{", "[]", "null", '{"decision":', "\u0000", "💥".repeat(50)),
  );
  const headers = fc.record(
    {
      "if-match": fc.string({ maxLength: 10 }).map((s) => `x${s}`),
      "idempotency-key": fc.string({ maxLength: 20 }),
      "content-type": fc.constantFrom(
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "",
      ),
    },
    { requiredKeys: [] },
  );
  const routed = fc
    .tuple(fc.constantFrom(...ROUTES), id, fc.nat({ max: 2 }))
    .map(([[method, path], randomId, pick]) => {
      // Real ids only for reads: a valid change to a real proposal is not a malformed request.
      const real = method === "GET" ? existing[pick] : undefined;
      return { method, path: path.replace("{id}", real ?? randomId) };
    });
  const query = fc.oneof(
    fc.constant(""),
    fc
      .dictionary(
        fc.constantFrom(
          "limit",
          "cursor",
          "status",
          "communeId",
          "from",
          "to",
          "type",
          "provinceId",
          "order",
        ),
        fc.string({ maxLength: 20 }),
      )
      .map((q) => `?${new URLSearchParams(q)}`),
    cursor.map((c) => `?cursor=${encodeURIComponent(c)}`),
    badText.map((t) => `?status=${pct(t)}&communeId=${pct(t)}`),
  );
  const raw = fc
    .tuple(fc.constantFrom("GET", "POST", "PUT", "DELETE"), fc.webPath())
    .map(([method, path]) => ({ method, path: `/v1${path}` }));
  return fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: routed }, { weight: 1, arbitrary: raw }),
      query,
      fc.constantFrom(...USERS),
      headers,
      body,
    )
    .map(([route, q, user, h, b]) => ({
      method: route.method,
      path: `${route.path}${q}`,
      user,
      headers: h,
      // An empty PUT of the settings is a valid "change nothing": always send a body there.
      body: route.method === "GET" ? undefined : (b ?? (route.path.includes("settings") ? "{" : b)),
    }));
}

async function snapshot(): Promise<string> {
  const read = async (path: string, user: string) => {
    const r = await client.call<unknown>("snapshot", "GET", path, { token: user });
    return [path, r.status, r.json];
  };
  return JSON.stringify([
    await read("/v1/proposals?limit=100", U.commune),
    await read("/v1/tasks?status=OPEN", U.approver),
    await read("/v1/norm-sets", U.admin),
    await read("/v1/settings/review", U.admin),
    await read("/v1/units", U.admin),
    ...(await Promise.all(
      existing.slice(0, 2).map((id) => read(`/v1/proposals/${id}/history`, U.auditor)),
    )),
  ]);
}

describe("fuzzing the API", () => {
  it(`GIVEN ${RUNS} random and malformed requests THEN no 5xx, no change accepted, the state is unchanged`, async () => {
    const requests = fc.sample(arbitraryRequest(), { numRuns: RUNS, seed: SEED });
    const before = await snapshot();
    const serverErrors: string[] = [];
    const accepted: string[] = [];
    await pool(requests.length, 16, async (i) => {
      const r = requests[i];
      if (!r) return;
      const headers: Record<string, string> = {
        ...r.headers,
        ...(r.user === "garbage" ? { authorization: "Bearer x.y.z" } : {}),
      };
      let status: number;
      try {
        const reply = await client.call("fuzz", r.method, r.path, {
          ...(r.user && r.user !== "garbage" ? { token: r.user } : {}),
          headers,
          ...(r.body !== undefined ? { body: r.body } : {}),
        });
        status = reply.status;
      } catch (error) {
        serverErrors.push(`${r.method} ${r.path}: ${(error as Error).message}`);
        return;
      }
      const line = `${status} ${r.method} ${r.path.slice(0, 80)} as ${r.user} body ${String(r.body).slice(0, 80)}`;
      if (status >= 500) serverErrors.push(line);
      if (r.method !== "GET" && r.path.startsWith("/v1/") && status < 400) accepted.push(line);
    });
    expect(serverErrors, `${serverErrors.length} failures\n${stack.stderr().slice(-2000)}`).toEqual(
      [],
    );
    expect(accepted).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(client.samples.get("fuzz")?.length).toBe(RUNS);
    // Every class of bad input was tried, not bodies alone.
    const tried = (pred: (r: FuzzRequest) => boolean) => requests.filter(pred).length;
    expect(tried((r) => /%E0%A4%A|%ZZ|%C3%28/.test(r.path))).toBeGreaterThan(0);
    expect(tried((r) => r.path.includes("a".repeat(3000)))).toBeGreaterThan(0);
    expect(tried((r) => r.path.includes("cursor="))).toBeGreaterThan(0);
    expect(tried((r) => "if-match" in r.headers || "idempotency-key" in r.headers)).toBeGreaterThan(
      0,
    );
    expect(
      tried((r) => r.headers["content-type"] === "text/plain" && r.body !== undefined),
    ).toBeGreaterThan(0);
    expect(tried((r) => (r.body?.length ?? 0) > 100_000)).toBeGreaterThan(0);
    expect(tried((r) => /\\u0000|\\ud800/.test(r.body ?? ""))).toBeGreaterThan(0);
  }, 900_000);
});
