import { defineConfig } from "vitest/config";

/**
 * Four tiers, all part of `npm test`:
 * - unit: pure code and use cases on in-memory adapters; no Java, no local stack (< 60 s);
 * - infra: the synthesized CDK template (each file synthesizes the app in process);
 * - integration: HTTP against the real local stack (test/support/use-stack.ts);
 * - heavy: fuzzing, the 100,000-event audit scale, crash drills, Chromium, the durable
 *   Step Functions runtime on DynamoDB Local.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["test/unit/**/*.test.ts", "packages/*/test/unit/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "infra",
          sequence: { groupOrder: 0 },
          include: ["test/infra/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Each file starts its own local stack (own ports, own data dir); two at a time on 2 cores.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "heavy",
          sequence: { groupOrder: 2 },
          include: ["test/heavy/**/*.test.ts", "packages/*/test/durable/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
