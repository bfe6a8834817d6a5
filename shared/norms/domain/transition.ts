/**
 * Circular 60/2026/TT-BTC: in force from 31/05/2026 for the merged 2026-2035 programme, with no
 * Project 8 caps of its own (general Art. 4 rates; each province decides its local items).
 * Not a norm set: selection uses it to explain why a set applies or why none does, and a
 * proposal's phase follows it (phase.ts); its own module, apart from the shipped sets.
 */
export const TT60_2026_TRANSITION = {
  document: "Thông tư 60/2026/TT-BTC",
  documentEn: "Circular 60/2026/TT-BTC",
  effectiveFrom: "2026-05-31",
  article: "Điều 21 khoản 1",
  articleEn: "Art. 21.1",
  /** Tasks of this phase extended to `previousPhaseUntil` stay under the previous circular. */
  previousPhase: "2021-2025",
  previousPhaseUntil: "2026-12-31",
  previousDocument: "Thông tư 55/2023/TT-BTC",
  previousDocumentEn: "Circular 55/2023/TT-BTC",
  newPhase: "2026-2035",
} as const;
