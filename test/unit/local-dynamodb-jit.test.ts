/**
 * How DynamoDB Local's JVM compiles is chosen by LOCAL_DYNAMODB_JIT (local/dynamodb.ts): the
 * quick-starting mode unless a long run asks for the optimizing compiler; a typo is refused
 * rather than silently running the other mode.
 */
import { describe, expect, it } from "vitest";
import { dynamoDbJitFromEnv } from "../../local/dynamodb.ts";

describe("GIVEN LOCAL_DYNAMODB_JIT", () => {
  it("THEN unset is the startup mode, and each mode is read as written", () => {
    expect(dynamoDbJitFromEnv({})).toBe("startup");
    expect(dynamoDbJitFromEnv({ LOCAL_DYNAMODB_JIT: "startup" })).toBe("startup");
    expect(dynamoDbJitFromEnv({ LOCAL_DYNAMODB_JIT: "throughput" })).toBe("throughput");
  });

  it("THEN any other value is refused with the values it accepts", () => {
    expect(() => dynamoDbJitFromEnv({ LOCAL_DYNAMODB_JIT: "fast" })).toThrow(
      /LOCAL_DYNAMODB_JIT=fast: expected "startup" \(the default\) or "throughput"/,
    );
  });
});
