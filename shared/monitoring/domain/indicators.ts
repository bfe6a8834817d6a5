/**
 * Indicators as data: a code, names in Vietnamese and English, a written definition (what is
 * counted, over what, in which period — SAVIX's lesson: every figure needs one), a formula over
 * the stored measures or a value entered in the quarterly reports, the disaggregations the
 * handbook asks for, and the levels targets are set at. The catalogue below ships with the code;
 * the central level edits it or adds indicators through the API (stored versions win).
 */
import type { Activity } from "../../kernel/types.ts";
import { measureValue, type PlaceCells } from "./cells.ts";
import {
  type Dimension,
  type DimFilter,
  enteredMeasure,
  isMeasure,
  measureDef,
} from "./measures.ts";
import { percentOf } from "./percent.ts";
import type { Period } from "./periods.ts";

export interface Text {
  vi: string;
  en: string;
}

/** A measure, optionally in one disaggregation. */
export interface MeasureRef {
  measure: string;
  dims?: DimFilter;
}

/** A sum of measures (one measure is a sum of one). */
export type Term = MeasureRef | { sum: MeasureRef[] };

/**
 * A value: a term; a percentage numerator / denominator (one decimal, half up, none when the
 * denominator is 0); or a value entered by the unit in its quarterly report.
 */
export type Formula = Term | { ratio: { numerator: Term; denominator: Term } } | { entered: true };

export type IndicatorUnit = "percent" | "count" | "dong";
export type Level = "nation" | "province" | "commune";

