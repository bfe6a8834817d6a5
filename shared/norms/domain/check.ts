/**
 * The budget-norm check: every rule of the set in force applied to a proposal, pass or fail,
 * with amounts, caps and citations in Vietnamese and English. Pure: the caller loads the sets
 * and the beneficiary's usage, and writes the reservations in the same transaction as the
 * approval (shared/norms/adapters/dynamo-norm-store.ts).
 */
import { exclusivePackageRules, foundingWindowRule } from "./beneficiary-rules.ts";
import { periodKeyOf, usageKeyOf } from "./dates.ts";
import { type EffectiveItem, effectiveItems } from "./effective.ts";
import {
  BENEFICIARY_KIND_LABELS,
  capEn,
  capVi,
  citedEn,
  citedVi,
  lineEn,
  lineVi,
  setRefEn,
  setRefVi,
} from "./messages.ts";
import { formatDongEn as en$, isWholeDong, formatDongVi as vi$ } from "./money.ts";
import { DEFAULT_PHASE, refOf, selectNormSets } from "./select.ts";
import type {
  NormCheckInput,
  NormCheckResult,
  NormItem,
  NormRuleResult,
  NormSet,
  Reservation,
  UsageSnapshot,
} from "./types.ts";

export type Rule = Omit<NormRuleResult, "ruleId" | "severity" | "measure"> &
  Partial<Pick<NormRuleResult, "severity" | "measure">>;

interface LineUse {
  line: number;
  support: number;
  months: number;
}

/** Earlier use of a key: all holds except this proposal's own (a re-run after reserving). */
export function usedBefore(usage: UsageSnapshot, usageKey: string, proposalId?: string): number {
  const entry = usage[usageKey];
  if (!entry) return 0;
  const own = proposalId !== undefined ? (entry.holds[proposalId] ?? 0) : 0;
  return entry.reserved - own;
}

function ruleId(r: Rule): string {
  return [r.kind, r.itemCode, r.line !== undefined ? `L${r.line}` : undefined]
    .filter((p) => p !== undefined)
    .join(":");
}

/** "Dòng 2 (A4.LIVELIHOOD_MODEL): " / "Line 2 (A4.LIVELIHOOD_MODEL): ". */
function tag(line: number, code: string): { vi: string; en: string } {
  return { vi: `Dòng ${line} (${code}): `, en: `Line ${line} (${code}): ` };
}

function periodCapOf(item: NormItem): number {
  return item.period.kind === "per_month" ? item.cap * item.period.maxMonths : item.cap;
}

function periodCapVi(item: NormItem): string {
  return item.period.kind === "per_month"
    ? `tối đa ${vi$(periodCapOf(item))} (${vi$(item.cap)}/${item.unit.vi} × ${item.period.maxMonths} tháng)`
    : capVi(item);
}

function periodCapEn(item: NormItem): string {
  return item.period.kind === "per_month"
    ? `at most ${en$(periodCapOf(item))} (${en$(item.cap)} per ${item.unit.en} × ${item.period.maxMonths} months)`
    : capEn(item);
}

function periodPhrase(item: NormItem, periodKey: string): { vi: string; en: string } {
  switch (item.period.kind) {
    case "per_year":
      return {
        vi: `trong năm ${periodKey.slice(1)}`,
        en: `in calendar year ${periodKey.slice(1)}`,
      };
    case "per_month":
      return {
        vi: `trong ${item.period.maxMonths} tháng đầu tiên`,
        en: `over the first ${item.period.maxMonths} months`,
      };
    default:
      return {
        vi: "qua mọi đề xuất (định mức một lần)",
        en: "across all proposals (one-off cap)",
      };
  }
}

