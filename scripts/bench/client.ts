/**
 * A small HTTP client for benchmarks and drills: bearer tokens per demo user, latency samples
 * per endpoint label, and retries of transient failures (network errors while the stack
 * restarts, 503 with Retry-After) that reuse the request's Idempotency-Key.
 */
export interface Reply<T = unknown> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Retry transient failures (network error, 503) for up to this many ms; 0 = never. */
  retryForMs?: number;
}

export class BenchClient {
  readonly samples = new Map<string, number[]>();
  readonly counts = { requests: 0, retries: 0, status5xx: 0, status503: 0, networkErrors: 0 };
  private readonly tokens = new Map<string, string>();

  constructor(public baseUrl: string) {}

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${this.baseUrl}/_local/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username }),
    });
    const body = (await res.json()) as { token?: string };
    if (!body.token) throw new Error(`no token for ${username}`);
    this.tokens.set(username, body.token);
    return body.token;
  }

  /** One request, timed under `label`; retried with the same headers while transient. */
  async call<T = unknown>(
    label: string,
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<Reply<T>> {
    const end = Date.now() + (opts.retryForMs ?? 0);
    for (;;) {
      try {
        const reply = await this.once<T>(label, method, path, opts);
        // 503, or 409 "still in progress" (Idempotency-Key) both carry Retry-After.
        const transient =
          reply.status === 503 || (reply.status === 409 && reply.headers.has("retry-after"));
        if (transient && Date.now() < end) {
          this.counts.retries++;
          const after = Number(reply.headers.get("retry-after") ?? "1");
          await sleep(Math.min(after, 2) * 1000 * Math.random() + 50);
          continue;
        }
        return reply;
      } catch (error) {
        this.counts.networkErrors++;
        if (Date.now() >= end) throw error;
        this.counts.retries++;
        await sleep(250);
      }
    }
  }

  private async once<T>(
    label: string,
    method: string,
    path: string,
    opts: CallOptions,
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${await this.token(opts.token)}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const started = performance.now();
    this.counts.requests++;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let list = this.samples.get(label);
    if (!list) {
      list = [];
      this.samples.set(label, list);
    }
    list.push(ms);
    if (res.status >= 500) this.counts.status5xx++;
    if (res.status === 503) this.counts.status503++;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json: json as T, text, headers: res.headers };
  }

  /** p50/p95/p99 in ms per label. */
  percentiles(): Record<string, { n: number; p50: number; p95: number; p99: number }> {
    const out: Record<string, { n: number; p50: number; p95: number; p99: number }> = {};
    for (const [label, list] of [...this.samples].sort()) {
      const s = [...list].sort((a, z) => a - z);
      out[label] = { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
    }
    return out;
  }
}

export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 10) / 10;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight. */
export async function pool<T>(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const workers = Array.from({ length: Math.min(n, concurrency) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      out[i] = await task(i);
    }
  });
  await Promise.all(workers);
  return out;
}
