/**
 * Measures: the raw counters the system keeps from stored facts, in the same transactions as the
 * facts. Indicators (indicators.ts) are formulas over measures, so the central level can define
 * new indicators as data without new counters; a new measure needs code (its delta function).
 *
 * Three kinds of measure, by how a period's value is read:
 * - flow: what happened in the period (amounts approved, events held): the sum of its facts;
 * - distinct: how many distinct things had a fact in the period (a member introduced to formal
 *   finance twice in a quarter counts once): kept per period by the delta function, which sees
 *   each thing's facts before and after a change;
 * - span: how many things were active at some time in the period (members, groups in operation):
 *   each thing is an interval [start, end]; the counters keep its starts and ends as flows and
 *   a running total as of now, so that value(P) = starts up to P's end − ends before P's start.
 */

export type MeasureKind = "flow" | "distinct" | "span";

export const DIMENSIONS = ["activity", "gender", "ethnicity", "eventKind", "origin"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The values a dimension takes, in the order a report lists them. */
export const DIMENSION_VALUES: Record<Dimension, readonly string[]> = {
  activity: ["A1", "A2", "A3", "A4"],
  gender: ["female", "male"],
  ethnicity: ["minority", "kinh", "unknown"],
  eventKind: ["training", "conference", "communication"],
  origin: ["founded", "upgraded"],
};

export const DIMENSION_LABELS: Record<Dimension, { vi: string; en: string }> = {
  activity: { vi: "Hoạt động", en: "Activity" },
  gender: { vi: "Giới tính", en: "Gender" },
  ethnicity: { vi: "Dân tộc", en: "Ethnicity" },
  eventKind: { vi: "Loại sự kiện", en: "Event kind" },
  origin: { vi: "Thành lập mới / nâng cấp", en: "Founded / upgraded" },
};

export const VALUE_LABELS: Record<string, { vi: string; en: string }> = {
  A1: { vi: "HĐ1 Tổ TKVVTB", en: "A1 savings groups" },
  A2: { vi: "HĐ2 Tổ nhóm sinh kế", en: "A2 livelihood groups" },
  A3: { vi: "HĐ3 Địa chỉ tin cậy", en: "A3 trusted addresses" },
  A4: { vi: "HĐ4 Nạn nhân mua bán người", en: "A4 trafficking survivors" },
  female: { vi: "Nữ", en: "Women" },
  male: { vi: "Nam", en: "Men" },
  minority: { vi: "Dân tộc thiểu số", en: "Ethnic minority" },
  kinh: { vi: "Kinh", en: "Kinh" },
  unknown: { vi: "Chưa rõ dân tộc", en: "Ethnicity not recorded" },
  training: { vi: "Tập huấn", en: "Training" },
  conference: { vi: "Hội nghị, hội thảo", en: "Conference" },
  communication: { vi: "Truyền thông", en: "Communication" },
  founded: { vi: "Thành lập mới", en: "Founded" },
  upgraded: { vi: "Củng cố, nâng cấp", en: "Upgraded" },
};

export interface MeasureDef {
  kind: MeasureKind;
  /** Đồng or a count (of proposals, groups, people, events). */
  unit: "dong" | "count";
  dims: readonly Dimension[];
  /** Which stored facts feed it (and whose use case stages its deltas). */
  source: "proposals" | "funding" | "registry" | "events" | "reports";
  vi: string;
  en: string;
}

export const MEASURES = {
  proposals_approved: {
    kind: "flow",
    unit: "count",
    dims: ["activity"],
    source: "proposals",
    vi: "Đề xuất được phê duyệt (qua kiểm tra định mức)",
    en: "Proposals approved (past the norm check)",
  },
  amount_approved: {
    kind: "flow",
    unit: "dong",
    dims: ["activity"],
    source: "proposals",
    vi: "Kinh phí hỗ trợ được phê duyệt",
    en: "Support approved",
  },
  a3_addresses: {
    kind: "flow",
    unit: "count",
    dims: ["origin"],
    source: "proposals",
    vi: "Địa chỉ tin cậy được hỗ trợ trang bị (thành lập mới / nâng cấp)",
    en: "Trusted addresses given an equipment package (founded / upgraded)",
  },
  amount_disbursed: {
    kind: "flow",
    unit: "dong",
    dims: ["activity"],
    source: "funding",
    vi: "Kinh phí đã giải ngân",
    en: "Support disbursed",
  },
  amount_settled: {
    kind: "flow",
    unit: "dong",
    dims: ["activity"],
    source: "funding",
    vi: "Kinh phí đã quyết toán",
    en: "Support settled",
  },
  sg_founded: {
    kind: "flow",
    unit: "count",
    dims: [],
    source: "registry",
    vi: "Tổ TKVVTB thành lập mới",
    en: "Savings groups founded",
  },
  sg_active: {
    kind: "span",
    unit: "count",
    dims: [],
    source: "registry",
    vi: "Tổ TKVVTB hoạt động trong kỳ",
    en: "Savings groups in operation in the period",
  },
  sg_gals: {
    kind: "span",
    unit: "count",
    dims: [],
    source: "registry",
    vi: "Tổ TKVVTB áp dụng phương pháp học tập và hành động giới (GALS)",
    en: "Savings groups applying GALS",
  },
  sg_members: {
    kind: "span",
    unit: "count",
    dims: ["gender", "ethnicity"],
    source: "registry",
    vi: "Thành viên Tổ TKVVTB trong kỳ",
    en: "Savings-group members in the period",
  },
  sg_members_introduced: {
    kind: "distinct",
    unit: "count",
    dims: ["gender", "ethnicity"],
    source: "registry",
    vi: "Thành viên được giới thiệu tiếp cận định chế tài chính chính thức trong kỳ",
    en: "Members introduced to a formal financial institution in the period",
  },
  sg_members_supported: {
    kind: "distinct",
    unit: "count",
    dims: ["gender", "ethnicity"],
    source: "registry",
    vi: "Thành viên được hỗ trợ phát triển sinh kế trong kỳ",
    en: "Members supported to develop a livelihood in the period",
  },
  events_held: {
    kind: "flow",
    unit: "count",
    dims: ["eventKind", "activity"],
    source: "events",
    vi: "Sự kiện tổ chức (tập huấn, hội nghị, truyền thông)",
    en: "Events held (trainings, conferences, communication)",
  },
  event_participants: {
    kind: "flow",
    unit: "count",
    dims: ["eventKind", "gender", "ethnicity"],
    source: "events",
    vi: "Lượt người tham dự",
    en: "Participants (attendances)",
  },
} as const satisfies Record<string, MeasureDef>;

export type MeasureCode = keyof typeof MEASURES | `entered.${string}`;

/** Values typed in a commune's quarterly report, counted once the province approves it. */
export const enteredMeasure = (indicatorCode: string): MeasureCode => `entered.${indicatorCode}`;

export function measureDef(code: string): MeasureDef | undefined {
  if (code.startsWith("entered.")) {
    return {
      kind: "flow",
      unit: "count",
      dims: [],
      source: "reports",
      vi: "Số liệu do đơn vị nhập trong báo cáo quý",
      en: "Value entered in the quarterly reports",
    };
  }
  return (MEASURES as Record<string, MeasureDef>)[code];
}

export const isMeasure = (code: string): boolean => measureDef(code) !== undefined;

/** A disaggregation: some dimensions fixed to one value each. */
export type DimFilter = Partial<Record<Dimension, string>>;

/**
 * The stored attribute of a measure's counter for one disaggregation: `amount_approved`,
 * `amount_approved|activity=A2`, `sg_members+|ethnicity=minority|gender=female` (a span's
 * starts are `+`, its ends `-`). Dimensions in alphabetical order, so each has one name.
 */
export function counterName(
  measure: string,
  dims: DimFilter = {},
  part: "" | "+" | "-" = "",
): string {
  const keys = (Object.keys(dims) as Dimension[]).filter((d) => dims[d] !== undefined).sort();
  return `${measure}${part}${keys.map((k) => `|${k}=${dims[k]}`).join("")}`;
}

/** Every sub-disaggregation of a fact's dimensions (the total, each one, each pair ...). */
export function subsetsOf(dims: DimFilter): DimFilter[] {
  const keys = (Object.keys(dims) as Dimension[]).filter((d) => dims[d] !== undefined);
  const out: DimFilter[] = [];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    const f: DimFilter = {};
    keys.forEach((k, i) => {
      if (mask & (1 << i)) f[k] = dims[k];
    });
    out.push(f);
  }
  return out;
}

/** Kinh or an ethnic minority, from the ethnicity a commune wrote ("Kinh", "Mông", "Dao" ...). */
export function ethnicityClass(ethnicity: string | undefined): "kinh" | "minority" | "unknown" {
  const norm = (ethnicity ?? "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .trim()
    .toLowerCase();
  if (!norm) return "unknown";
  return norm === "kinh" || norm === "viet" || norm === "dan toc kinh" ? "kinh" : "minority";
}
