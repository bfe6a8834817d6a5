import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lazy } from "../../shared/validation/lazy.ts";
import { meta } from "../../shared/validation/z.ts";

describe("lazy schemas (shared/validation/lazy.ts)", () => {
  it("builds nothing until the schema is used, then builds once", () => {
    let builds = 0;
    const S = lazy(() => {
      builds++;
      return z.object({ name: z.string() });
    });
    expect(builds).toBe(0);
    expect(z.safeParse(S, { name: "An" }).success).toBe(true);
    expect(z.safeParse(S, { name: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it("behaves as the schema: instanceof, shape, extend, nesting, keys", () => {
    const Inner = lazy(() => z.strictObject({ amount: z.int() }));
    const Outer = lazy(() => z.object({ inner: Inner }));
    expect(Inner instanceof z.ZodMiniObject).toBe(true);
    expect(Object.keys(Inner.shape)).toEqual(["amount"]);
    const Wider = z.extend(Inner, { note: z.optional(z.string()) });
    expect(z.safeParse(Wider, { amount: 1, note: "x" }).success).toBe(true);
    expect(z.safeParse(Outer, { inner: { amount: 1, extra: 1 } }).success).toBe(false);
    expect("_zod" in Inner).toBe(true);
    expect(Reflect.ownKeys(Inner)).toContain("_zod");
  });

  it("gives the proxy the metadata attached while building, so the JSON Schema carries it", () => {
    const Money = lazy(() => meta(z.int(), { id: "LazyMoney", description: "đồng" }));
    const Body = lazy(() => z.object({ amount: Money }));
    const json = z.toJSONSchema(Body);
    expect(z.globalRegistry.get(Money)).toEqual({ id: "LazyMoney", description: "đồng" });
    expect(JSON.stringify(json)).toContain("đồng");
    // A clone inherits the description, not the id.
    expect(z.globalRegistry.get(Money.clone())?.id).toBeUndefined();
    expect(z.globalRegistry.get(Money.clone())?.description).toBe("đồng");
  });
});
