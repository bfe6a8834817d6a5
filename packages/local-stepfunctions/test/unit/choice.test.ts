import { describe, expect, it } from "vitest";
import { runOurs, runPeer } from "../support/harness.ts";

/**
 * Every Choice comparison operator, each rule checked on our runtime and on aws-local-stepfunctions.
 * Operators and semantics: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 * (a comparison against a value of another type is false; IsPresent never fails on a missing path).
 */
const input = {
  s: "log-2024.txt",
  s2: "log-2024.txt",
  n: 10,
  n2: 20,
  b: true,
  b2: true,
  t: "2024-03-14T01:59:00Z",
  t2: "2024-03-14T02:00:00+00:00",
  nul: null,
  obj: { k: 1 },
};

// The third element is false where aws-local-stepfunctions disagrees with the guide: it ignores a
// `false` operand of the type tests (IsPresent: false must match a missing field).
const rules: Array<[object, boolean, boolean?]> = [
  [{ Variable: "$.s", StringEquals: "log-2024.txt" }, true],
  [{ Variable: "$.s", StringEquals: "other" }, false],
  [{ Variable: "$.s", StringLessThan: "m" }, true],
  [{ Variable: "$.s", StringGreaterThan: "m" }, false],
  [{ Variable: "$.s", StringLessThanEquals: "log-2024.txt" }, true],
  [{ Variable: "$.s", StringGreaterThanEquals: "log-2025" }, false],
  [{ Variable: "$.s", StringMatches: "log-*.txt" }, true],
  [{ Variable: "$.s", StringMatches: "log-*.csv" }, false],
  [{ Variable: "$.n", StringEquals: "10" }, false],
  [{ Variable: "$.s", StringEqualsPath: "$.s2" }, true],
  [{ Variable: "$.s", StringLessThanPath: "$.s2" }, false],
  [{ Variable: "$.s", StringGreaterThanEqualsPath: "$.s2" }, true],
  [{ Variable: "$.n", NumericEquals: 10 }, true],
  [{ Variable: "$.n", NumericLessThan: 10 }, false],
  [{ Variable: "$.n", NumericGreaterThan: 9.5 }, true],
  [{ Variable: "$.n", NumericLessThanEquals: 10 }, true],
  [{ Variable: "$.n", NumericGreaterThanEquals: 11 }, false],
  [{ Variable: "$.s", NumericEquals: 10 }, false],
  [{ Variable: "$.n", NumericLessThanPath: "$.n2" }, true],
  [{ Variable: "$.n", NumericEqualsPath: "$.n2" }, false],
  [{ Variable: "$.n", NumericGreaterThanPath: "$.n2" }, false],
  [{ Variable: "$.n", NumericLessThanEqualsPath: "$.n2" }, true],
  [{ Variable: "$.n", NumericGreaterThanEqualsPath: "$.n2" }, false],
  [{ Variable: "$.b", BooleanEquals: true }, true],
  [{ Variable: "$.b", BooleanEquals: false }, false],
  [{ Variable: "$.b", BooleanEqualsPath: "$.b2" }, true],
  [{ Variable: "$.t", TimestampEquals: "2024-03-14T01:59:00Z" }, true],
  [{ Variable: "$.t", TimestampLessThan: "2024-03-14T02:00:00Z" }, true],
  [{ Variable: "$.t", TimestampGreaterThan: "2024-03-14T02:00:00Z" }, false],
  [{ Variable: "$.t", TimestampLessThanEquals: "2024-03-14T01:59:00Z" }, true],
  [{ Variable: "$.t", TimestampGreaterThanEquals: "2024-03-15T00:00:00Z" }, false],
  [{ Variable: "$.t", TimestampLessThanPath: "$.t2" }, true],
  [{ Variable: "$.t", TimestampEqualsPath: "$.t2" }, false],
  [{ Variable: "$.s", TimestampEquals: "2024-03-14T01:59:00Z" }, false],
  [{ Variable: "$.nul", IsNull: true }, true],
  [{ Variable: "$.n", IsNull: true }, false],
  [{ Variable: "$.missing", IsPresent: true }, false],
  [{ Variable: "$.missing", IsPresent: false }, true, false],
  [{ Variable: "$.obj.k", IsPresent: true }, true],
  [{ Variable: "$.n", IsNumeric: true }, true],
  [{ Variable: "$.s", IsNumeric: false }, true, false],
  [{ Variable: "$.s", IsString: true }, true],
  [{ Variable: "$.b", IsBoolean: true }, true],
  [{ Variable: "$.n", IsBoolean: true }, false],
  [{ Variable: "$.t", IsTimestamp: true }, true],
  [{ Variable: "$.s", IsTimestamp: true }, false],
  [
    {
      And: [
        { Variable: "$.n", NumericGreaterThan: 5 },
        { Variable: "$.b", BooleanEquals: true },
      ],
    },
    true,
  ],
  [
    {
      Or: [
        { Variable: "$.n", NumericGreaterThan: 50 },
        { Variable: "$.s", StringMatches: "*.txt" },
      ],
    },
    true,
  ],
  [{ Not: { Variable: "$.s", StringEquals: "log-2024.txt" } }, false],
  [
    {
      And: [
        { Variable: "$.n", IsPresent: true },
        {
          Not: {
            Or: [
              { Variable: "$.n", NumericLessThan: 0 },
              { Variable: "$.n", NumericGreaterThan: 100 },
            ],
          },
        },
      ],
    },
    true,
  ],
];

const machine = (rule: object) => ({
  StartAt: "C",
  States: {
    C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" },
    Yes: { Type: "Pass", Result: "yes", End: true },
    No: { Type: "Pass", Result: "no", End: true },
  },
});

describe("Choice comparison operators", () => {
  for (const [rule, expected, peerAgrees = true] of rules) {
    it(`${JSON.stringify(rule)} → ${expected}`, async () => {
      const ours = await runOurs(machine(rule), input);
      expect(ours.output).toBe(expected ? "yes" : "no");
      if (peerAgrees) {
        const peer = await runPeer(machine(rule), input);
        expect(peer.output).toBe(expected ? "yes" : "no");
      }
    });
  }

  it("a missing Variable (other than IsPresent) fails the execution with States.Runtime", async () => {
    const ours = await runOurs(machine({ Variable: "$.missing", StringEquals: "x" }), input);
    expect(ours).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });

  it("StringMatches honours escaped wildcards", async () => {
    const rule = { Variable: "$.s", StringMatches: "a\\*b*" };
    expect((await runOurs(machine(rule), { s: "a*b-c" })).output).toBe("yes");
    expect((await runOurs(machine(rule), { s: "axb-c" })).output).toBe("no");
  });
});
