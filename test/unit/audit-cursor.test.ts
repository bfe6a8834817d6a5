import { describe, expect, it } from "vitest";
import {
  type AuditSelector,
  decodeCursor,
  encodeCursor,
} from "../../shared/audit/adapters/dynamo-audit-store.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";

const byProvince: AuditSelector = { by: "province", provinceId: "P-LC" };
const opts = { limit: 50, from: "2026-01-01" };
const key = {
  provinceId: "P-LC",
  atId: "2026-06-01T00:00:00.000Z#P#x#00000001",
  pk: "P#x",
  sk: "00000001",
};

describe("audit cursor", () => {
  it("GIVEN a LastEvaluatedKey WHEN encoded and decoded for the same query THEN it is the same key, and the cursor is URL-safe", () => {
    const c = encodeCursor(byProvince, opts, key);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(byProvince, { ...opts, limit: 10 }, c)).toEqual(key);
  });

  it("GIVEN a cursor of another query WHEN decoded THEN 400", () => {
    const c = encodeCursor(byProvince, opts, key);
    expect(() => decodeCursor({ by: "province", provinceId: "P-XX" }, opts, c)).toThrow(
      ValidationError,
    );
    expect(() => decodeCursor(byProvince, { ...opts, from: "2025-01-01" }, c)).toThrow(
      ValidationError,
    );
  });

  it("GIVEN a forged cursor (other partition, extra attribute, non-string, garbage) WHEN decoded THEN 400", () => {
    const forge = (k: unknown, s: AuditSelector = byProvince) => {
      const good = JSON.parse(
        Buffer.from(encodeCursor(s, opts, key), "base64url").toString("utf8"),
      ) as { f: string };
      return Buffer.from(JSON.stringify({ f: good.f, k }), "utf8").toString("base64url");
    };
    expect(() => decodeCursor(byProvince, opts, forge({ ...key, provinceId: "P-XX" }))).toThrow(
      ValidationError,
    );
    expect(() => decodeCursor(byProvince, opts, forge({ ...key, extra: "1" }))).toThrow(
      ValidationError,
    );
    expect(() => decodeCursor(byProvince, opts, forge({ ...key, sk: 1 }))).toThrow(ValidationError);
    expect(() => decodeCursor(byProvince, opts, "not a cursor!")).toThrow(ValidationError);
    expect(() => decodeCursor(byProvince, opts, "eyJ4Ijo")).toThrow(ValidationError);
  });

  it("GIVEN a stream query WHEN its cursor names another stream THEN 400", () => {
    const s: AuditSelector = { by: "stream", stream: "P#a" };
    const c = encodeCursor(s, opts, { pk: "P#a", sk: "00000002" });
    expect(decodeCursor(s, opts, c)).toEqual({ pk: "P#a", sk: "00000002" });
    const forged = JSON.parse(Buffer.from(c, "base64url").toString("utf8")) as { f: string };
    const other = Buffer.from(
      JSON.stringify({ f: forged.f, k: { pk: "P#b", sk: "00000002" } }),
    ).toString("base64url");
    expect(() => decodeCursor(s, opts, other)).toThrow(ValidationError);
  });
});
