/**
 * Which programme phase a proposal belongs to follows its funding source, and without one its
 * decision date, never a fixed default: the 2021-2025 programmes' tasks were extended to
 * 31/12/2026 (Circular 60/2026/TT-BTC, Art. 21.1); after that day only the merged 2026-2035
 * programme funds new decisions.
 */
import { localDateOf } from "./dates.ts";
import { TT60_2026_TRANSITION as T60 } from "./transition.ts";
import type { Phase } from "./types.ts";

/** The budget lines a proposal can be funded from. */
export const FUNDING_SOURCES = {
  /** Decision 1719/QĐ-TTg, 2021-2025 (extended to 31/12/2026). */
  NTP_1719_2021_2025: "2021-2025",
  /** The merged national target programme 2026-2035. */
  NTP_2026_2035: "2026-2035",
} as const satisfies Record<string, Phase>;
export type FundingSource = keyof typeof FUNDING_SOURCES;
export const FUNDING_SOURCE_IDS = Object.keys(FUNDING_SOURCES) as [
  FundingSource,
  ...FundingSource[],
];

export const sourceOfPhase = (phase: Phase): FundingSource =>
  phase === "2021-2025" ? "NTP_1719_2021_2025" : "NTP_2026_2035";

/**
 * The phase of a proposal decided at `decidedAt`: its funding source's, else the phase whose
 * tasks may still be decided that day (2021-2025 up to the end of its extension, then 2026-2035).
 */
export function phaseFor(fundingSource: FundingSource | undefined, decidedAt: string): Phase {
  if (fundingSource) return FUNDING_SOURCES[fundingSource];
  return localDateOf(decidedAt) <= T60.previousPhaseUntil ? T60.previousPhase : T60.newPhase;
}
