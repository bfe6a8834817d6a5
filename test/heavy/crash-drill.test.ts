import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashDrill } from "../../scripts/bench/drill.ts";
import { strandedProposals } from "../support/executions.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";

/**
 * kill -9 of the whole local stack (Node and DynamoDB Local's JVM) at random moments while
 * proposals go through their lifecycle; the client retries with its Idempotency-Keys. The
 * full-size drill is `npm run drill` (README, docs/performance.md).
 */
let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

describe("crash drill", () => {
  it("GIVEN 24 lifecycles in flight WHEN the stack is SIGKILLed twice and restarted THEN none is lost, none paid twice, every chain verifies, open tasks can be decided and no proposal is left needing an execution without one", async () => {
    const report = await crashDrill(stack, {
      proposals: 24,
      concurrency: 8,
      kills: 2,
      maxPauseMs: 2500,
    });
    expect(report.problems, report.problems.join("\n")).toEqual([]);
    expect(report.closed).toBe(24);
    expect(report.kills).toBeGreaterThanOrEqual(1);
    // Stated on its own too: the query the drill's problems include.
    expect(await strandedProposals(stack)).toEqual([]);
  }, 600_000);
});