export interface IndicatorDefinition {
  code: string;
  activity: Activity | null;
  name: Text;
  unit: IndicatorUnit;
  definition: {
    /** What is counted (the numerator of a percentage). */
    counts: Text;
    /** What a percentage is taken of. */
    denominator?: Text;
    /** Which period a value covers. */
    period: Text;
    /** Where the facts come from. */
    source: Text;
  };
  formula: Formula;
  disaggregations: readonly Dimension[];
  /** Levels whose targets may be set (the centre: nation, province; a province: its communes). */
  targetLevels: readonly Level[];
  /** Shown first on the dashboards. */
  headline?: boolean;
  /** Stored versions: 1 for the shipped catalogue. */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

const T = (vi: string, en: string): Text => ({ vi, en });

const QUARTER_FLOW = T(
  "Các sự việc có ngày trong kỳ (quý, 6 tháng, năm) theo giờ Việt Nam",
  "Facts dated within the period (quarter, half or year), Vietnam time",
);
const IN_PERIOD = T(
  "Có mặt vào bất kỳ thời điểm nào trong kỳ (từ ngày bắt đầu đến ngày kết thúc của kỳ)",
  "Present at any time in the period (from its first to its last day)",
);
const REGISTRY = T(
  "Sổ đăng ký Tổ TKVVTB và thành viên (registry)",
  "The savings-group and member registry",
);
const APPROVALS = T(
  "Đề xuất được phê duyệt sau kiểm tra định mức (ngày phê duyệt)",
  "Proposals approved by the norm check (on the approval date)",
);
const ENTERED = T(
  "Số liệu Hội LHPN xã nhập trong báo cáo quý, tính khi tỉnh đã duyệt báo cáo",
  "Entered by the commune in its quarterly report, counted once the province approves it",
);
const EVENTS = T(
  "Sự kiện được ghi nhận (ngày tổ chức, đơn vị tổ chức, người tham dự theo giới và dân tộc)",
  "Events recorded (date, organising unit, participants by gender and ethnicity)",
);

const ALL_LEVELS: readonly Level[] = ["nation", "province", "commune"];

function indicator(
  d: Omit<IndicatorDefinition, "version" | "targetLevels"> & {
    targetLevels?: readonly Level[];
  },
): IndicatorDefinition {
  return { targetLevels: ALL_LEVELS, ...d, version: 1 };
}

const event = (
  kind: "training" | "conference" | "communication",
  code: string,
  vi: string,
  en: string,
) => [
  indicator({
    code: `EV.${code}`,
    activity: null,
    name: T(`Số ${vi} đã tổ chức`, `${en} held`),
    unit: "count",
    definition: {
      counts: T(
        `Số ${vi} do đơn vị tổ chức (mỗi sự kiện một lần)`,
        `${en} organised by the unit (each once)`,
      ),
      period: QUARTER_FLOW,
      source: EVENTS,
    },
    formula: { measure: "events_held", dims: { eventKind: kind } },
    disaggregations: ["activity"],
  }),
  indicator({
    code: `EV.${code}_PARTICIPANTS`,
    activity: null,
    name: T(`Lượt người tham dự ${vi}`, `${en} participants`),
    unit: "count",
    definition: {
      counts: T(
        `Tổng số người tham dự các ${vi} trong kỳ (một người dự hai sự kiện tính hai lượt)`,
        `Participants of the ${en.toLowerCase()} in the period (a person at two events counts twice)`,
      ),
      period: QUARTER_FLOW,
      source: EVENTS,
    },
    formula: { measure: "event_participants", dims: { eventKind: kind } },
    disaggregations: ["gender", "ethnicity"],
  }),
];

/** The shipped catalogue: at least what the handbook and issue 13 ask for. */
export const SHIPPED_INDICATORS: readonly IndicatorDefinition[] = [
  indicator({
    code: "A1.FORMAL_FINANCE_PCT",
    activity: "A1",
    headline: true,
    name: T(
      "Tỷ lệ thành viên Tổ TKVVTB được giới thiệu tiếp cận định chế tài chính chính thức",
      "Share of savings-group members introduced to formal financial institutions",
    ),
    unit: "percent",
    definition: {
      counts: T(
        "Thành viên được tính trong kỳ có ít nhất một lần được giới thiệu tiếp cận định chế tài chính chính thức ghi ngày trong kỳ (mỗi người một lần)",
        "Members counted in the period with at least one introduction to a formal financial institution dated within it (each person once)",
      ),
      denominator: T(
        "Thành viên các Tổ TKVVTB đang hoạt động trong kỳ (vào tổ trước hoặc trong kỳ, chưa rời tổ trước kỳ; tổ thành lập trước hoặc trong kỳ, chưa giải thể trước kỳ)",
        "Members of savings groups in operation in the period (joined on or before its end, not left before its start; group founded on or before its end, not dissolved before its start)",
      ),
      period: IN_PERIOD,
      source: REGISTRY,
    },
    formula: {
      ratio: {
        numerator: { measure: "sg_members_introduced" },
        denominator: { measure: "sg_members" },
      },
    },
    disaggregations: ["gender", "ethnicity"],
  }),
  indicator({
    code: "A1.LIVELIHOOD_PCT",
    activity: "A1",
    headline: true,
    name: T(
      "Tỷ lệ thành viên Tổ TKVVTB được hỗ trợ phát triển sinh kế",
      "Share of savings-group members supported to develop livelihoods",
    ),
    unit: "percent",
    definition: {
      counts: T(
        "Thành viên được tính trong kỳ có ít nhất một lần được hỗ trợ phát triển sinh kế ghi ngày trong kỳ (mỗi người một lần)",
        "Members counted in the period with at least one livelihood support dated within it (each person once)",
      ),
      denominator: T(
        "Thành viên các Tổ TKVVTB đang hoạt động trong kỳ (như chỉ tiêu A1.FORMAL_FINANCE_PCT)",
        "Members of savings groups in operation in the period (as for A1.FORMAL_FINANCE_PCT)",
      ),
      period: IN_PERIOD,
      source: REGISTRY,
    },
    formula: {
      ratio: {
        numerator: { measure: "sg_members_supported" },
        denominator: { measure: "sg_members" },
      },
    },
    disaggregations: ["gender", "ethnicity"],
  }),
  indicator({
    code: "A1.GALS_GROUPS",
    activity: "A1",
    headline: true,
    name: T(
      "Số Tổ TKVVTB áp dụng phương pháp học tập và hành động giới (GALS)",
      "Savings groups applying the gender action learning system (GALS)",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Tổ TKVVTB hoạt động trong kỳ đã áp dụng GALS từ một ngày trước hoặc trong kỳ",
        "Savings groups in operation in the period applying GALS since a date on or before its end",
      ),
      period: IN_PERIOD,
      source: REGISTRY,
    },
    formula: { measure: "sg_gals" },
    disaggregations: [],
  }),
  indicator({
    code: "A1.GROUPS_FOUNDED",
    activity: "A1",
    name: T("Số Tổ TKVVTB thành lập mới", "Savings groups founded"),
    unit: "count",
    definition: {
      counts: T(
        "Tổ TKVVTB có ngày thành lập trong kỳ",
        "Savings groups whose founding date is in the period",
      ),
      period: QUARTER_FLOW,
      source: REGISTRY,
    },
    formula: { measure: "sg_founded" },
    disaggregations: [],
  }),
  indicator({
    code: "A1.GROUPS_CONSOLIDATED",
    activity: "A1",
    name: T(
      "Số Tổ TKVVTB hiện có được củng cố, nâng cao chất lượng",
      "Existing savings groups consolidated",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Tổ TKVVTB đã có được củng cố trong quý (tập huấn lại, kiện toàn ban điều hành, hỗ trợ kỹ thuật), theo báo cáo của xã",
        "Existing groups strengthened in the quarter (refresher training, new committee, technical support), as the commune reports them",
      ),
      period: QUARTER_FLOW,
      source: ENTERED,
    },
    formula: { entered: true },
    disaggregations: [],
  }),
  indicator({
    code: "A1.GROUPS_ACTIVE",
    activity: "A1",
    name: T("Số Tổ TKVVTB đang hoạt động", "Savings groups in operation"),
    unit: "count",
    definition: {
      counts: T(
        "Tổ TKVVTB thành lập trước hoặc trong kỳ và chưa giải thể trước kỳ",
        "Groups founded on or before the period's end and not dissolved before its start",
      ),
      period: IN_PERIOD,
      source: REGISTRY,
    },
    formula: { measure: "sg_active" },
    disaggregations: [],
  }),
  indicator({
    code: "A1.MEMBERS",
    activity: "A1",
    name: T("Số thành viên Tổ TKVVTB", "Savings-group members"),
    unit: "count",
    definition: {
      counts: T(
        "Thành viên các Tổ TKVVTB đang hoạt động trong kỳ (mỗi người một lần trong mỗi tổ)",
        "Members of groups in operation in the period (each person once per group)",
      ),
      period: IN_PERIOD,
      source: REGISTRY,
    },
    formula: { measure: "sg_members" },
    disaggregations: ["gender", "ethnicity"],
  }),
  indicator({
    code: "A2.GROUPS_SUPPORTED",
    activity: "A2",
    headline: true,
    name: T(
      "Số lượt tổ nhóm sinh kế, THT, HTX được hỗ trợ ứng dụng khoa học công nghệ",
      "Livelihood groups, cooperative groups and cooperatives supported (approvals)",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Đề xuất Hoạt động 2 được phê duyệt trong kỳ; một tổ nhóm có hai đề xuất được duyệt tính hai lượt",
        "A2 proposals approved in the period; a group with two approved proposals counts twice",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "proposals_approved", dims: { activity: "A2" } },
    disaggregations: [],
  }),
  indicator({
    code: "A2.AMOUNT_APPROVED",
    activity: "A2",
    name: T(
      "Kinh phí hỗ trợ tổ nhóm sinh kế được phê duyệt",
      "Support approved for livelihood groups",
    ),
    unit: "dong",
    definition: {
      counts: T(
        "Tổng kinh phí hỗ trợ (đồng) của các đề xuất Hoạt động 2 được phê duyệt trong kỳ",
        "Support (đồng) of the A2 proposals approved in the period",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "amount_approved", dims: { activity: "A2" } },
    disaggregations: [],
  }),
  indicator({
    code: "A3.ADDRESSES_FOUNDED",
    activity: "A3",
    name: T(
      "Số địa chỉ tin cậy thành lập mới được hỗ trợ",
      "Trusted addresses founded (supported)",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Đề xuất Hoạt động 3 có gói trang bị thành lập mới (Điều 37.3(c) TT 55/2023) được duyệt trong kỳ",
        "A3 proposals with the founding equipment package (Art. 37.3(c), Circular 55/2023) approved in the period",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "a3_addresses", dims: { origin: "founded" } },
    disaggregations: [],
  }),
  indicator({
    code: "A3.ADDRESSES_UPGRADED",
    activity: "A3",
    name: T("Số địa chỉ tin cậy được củng cố, nâng cấp", "Trusted addresses upgraded"),
    unit: "count",
    definition: {
      counts: T(
        "Đề xuất Hoạt động 3 chỉ có hạng mục nâng cấp (Điều 37.3(b)) được duyệt trong kỳ",
        "A3 proposals with upgrading items only (Art. 37.3(b)) approved in the period",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "a3_addresses", dims: { origin: "upgraded" } },
    disaggregations: [],
  }),
  indicator({
    code: "A3.VICTIMS_SUPPORTED",
    activity: "A3",
    name: T(
      "Số lượt nạn nhân bạo lực gia đình được địa chỉ tin cậy hỗ trợ",
      "Victims of domestic violence supported by trusted addresses",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Lượt phụ nữ, trẻ em được các địa chỉ tin cậy trên địa bàn tiếp nhận, hỗ trợ trong quý, theo báo cáo của xã (không ghi tên)",
        "Women and children received and supported by the commune's trusted addresses in the quarter, as the commune reports (no names)",
      ),
      period: QUARTER_FLOW,
      source: ENTERED,
    },
    formula: { entered: true },
    disaggregations: [],
  }),
  indicator({
    code: "A4.SURVIVORS_SUPPORTED",
    activity: "A4",
    headline: true,
    name: T(
      "Số nạn nhân mua bán người được hỗ trợ sinh kế, hòa nhập cộng đồng",
      "Trafficking survivors supported with livelihoods and reintegration",
    ),
    unit: "count",
    definition: {
      counts: T(
        "Đề xuất Hoạt động 4 (mô hình sinh kế cho một nạn nhân) được phê duyệt trong kỳ",
        "A4 proposals (a livelihood model for one survivor) approved in the period",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "proposals_approved", dims: { activity: "A4" } },
    disaggregations: [],
  }),
  indicator({
    code: "FIN.APPROVED",
    activity: null,
    headline: true,
    name: T("Kinh phí được phê duyệt", "Support approved"),
    unit: "dong",
    definition: {
      counts: T(
        "Tổng kinh phí hỗ trợ (đồng) được phê duyệt trong kỳ",
        "Support (đồng) approved in the period",
      ),
      period: QUARTER_FLOW,
      source: APPROVALS,
    },
    formula: { measure: "amount_approved" },
    disaggregations: ["activity"],
  }),
  indicator({
    code: "FIN.DISBURSED",
    activity: null,
    headline: true,
    name: T("Kinh phí đã giải ngân", "Support disbursed"),
    unit: "dong",
    definition: {
      counts: T(
        "Tổng các khoản giải ngân (đồng) có ngày chi trong kỳ",
        "Payments (đồng) with a payment date in the period",
      ),
      period: QUARTER_FLOW,
      source: T("Giải ngân do cán bộ tài chính ghi nhận", "Payments recorded by finance"),
    },
    formula: { measure: "amount_disbursed" },
    disaggregations: ["activity"],
  }),
  indicator({
    code: "FIN.SETTLED",
    activity: null,
    name: T("Kinh phí đã quyết toán", "Support settled"),
    unit: "dong",
    definition: {
      counts: T(
        "Tổng số tiền quyết toán (chi phí thực tế, đồng) có ngày quyết toán trong kỳ",
        "Settled amounts (actual cost, đồng) with a settlement date in the period",
      ),
      period: QUARTER_FLOW,
      source: T("Quyết toán do cán bộ tài chính ghi nhận", "Settlements recorded by finance"),
    },
    formula: { measure: "amount_settled" },
    disaggregations: ["activity"],
  }),
  indicator({
    code: "FIN.DISBURSEMENT_RATE",
    activity: null,
    name: T("Tỷ lệ giải ngân so với kinh phí được duyệt", "Disbursed as a share of approved"),
    unit: "percent",
    definition: {
      counts: T("Kinh phí giải ngân trong kỳ", "Support disbursed in the period"),
      denominator: T("Kinh phí được phê duyệt trong kỳ", "Support approved in the period"),
      period: QUARTER_FLOW,
      source: T("Phê duyệt và giải ngân", "Approvals and payments"),
    },
    formula: {
      ratio: {
        numerator: { measure: "amount_disbursed" },
        denominator: { measure: "amount_approved" },
      },
    },
    disaggregations: ["activity"],
    targetLevels: [],
  }),
  ...event("training", "TRAININGS", "lớp tập huấn", "Trainings"),
  ...event("conference", "CONFERENCES", "hội nghị, hội thảo", "Conferences"),
  ...event("communication", "COMMUNICATIONS", "hoạt động truyền thông", "Communication events"),
];

/** The measures a formula reads (for validation and for reading only what is needed). */
export function measuresOf(f: Formula, code: string): MeasureRef[] {
  if ("entered" in f) return [{ measure: enteredMeasure(code) }];
  if ("ratio" in f) return [...termRefs(f.ratio.numerator), ...termRefs(f.ratio.denominator)];
  return termRefs(f);
}

function termRefs(t: Term): MeasureRef[] {
  return "sum" in t ? t.sum : [t];
}

/** Problems of a formula: unknown measures, dimensions a measure does not have. */
export function formulaProblems(f: Formula, code: string): string[] {
  const out: string[] = [];
  for (const r of measuresOf(f, code)) {
    const def = measureDef(r.measure);
    if (!def || !isMeasure(r.measure)) {
      out.push(`unknown measure ${r.measure}`);
      continue;
    }
    for (const d of Object.keys(r.dims ?? {}))
      if (!(def.dims as readonly string[]).includes(d))
        out.push(`measure ${r.measure} has no dimension ${d}`);
  }
  return out;
}

/** What values are read from: one place's cells up to the current year. */
export interface ValueSource {
  cells: PlaceCells;
  untilYear: number;
}

function termValue(t: Term, extra: DimFilter, p: Period, src: ValueSource): number {
  return termRefs(t).reduce(
    (sum, r) => sum + measureValue(src.cells, r.measure, { ...r.dims, ...extra }, p, src.untilYear),
    0,
  );
}

/**
 * An indicator's value for a period at a place, optionally in one disaggregation (applied to
 * every measure of the formula: the women's share is women introduced over women members).
 * Null for a percentage of nothing.
 */
export function indicatorValue(
  ind: IndicatorDefinition,
  p: Period,
  src: ValueSource,
  extra: DimFilter = {},
): number | null {
  const f = ind.formula;
  if ("entered" in f)
    return measureValue(src.cells, enteredMeasure(ind.code), {}, p, src.untilYear);
  if ("ratio" in f)
    return percentOf(
      termValue(f.ratio.numerator, extra, p, src),
      termValue(f.ratio.denominator, extra, p, src),
    );
  return termValue(f, extra, p, src);
}

/** Progress toward a target, in whole percent (null without a target). */
export function progressOf(value: number | null, target: number | undefined): number | null {
  if (value === null || target === undefined || target <= 0) return null;
  return Math.floor((value * 100) / target);
}

/** The catalogue in force: stored definitions replace shipped ones with the same code. */
export function catalogue(stored: readonly IndicatorDefinition[]): IndicatorDefinition[] {
  const byCode = new Map(SHIPPED_INDICATORS.map((i) => [i.code, i]));
  for (const s of stored) byCode.set(s.code, s);
  return [...byCode.values()];
}
