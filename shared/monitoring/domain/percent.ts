/**
 * n/d as a percentage to one decimal, rounded half up, in integer arithmetic; null when d is 0.
 * The same rounding as the registry's A1 computation (shared/registry/domain/indicators.ts), so
 * that a figure read from the counters equals the figure computed from the registry's facts.
 */
export function percentOf(n: number, d: number): number | null {
  if (d === 0) return null;
  return Math.floor((2000 * n + d) / (2 * d)) / 10;
}
