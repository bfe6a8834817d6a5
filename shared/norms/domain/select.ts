/**
 * Which norm sets govern a proposal: the national set and the province's narrower set in force
 * on the decision date (local) for the proposal's programme phase, with the reason in words.
 */
import { localDateOf } from "./dates.ts";
import { dateVi, phaseEn, phaseVi, setRefEn, setRefVi } from "./messages.ts";
import { TT60_2026_TRANSITION as T60 } from "./transition.ts";
import type { NormScope, NormSelection, NormSet, NormSetRef, Phase } from "./types.ts";

export const DEFAULT_PHASE: Phase = "2021-2025";

export interface SelectionInput {
  provinceId: string;
  phase?: Phase;
  /** ISO-8601 UTC instant of the decision ("now" for a dry run). */
  decidedAt: string;
}

export function refOf(set: NormSet): NormSetRef {
  return { id: set.id, version: set.version, scope: set.scope };
}

function sameScope(a: NormScope, b: NormScope): boolean {
  if (a.kind === "national") return b.kind === "national";
  return b.kind === "province" && a.provinceId === b.provinceId;
}

/**
 * The version of one set in force on a local date: the highest version that has started. A
 * later version replaces earlier ones from its start date on (a correction is a new version),
 * so an ended latest version does not revive an older one.
 */
export function versionInForce(
  versions: readonly NormSet[],
  localDate: string,
): NormSet | undefined {
  let best: NormSet | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= localDate && (!best || v.version > best.version)) best = v;
  }
  if (!best || (best.effectiveTo !== undefined && best.effectiveTo < localDate)) return undefined;
  return best;
}

/**
 * The set of a scope and phase in force on a date. Among different set ids the one that
 * started last wins (a newer instrument supersedes an older one); ties go to the higher
 * version, then to the id, so the answer never depends on the order of `sets`.
 */
export function setInForce(
  sets: readonly NormSet[],
  scope: NormScope,
  phase: Phase,
  localDate: string,
): NormSet | undefined {
  const byId = new Map<string, NormSet[]>();
  for (const s of sets) {
    if (s.phase !== phase || !sameScope(s.scope, scope)) continue;
    const list = byId.get(s.id) ?? [];
    list.push(s);
    byId.set(s.id, list);
  }
  let best: NormSet | undefined;
  for (const versions of byId.values()) {
    const v = versionInForce(versions, localDate);
    if (!v) continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom &&
        (v.version > best.version || (v.version === best.version && v.id > best.id)))
    ) {
      best = v;
    }
  }
  return best;
}

function periodVi(s: NormSet): string {
  return s.effectiveTo
    ? `hiệu lực từ ${dateVi(s.effectiveFrom)} đến ${dateVi(s.effectiveTo)}`
    : `hiệu lực từ ${dateVi(s.effectiveFrom)}`;
}

function periodEn(s: NormSet): string {
  return s.effectiveTo
    ? `in force ${s.effectiveFrom} to ${s.effectiveTo}`
    : `in force from ${s.effectiveFrom}`;
}

/**
 * Selects the sets for a proposal. Steps:
 * 1. the decision's local date (Asia/Ho_Chi_Minh, UTC+7);
 * 2. the national set and the province's set of the proposal's phase in force that day;
 * 3. the reason, naming the Circular 60/2026 transition when it is what decides.
 * Neither set found means the check fails closed with the reason.
 */
