import { afterAll, beforeAll } from "vitest";
import { type StackHandle, startStack } from "./local-stack.ts";

/**
 * One local stack per test file: started before the file's tests, disposed after them. The
 * returned handle forwards to the running stack, so tests use it like the real one.
 */
export function useStack(opts?: Parameters<typeof startStack>[0]): StackHandle {
  let current: StackHandle | undefined;
  beforeAll(async () => {
    current = await startStack(opts);
  });
  afterAll(async () => {
    await current?.dispose();
  });
  return new Proxy({} as StackHandle, {
    get(_target, key) {
      if (!current) throw new Error("the local stack is not started yet (use it inside a test)");
      const value = current[key as keyof StackHandle];
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}