/** Checks one line against its item; returns the line's use when it may count toward caps. */
function checkLine(
  add: (r: Rule) => void,
  line: number,
  raw: NormCheckInput["items"][number],
  eff: EffectiveItem,
): LineUse | undefined {
  const { item, citation, capSet } = eff;
  const t = tag(line, item.code);
  const support = raw.supportAmount;
  const cost = raw.totalCost;
  const base = { itemCode: item.code, line, citation, capSet };

  const withinCost = support <= cost;
  add({
    ...base,
    kind: "support_within_cost",
    passed: withinCost,
    amount: support,
    cap: cost,
    messageVi: withinCost
      ? `${t.vi}số tiền hỗ trợ ${vi$(support)} không vượt tổng chi phí ${vi$(cost)}.`
      : `${t.vi}số tiền hỗ trợ ${vi$(support)} vượt tổng chi phí ${vi$(cost)}.`,
    messageEn: withinCost
      ? `${t.en}support of ${en$(support)} does not exceed the total cost of ${en$(cost)}.`
      : `${t.en}support of ${en$(support)} exceeds the total cost of ${en$(cost)}.`,
  });

  let months = 0;
  let lineCap = item.cap;
  if (item.period.kind === "per_month") {
    const max = item.period.maxMonths;
    const m = raw.months;
    const ok = m !== undefined && Number.isSafeInteger(m) && m >= 1 && m <= max;
    add({
      ...base,
      kind: "months_limit",
      passed: ok,
      amount: typeof m === "number" ? m : 0,
      measure: "months",
      cap: max,
      messageVi: ok
        ? `${t.vi}${m} tháng, trong giới hạn ${max} tháng đầu tiên${citedVi(citation)}.`
        : m === undefined
          ? `${t.vi}cần ghi số tháng (1 đến ${max}) cho khoản mục tính theo tháng${citedVi(citation)}.`
          : `${t.vi}${m} tháng không hợp lệ: chỉ hỗ trợ từ 1 đến ${max} tháng đầu tiên${citedVi(citation)}.`,
      messageEn: ok
        ? `${t.en}${m} months, within the limit of the first ${max} months${citedEn(citation)}.`
        : m === undefined
          ? `${t.en}the number of months (1 to ${max}) is required for a per-month item${citedEn(citation)}.`
          : `${t.en}${m} months is not allowed: support covers 1 to ${max} first months only${citedEn(citation)}.`,
    });
    if (!ok) return undefined;
    months = m;
    lineCap = item.cap * m;
  }

  if (item.kind === "lump_sum") {
    const exact = support === item.cap;
    add({
      ...base,
      kind: "lump_sum",
      passed: exact,
      amount: support,
      cap: item.cap,
      messageVi: exact
        ? `${t.vi}khoản trọn gói ${vi$(support)}/${item.unit.vi} đúng mức quy định${citedVi(citation)}.`
        : `${t.vi}khoản trọn gói phải bằng đúng ${vi$(item.cap)}/${item.unit.vi}; đề xuất ${vi$(support)}${citedVi(citation)}.`,
      messageEn: exact
        ? `${t.en}lump sum of ${en$(support)} per ${item.unit.en} as set${citedEn(citation)}.`
        : `${t.en}a lump sum must be exactly ${en$(item.cap)} per ${item.unit.en}; requested ${en$(support)}${citedEn(citation)}.`,
    });
  } else {
    const within = support <= lineCap;
    const capTextVi =
      item.period.kind === "per_month"
        ? `${capVi(item)} × ${months} tháng = ${vi$(lineCap)}`
        : capVi(item);
    const capTextEn =
      item.period.kind === "per_month"
        ? `${capEn(item)} × ${months} months = ${en$(lineCap)}`
        : capEn(item);
    add({
      ...base,
      kind: "item_cap",
      passed: within,
      amount: support,
      cap: lineCap,
      messageVi: within
        ? `${t.vi}${vi$(support)} trong định mức ${capTextVi}${citedVi(citation)}.`
        : `${t.vi}Vượt định mức: ${vi$(support)}, ${capTextVi}${citedVi(citation)}.`,
      messageEn: within
        ? `${t.en}${en$(support)} within the cap of ${capTextEn}${citedEn(citation)}.`
        : `${t.en}Above the cap: ${en$(support)}, ${capTextEn}${citedEn(citation)}.`,
    });
  }

  if (cost > support) {
    const co = cost - support;
    const byBeneficiary = item.coFinancing === "beneficiary_pays_remainder";
    add({
      ...base,
      kind: "co_financing",
      severity: "info",
      passed: true,
      amount: co,
      ...(byBeneficiary ? {} : { citation: undefined }),
      messageVi: byBeneficiary
        ? `${t.vi}phần đối ứng ${vi$(co)} (tổng chi phí ${vi$(cost)} − hỗ trợ ${vi$(support)}) do đối tượng được hỗ trợ tự chi trả${citedVi(citation)}.`
        : `${t.vi}phần chi phí ngoài mức hỗ trợ ${vi$(co)} (tổng chi phí ${vi$(cost)} − hỗ trợ ${vi$(support)}) do đối tượng hoặc nguồn khác chi trả.`,
      messageEn: byBeneficiary
        ? `${t.en}co-financing of ${en$(co)} (total cost ${en$(cost)} − support ${en$(support)}) paid by the beneficiary${citedEn(citation)}.`
        : `${t.en}${en$(co)} above the support (total cost ${en$(cost)} − support ${en$(support)}) paid by the beneficiary or other sources.`,
    });
  }
  return { line, support, months: support > 0 ? months : 0 };
}

