import { defineConfig } from "vitest/config";

/**
 * The package's own test run (`npm test` / `npm run test:durable` in this folder). In the
 * repository, the root vitest.config.ts runs the same files: test/unit in its `unit` project,
 * test/durable (DynamoDB Local on Java, child processes) in `heavy`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "durable",
          include: ["test/durable/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
