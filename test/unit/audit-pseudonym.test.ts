import { describe, expect, it } from "vitest";
import { pseudonym } from "../../shared/privacy/domain/pseudonym.ts";

const key = Buffer.alloc(32, 7);

describe("survivor pseudonym", () => {
  it("GIVEN the same proposal and key WHEN computed twice THEN it is the same; other proposals and keys differ", () => {
    const a = pseudonym("p-1", key);
    expect(a).toMatch(/^NN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(pseudonym("p-1", key)).toBe(a);
    expect(pseudonym("p-2", key)).not.toBe(a);
    expect(pseudonym("p-1", Buffer.alloc(32, 8))).not.toBe(a);
    expect(a).not.toContain("p-1");
  });

  it("GIVEN a short key THEN it refuses", () => {
    expect(() => pseudonym("p-1", Buffer.alloc(8))).toThrow(/16 bytes/);
  });
});
