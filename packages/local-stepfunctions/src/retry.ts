import type { Catcher, Retrier } from "./states/state.ts";
import { isTerminalError } from "./types.ts";

/**
 * Error matching for Retry and Catch. States.ALL matches every error except the terminal ones;
 * States.TaskFailed matches every error except States.Timeout (AWS error-handling guide).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (isTerminalError(error)) return false;
  for (const e of errorEquals) {
    if (e === error || e === "States.ALL") return true;
    if (e === "States.TaskFailed" && error !== "States.Timeout") return true;
  }
  return false;
}

export interface RetryDecision {
  retrierIndex: number;
  delayMs: number;
}

/**
 * Picks the first retrier whose ErrorEquals matches; returns undefined when none matches or its
 * MaxAttempts is used up. `attempts[i]` counts the retries already made by retrier i.
 */
export function decideRetry(
  retriers: readonly Retrier[],
  error: string,
  attempts: readonly number[],
  random: () => number = Math.random,
): RetryDecision | undefined {
  for (let i = 0; i < retriers.length; i++) {
    const r = retriers[i] as Retrier;
    if (!errorMatches(r.errorEquals, error)) continue;
    const done = attempts[i] ?? 0;
    if (done >= r.maxAttempts) return undefined;
    let delay = r.intervalSeconds * r.backoffRate ** done;
    if (r.maxDelaySeconds !== undefined) delay = Math.min(delay, r.maxDelaySeconds);
    if (r.jitter === "FULL") delay = random() * delay;
    return { retrierIndex: i, delayMs: Math.round(delay * 1000) };
  }
  return undefined;
}

export function findCatcher(catchers: readonly Catcher[], error: string): Catcher | undefined {
  return catchers.find((c) => errorMatches(c.errorEquals, error));
}