/**
 * Checks a proposal against the norms in force. Steps:
 * 1. select the national and province sets for the decision date and phase (fails closed
 *    when none is in force, with the reason);
 * 2. per line: whole amounts, item allowed for the activity and beneficiary kind, support within
 *    the total cost, months limit, lump sum, cap of the line, co-financing (information);
 * 3. per item code: the lines together within the period's cap (when there are several), then
 *    cumulative per beneficiary with the earlier reservations of the period, in đồng and months;
 * 4. the reservations to write atomically with the approval (only when every rule passed).
 */
export function checkNorms(
  input: NormCheckInput,
  sets: readonly NormSet[],
  usage: UsageSnapshot,
): NormCheckResult {
  const phase = input.phase ?? DEFAULT_PHASE;
  const selection = selectNormSets(sets, {
    provinceId: input.provinceId,
    phase,
    decidedAt: input.decidedAt,
  });
  const rules: NormRuleResult[] = [];
  const add = (r: Rule): void => {
    const { citation, ...rest } = r;
    rules.push({
      ...rest,
      ...(citation ? { citation } : {}),
      ruleId: ruleId(r),
      severity: r.severity ?? "check",
      measure: r.measure ?? "dong",
    });
  };

  const validLines = input.items.filter(
    (l) => isWholeDong(l.supportAmount) && isWholeDong(l.totalCost),
  );
  const support = validLines.reduce((s, l) => s + l.supportAmount, 0);
  const totalCost = validLines.reduce((s, l) => s + l.totalCost, 0);
  const coFinancing = validLines.reduce(
    (s, l) => s + Math.max(0, l.totalCost - l.supportAmount),
    0,
  );
  const totals = { support, totalCost, coFinancing };

  const national = selection.national ? refOf(selection.national) : null;
  const province = selection.province ? refOf(selection.province) : null;
  const normSet = {
    national,
    province,
    localDate: selection.localDate,
    reasonVi: selection.reasonVi,
    reasonEn: selection.reasonEn,
  };

  const found = national !== null || province !== null;
  add({
    kind: "norm_set",
    passed: found,
    amount: support,
    ...(found ? { capSet: province ?? national ?? undefined } : {}),
    messageVi: selection.reasonVi,
    messageEn: selection.reasonEn,
  });
  if (!found) return { passed: false, normSet, rules, reservations: [], totals };

  add({
    kind: "has_items",
    passed: input.items.length > 0,
    amount: input.items.length,
    messageVi:
      input.items.length > 0
        ? `Đề xuất có ${input.items.length} dòng khoản mục.`
        : "Đề xuất không có khoản mục nào.",
    messageEn:
      input.items.length > 0
        ? `The proposal has ${input.items.length} item line(s).`
        : "The proposal has no items.",
  });

  const catalogue = effectiveItems(selection);
  const setVi = [national, province].flatMap((r) => (r ? [setRefVi(r)] : [])).join(" và ");
  const setEn = [national, province].flatMap((r) => (r ? [setRefEn(r)] : [])).join(" and ");
  const kindLabel = BENEFICIARY_KIND_LABELS[input.beneficiary.kind];
  const groups = new Map<string, { eff: EffectiveItem; uses: LineUse[] }>();

  input.items.forEach((raw, i) => {
    const line = i + 1;
    const whole = isWholeDong(raw.supportAmount) && isWholeDong(raw.totalCost);
    add({
      kind: "amounts_valid",
      line,
      itemCode: raw.code,
      passed: whole,
      amount: whole ? raw.supportAmount : 0,
      messageVi: whole
        ? `${lineVi(line)}số tiền là số nguyên đồng không âm.`
        : `${lineVi(line)}số tiền hỗ trợ và tổng chi phí phải là số nguyên đồng không âm.`,
      messageEn: whole
        ? `${lineEn(line)}amounts are whole, non-negative đồng.`
        : `${lineEn(line)}support and total cost must be whole, non-negative đồng.`,
    });
    if (!whole) return;

    const eff = catalogue.get(raw.code);
    const item = eff?.item;
    let vi: string;
    let en: string;
    let allowed = false;
    if (!item) {
      vi = `mã khoản mục ${raw.code} không có trong ${setVi}.`;
      en = `item code ${raw.code} is not in ${setEn}.`;
    } else if (item.activity !== input.activity) {
      vi = `khoản mục ${raw.code} ${item.activity ? `thuộc hoạt động ${item.activity}` : "không thuộc hoạt động A1-A4"}, không áp dụng cho hoạt động ${input.activity}.`;
      en = `item ${raw.code} ${item.activity ? `belongs to activity ${item.activity}` : "is outside activities A1-A4"}, not to activity ${input.activity}.`;
    } else if (!item.beneficiaryKinds.includes(input.beneficiary.kind)) {
      vi = `khoản mục ${raw.code} không áp dụng cho ${kindLabel.vi}.`;
      en = `item ${raw.code} does not apply to a ${kindLabel.en}.`;
    } else {
      allowed = true;
      vi = `khoản mục ${raw.code} (${item.name.vi}) áp dụng cho hoạt động ${input.activity} và ${kindLabel.vi}.`;
      en = `item ${raw.code} (${item.name.en}) applies to activity ${input.activity} and a ${kindLabel.en}.`;
    }
    add({
      kind: "item_allowed",
      line,
      itemCode: raw.code,
      passed: allowed,
      amount: raw.supportAmount,
      ...(eff ? { citation: eff.citation, capSet: eff.capSet } : {}),
      messageVi: `${lineVi(line)}${vi[0]?.toUpperCase() ?? ""}${vi.slice(1)}`,
      messageEn: `${lineEn(line)}${en[0]?.toUpperCase() ?? ""}${en.slice(1)}`,
    });
    if (!allowed || !eff) return;

    const use = checkLine(add, line, raw, eff);
    foundingWindowRule(add, line, raw, eff, input.beneficiary.foundedOn, selection.localDate);
    if (!use) return;
    const group = groups.get(raw.code) ?? { eff, uses: [] };
    group.uses.push(use);
    groups.set(raw.code, group);
  });

  const exclusive = exclusivePackageRules(
    add,
    new Map([...groups].map(([code, g]) => [code, g.eff])),
    catalogue,
    usage,
    input.proposalId,
    selection.localDate,
  );
  const reservations: Reservation[] = [];
  for (const [code, { eff, uses }] of groups) {
    const { item, citation, capSet } = eff;
    const periodKey = periodKeyOf(item.period, selection.localDate);
    const periodCap = periodCapOf(item);
    const sum = uses.reduce((s, u) => s + u.support, 0);
    const months = uses.reduce((s, u) => s + u.months, 0);
    const base = { itemCode: code, periodKey, citation, capSet };

    if (uses.length > 1) {
      const ok = sum <= periodCap;
      add({
        ...base,
        kind: "proposal_cap",
        passed: ok,
        amount: sum,
        cap: periodCap,
        messageVi: `${ok ? "" : "Vượt định mức: "}Tổng ${uses.length} dòng của khoản mục ${code} trong đề xuất là ${vi$(sum)}, ${ok ? "trong" : "vượt"} định mức ${periodCapVi(item)}${citedVi(citation)}.`,
        messageEn: `${ok ? "" : "Above the cap: "}The ${uses.length} lines of item ${code} in this proposal total ${en$(sum)}, ${ok ? "within" : "above"} the cap of ${periodCapEn(item)}${citedEn(citation)}.`,
      });
      if (item.period.kind === "per_month") {
        const max = item.period.maxMonths;
        const okM = months <= max;
        add({
          ...base,
          kind: "proposal_months",
          passed: okM,
          amount: months,
          measure: "months",
          cap: max,
          messageVi: `Tổng số tháng của khoản mục ${code} trong đề xuất là ${months}, ${okM ? "trong" : "vượt"} giới hạn ${max} tháng đầu tiên${citedVi(citation)}.`,
          messageEn: `Item ${code} claims ${months} months in this proposal, ${okM ? "within" : "above"} the limit of the first ${max} months${citedEn(citation)}.`,
        });
      }
    }

    const moneyKey = usageKeyOf(code, periodKey, "dong");
    const before = usedBefore(usage, moneyKey, input.proposalId);
    const total = before + sum;
    const ok = total <= periodCap;
    const when = periodPhrase(item, periodKey);
    add({
      ...base,
      kind: "cumulative_cap",
      passed: ok,
      amount: sum,
      usedBefore: before,
      cap: periodCap,
      messageVi: `${ok ? "" : "Vượt định mức lũy kế: "}Lũy kế khoản mục ${code} của ${kindLabel.vi} ${when.vi}: đã dùng ${vi$(before)} + đề xuất này ${vi$(sum)} = ${vi$(total)}, ${ok ? "trong" : "vượt"} định mức ${periodCapVi(item)}${citedVi(citation)}.`,
      messageEn: `${ok ? "" : "Above the cumulative cap: "}Cumulative item ${code} for the ${kindLabel.en} ${when.en}: used before ${en$(before)} + this proposal ${en$(sum)} = ${en$(total)}, ${ok ? "within" : "above"} the cap of ${periodCapEn(item)}${citedEn(citation)}.`,
    });
    const mustBeEmpty = exclusive.get(code);
    if (sum > 0)
      reservations.push({
        usageKey: moneyKey,
        amount: sum,
        cap: periodCap,
        measure: "dong",
        ...(mustBeEmpty ? { requireEmpty: mustBeEmpty } : {}),
      });

    if (item.period.kind === "per_month") {
      const max = item.period.maxMonths;
      const monthsKey = usageKeyOf(code, periodKey, "months");
      const monthsBefore = usedBefore(usage, monthsKey, input.proposalId);
      const okM = monthsBefore + months <= max;
      add({
        ...base,
        kind: "cumulative_months",
        passed: okM,
        amount: months,
        measure: "months",
        usedBefore: monthsBefore,
        cap: max,
        messageVi: `${okM ? "" : "Vượt giới hạn số tháng: "}Lũy kế số tháng được hỗ trợ của khoản mục ${code}: đã dùng ${monthsBefore} + đề xuất này ${months} = ${monthsBefore + months} tháng, ${okM ? "trong" : "vượt"} giới hạn ${max} tháng đầu tiên${citedVi(citation)}.`,
        messageEn: `${okM ? "" : "Above the months limit: "}Cumulative months of item ${code}: used before ${monthsBefore} + this proposal ${months} = ${monthsBefore + months}, ${okM ? "within" : "above"} the limit of the first ${max} months${citedEn(citation)}.`,
      });
      if (months > 0) {
        reservations.push({ usageKey: monthsKey, amount: months, cap: max, measure: "months" });
      }
    }
  }

  const passed = rules.every((r) => r.severity === "info" || r.passed);
  return { passed, normSet, rules, reservations: passed ? reservations : [], totals };
}

/**
 * What a proposal holds, from a loaded snapshot: the list to release when the proposal is
 * returned, rejected or cancelled and its reservations are not at hand.
 */
export function heldBy(
  usage: UsageSnapshot,
  proposalId: string,
): { usageKey: string; amount: number }[] {
  return Object.entries(usage).flatMap(([usageKey, entry]) => {
    const amount = entry.holds[proposalId];
    return amount !== undefined ? [{ usageKey, amount }] : [];
  });
}
