import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: [
            "test/unit/**/*.test.ts",
            "test/infra/**/*.test.ts",
            "test/stepfunctions/**/*.test.ts",
          ],
          testTimeout: 30_000,
          hookTimeout: 120_000,
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
    ],
  },
});
