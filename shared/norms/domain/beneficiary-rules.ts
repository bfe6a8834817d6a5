/**
 * Norm rules that need facts of the registered beneficiary (shared/registry), kept apart from
 * the generic cap rules of check.ts:
 * - founding window: a per-month item paid for "the first N months" (A1: savings box and running
 *   costs "trong 3 tháng đầu tiên", Art. 37.2(b)) counts those months from the group's founding
 *   date; the months claimed must lie within them;
 * - exclusive packages: an address is either upgraded (Art. 37.3(b)) or founded new (Art.
 *   37.3(c)); it cannot receive both equipment packages. The reservation of one package carries
 *   the other's usage key as "must hold nothing", so two approvals at once cannot both pass.
 */
import type { Rule } from "./check.ts";
import { periodKeyOf, usageKeyOf } from "./dates.ts";
import type { EffectiveItem } from "./effective.ts";
import { citedEn, citedVi } from "./messages.ts";
import type { NormCheckInput, UsageSnapshot } from "./types.ts";

/** Pairs of items of which a beneficiary may receive only one, with why. */
export const EXCLUSIVE_PACKAGES: readonly (readonly [string, string])[] = [
  ["A3.NEW_ADDRESS_EQUIPMENT", "A3.UPGRADE_EQUIPMENT"],
];

const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + (Number(ym.slice(5, 7)) - 1);
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
const viMonth = (ym: string) => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;

/**
 * The months a per-month line claims ([start, start + months)) against the beneficiary's first
 * months from its founding date. Start: the line's `startMonth`, else the decision's month.
 */
export function foundingWindowRule(
  add: (r: Rule) => void,
  line: number,
  raw: NormCheckInput["items"][number],
  eff: EffectiveItem,
  foundedOn: string | undefined,
  localDate: string,
): void {
  const { item, citation, capSet } = eff;
  if (item.period.kind !== "per_month") return;
  const max = item.period.maxMonths;
  const months = raw.months ?? 0;
  const base = { kind: "founding_window" as const, itemCode: item.code, line, citation, capSet };
  const tag = { vi: `Dòng ${line} (${item.code}): `, en: `Line ${line} (${item.code}): ` };
  if (!foundedOn) {
    add({
      ...base,
      passed: false,
      amount: months,
      measure: "months",
      cap: max,
      messageVi: `${tag.vi}chưa có ngày thành lập của tổ trong sổ đăng ký: ${max} tháng đầu tiên được tính từ ngày thành lập${citedVi(citation)}.`,
      messageEn: `${tag.en}the registry has no founding date for the group: the first ${max} months count from it${citedEn(citation)}.`,
    });
    return;
  }
  const first = monthIndex(foundedOn.slice(0, 7));
  const last = first + max - 1;
  const start = monthIndex(raw.startMonth ?? localDate.slice(0, 7));
  const end = start + Math.max(months, 1) - 1;
  const ok = start >= first && end <= last;
  const claimed = { from: monthOf(start), to: monthOf(end) };
  const window = { from: monthOf(first), to: monthOf(last) };
  add({
    ...base,
    passed: ok,
    amount: months,
    measure: "months",
    cap: max,
    messageVi: `${tag.vi}các tháng đề nghị ${viMonth(claimed.from)}–${viMonth(claimed.to)} ${ok ? "nằm trong" : "nằm ngoài"} ${max} tháng đầu tiên kể từ ngày thành lập (${viMonth(window.from)}–${viMonth(window.to)})${citedVi(citation)}.`,
    messageEn: `${tag.en}the months claimed, ${claimed.from} to ${claimed.to}, are ${ok ? "within" : "outside"} the first ${max} months from the founding date (${window.from} to ${window.to})${citedEn(citation)}.`,
  });
}

/**
 * One rule per claimed item that excludes another: fails when the proposal claims both, or the
 * beneficiary already holds the other. Returns, per claimed item, the usage keys that must hold
 * nothing when its reservation commits.
 */
export function exclusivePackageRules(
  add: (r: Rule) => void,
  claimed: ReadonlyMap<string, EffectiveItem>,
  catalogue: ReadonlyMap<string, EffectiveItem>,
  usage: UsageSnapshot,
  proposalId: string | undefined,
  localDate: string,
): Map<string, string[]> {
  const requireEmpty = new Map<string, string[]>();
  for (const [code, eff] of claimed) {
    for (const pair of EXCLUSIVE_PACKAGES) {
      if (!pair.includes(code)) continue;
      const other = pair[0] === code ? pair[1] : pair[0];
      const otherItem = catalogue.get(other)?.item;
      const otherKey = usageKeyOf(
        other,
        otherItem ? periodKeyOf(otherItem.period, localDate) : "ALL",
        "dong",
      );
      const entry = usage[otherKey];
      const held = entry ? entry.reserved - (proposalId ? (entry.holds[proposalId] ?? 0) : 0) : 0;
      const both = claimed.has(other);
      const ok = !both && held <= 0;
      const { citation, capSet } = eff;
      add({
        kind: "exclusive_package",
        itemCode: code,
        passed: ok,
        amount: held,
        citation,
        capSet,
        messageVi: ok
          ? `Khoản mục ${code}: đối tượng chưa nhận gói ${other}; một địa chỉ chỉ nhận một trong hai gói trang bị (thành lập mới hoặc nâng cấp)${citedVi(citation)}.`
          : both
            ? `Không được đề nghị cả ${code} và ${other}: một địa chỉ chỉ nhận một trong hai gói trang bị (thành lập mới hoặc nâng cấp)${citedVi(citation)}.`
            : `Đối tượng đã nhận gói ${other}, không được nhận thêm ${code}: một địa chỉ chỉ nhận một trong hai gói trang bị (thành lập mới hoặc nâng cấp)${citedVi(citation)}.`,
        messageEn: ok
          ? `Item ${code}: the beneficiary has not received ${other}; an address receives only one of the two equipment packages (founding or upgrading)${citedEn(citation)}.`
          : both
            ? `A proposal cannot claim both ${code} and ${other}: an address receives only one of the two equipment packages (founding or upgrading)${citedEn(citation)}.`
            : `The beneficiary already received ${other} and cannot also receive ${code}: an address receives only one of the two equipment packages (founding or upgrading)${citedEn(citation)}.`,
      });
      requireEmpty.set(code, [...(requireEmpty.get(code) ?? []), otherKey]);
    }
  }
  return requireEmpty;
}