export function selectNormSets(sets: readonly NormSet[], input: SelectionInput): NormSelection {
  const phase = input.phase ?? DEFAULT_PHASE;
  const localDate = localDateOf(input.decidedAt);
  const national = setInForce(sets, { kind: "national" }, phase, localDate);
  const province = setInForce(
    sets,
    { kind: "province", provinceId: input.provinceId },
    phase,
    localDate,
  );
  const whenVi = `đề xuất ${phaseVi(phase)} quyết định ngày ${dateVi(localDate)} (giờ Việt Nam)`;
  const whenEn = `a proposal of ${phaseEn(phase)} decided on ${localDate} (Vietnam time)`;
  const inTransition = phase === T60.previousPhase && localDate >= T60.effectiveFrom;
  const t60Vi = `${T60.document}, ${T60.article}`;
  const t60En = `${T60.documentEn}, ${T60.articleEn}`;

  if (!national && !province) {
    let vi: string;
    let en: string;
    if (phase === T60.previousPhase && localDate > T60.previousPhaseUntil) {
      vi = `nhiệm vụ ${phaseVi(phase)} chỉ tiếp tục áp dụng ${T60.previousDocument} đến hết ngày ${dateVi(T60.previousPhaseUntil)} (${t60Vi})`;
      en = `tasks of ${phaseEn(phase)} stay under ${T60.previousDocumentEn} only up to ${T60.previousPhaseUntil} (${t60En})`;
    } else if (phase === T60.newPhase && localDate >= T60.effectiveFrom) {
      vi = `${T60.document} không quy định định mức riêng cho Dự án 8; tỉnh ${input.provinceId} phải ban hành bộ định mức của tỉnh`;
      en = `${T60.documentEn} has no Project 8 caps; the province must publish its set (province ${input.provinceId})`;
    } else if (phase === T60.newPhase) {
      vi = `chương trình ${phaseVi(phase)} chỉ áp dụng từ ngày ${dateVi(T60.effectiveFrom)} (${T60.document})`;
      en = `${phaseEn(phase)} applies only from ${T60.effectiveFrom} (${T60.documentEn})`;
    } else {
      vi = `không có bộ định mức toàn quốc hoặc của tỉnh ${input.provinceId} cho ${phaseVi(phase)} có hiệu lực vào ngày này`;
      en = `no national set and no set of province ${input.provinceId} for ${phaseEn(phase)} is in force on that day`;
    }
    return {
      localDate,
      reasonVi: `Không có bộ định mức hiệu lực cho ${whenVi}: ${vi}.`,
      reasonEn: `No norm set in force for ${whenEn}: ${en}.`,
    };
  }

  const partsVi: string[] = [];
  const partsEn: string[] = [];
  if (national) {
    partsVi.push(
      `Áp dụng ${setRefVi(refOf(national))}, ${national.legalBasis.document}, ${periodVi(national)}, cho ${whenVi}.`,
    );
    partsEn.push(
      `Applies ${setRefEn(refOf(national))}, ${national.legalBasis.documentEn}, ${periodEn(national)}, to ${whenEn}.`,
    );
  }
  if (province && national) {
    partsVi.push(
      `Định mức được thu hẹp bởi ${setRefVi(refOf(province))}, ${province.legalBasis.document}, ${periodVi(province)}.`,
    );
    partsEn.push(
      `Caps narrowed by ${setRefEn(refOf(province))}, ${province.legalBasis.documentEn}, ${periodEn(province)}.`,
    );
  } else if (province) {
    partsVi.push(
      `Áp dụng ${setRefVi(refOf(province))}, ${province.legalBasis.document}, ${periodVi(province)}, cho ${whenVi}; không có bộ định mức toàn quốc cho giai đoạn này.`,
    );
    partsEn.push(
      `Applies ${setRefEn(refOf(province))}, ${province.legalBasis.documentEn}, ${periodEn(province)}, to ${whenEn}; there is no national set for this phase.`,
    );
  }
  if (inTransition) {
    partsVi.push(
      `Theo ${t60Vi}, nhiệm vụ ${phaseVi(phase)} được kéo dài đến ${dateVi(T60.previousPhaseUntil)} tiếp tục áp dụng ${T60.previousDocument}.`,
    );
    partsEn.push(
      `Under ${t60En}, tasks of ${phaseEn(phase)} extended to ${T60.previousPhaseUntil} stay under ${T60.previousDocumentEn}.`,
    );
  }
  return {
    ...(national ? { national } : {}),
    ...(province ? { province } : {}),
    localDate,
    reasonVi: partsVi.join(" "),
    reasonEn: partsEn.join(" "),
  };
}
