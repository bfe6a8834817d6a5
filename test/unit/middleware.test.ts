import { describe, expect, it } from "vitest";
import { type MiddlewareObj, pipeline } from "../../shared/http/middleware.ts";

/**
 * The handlers' middleware runner keeps middy's semantics, which the observability, security
 * header and problem middlewares were written for.
 */
type Log = string[];
const tracer = (log: Log, name: string): MiddlewareObj<number, number> => ({
  before: () => {
    log.push(`${name}.before`);
  },
  after: (r) => {
    log.push(`${name}.after`);
    r.response = (r.response ?? 0) + 1;
  },
  onError: () => {
    log.push(`${name}.onError`);
  },
});

describe("pipeline", () => {
  it("runs before in order, after and onError in reverse order", async () => {
    const log: Log = [];
    const h = pipeline<number, number>(async (n) => {
      log.push("handler");
      return n * 10;
    })
      .use(tracer(log, "a"))
      .use(tracer(log, "b"));
    expect(await h(2, {})).toBe(22);
    expect(log).toEqual(["a.before", "b.before", "handler", "b.after", "a.after"]);
  });

  it("a before that returns a value answers early: no handler, no after", async () => {
    const log: Log = [];
    const h = pipeline<number, number>(async () => {
      log.push("handler");
      return 1;
    })
      .use({ before: () => 7 })
      .use(tracer(log, "b"));
    expect(await h(0, {})).toBe(7);
    expect(log).toEqual([]);
  });

  it("an error reaches onError in reverse order; one that sets a response answers", async () => {
    const log: Log = [];
    const h = pipeline<number, number>(async () => {
      throw new Error("boom");
    })
      .use({
        onError: (r) => {
          log.push(`mapped ${r.error?.message}`);
          r.response = 500;
        },
      })
      .use(tracer(log, "b"));
    expect(await h(0, {})).toBe(500);
    expect(log).toEqual(["b.before", "b.onError", "mapped boom"]);
  });

  it("an error no onError handles is thrown; an error in onError keeps the original", async () => {
    const unhandled = pipeline<number, number>(async () => {
      throw new Error("boom");
    }).use({ onError: () => undefined });
    await expect(unhandled(0, {})).rejects.toThrow("boom");
    const failing = pipeline<number, number>(async () => {
      throw new Error("first");
    }).use({
      onError: () => {
        throw new Error("second");
      },
    });
    await expect(failing(0, {})).rejects.toMatchObject({
      message: "second",
      originalError: { message: "first" },
    });
  });

  it("an error thrown by an after middleware goes to onError, and the response is reset", async () => {
    const seen: unknown[] = [];
    const h = pipeline<number, number>(async () => 1)
      .use({
        onError: (r) => {
          seen.push(r.response, r.error?.message);
          r.response = 2;
        },
      })
      .use({
        after: (r) => {
          r.response = 99;
          throw new Error("late");
        },
      });
    expect(await h(0, {})).toBe(2);
    expect(seen).toEqual([undefined, "late"]);
  });

  it("abandons the handler with a TimeoutError 5 ms before the function's deadline", async () => {
    const h = pipeline<number, number>(() => new Promise<number>(() => {}));
    const started = Date.now();
    await expect(h(0, { getRemainingTimeInMillis: () => 30 })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it("refuses a middleware with nothing to run", () => {
    expect(() => pipeline(async () => 1).use({})).toThrow(/at least one/);
  });
});
