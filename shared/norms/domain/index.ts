/** Budget norms: versioned sets, selection, the check and publishing. Pure, no AWS imports. */

export { type CeilingFinding, ceilingFindings, ceilingIssues } from "./ceiling.ts";
export { checkNorms, heldBy, usedBefore } from "./check.ts";
export {
  formatLocalDateVi,
  isLocalDate,
  localDateOf,
  localYearOf,
  periodKeyOf,
  usageKeyOf,
} from "./dates.ts";
export { type DraftStatus, findingsOf, type NormSetDraftRecord } from "./drafts.ts";
export { type EffectiveItem, effectiveItems } from "./effective.ts";
export { BENEFICIARY_KIND_LABELS } from "./messages.ts";
export { formatDongEn, formatDongVi, isWholeDong } from "./money.ts";
export {
  FUNDING_SOURCE_IDS,
  FUNDING_SOURCES,
  type FundingSource,
  phaseFor,
  sourceOfPhase,
} from "./phase.ts";
export { type NormSetIssue, NormSetValidationError, prepareNormSetVersion } from "./publish.ts";
export {
  citationSchema,
  MAX_CAP_DONG,
  normItemSchema,
  normSetDraftSchema,
  normSetSchema,
} from "./schema.ts";
export {
  DEFAULT_PHASE,
  refOf,
  type SelectionInput,
  selectNormSets,
  setInForce,
  versionInForce,
} from "./select.ts";
export {
  NATIONAL_CEILINGS,
  type NationalCeiling,
  SHIPPED_NORM_SETS,
  TT55_2023,
  TT60_2026_TRANSITION,
} from "./shipped.ts";
export { type SpendingBreach, spendingBreach } from "./spending.ts";
export * from "./types.ts";
