/**
 * Norm sets shipped with the code, read from /work/shared/domain/NORMS.md (a reading of the
 * codified legal texts). Every figure carries the wording it was read from; nothing here is
 * estimated. Sets published by an admin through the API are added to these at run time.
 */
import type { Citation, NormItem, NormSet } from "./types.ts";

const TT55: Pick<Citation, "document" | "documentEn"> = {
  document: "Thông tư 55/2023/TT-BTC",
  documentEn: "Circular 55/2023/TT-BTC",
};

/** The A2, A3, A4 and A1 caps of Articles 36-38 of Circular 55/2023/TT-BTC. */
const TT55_ITEMS: NormItem[] = [
  {
    code: "A2.TECH_SUPPORT",
    activity: "A2",
    beneficiaryKinds: ["LIVELIHOOD_GROUP", "COOPERATIVE_GROUP", "COOPERATIVE"],
    name: {
      vi: "Ứng dụng khoa học công nghệ: xây dựng thương hiệu, đăng ký tiêu chuẩn, truy xuất nguồn gốc và đào tạo quản lý chất lượng, thương mại điện tử, kết nối logistics và thanh toán điện tử, tư vấn kỹ thuật (tính chung)",
      en: "Science and technology: branding, standards registration, traceability and quality-management training, e-commerce, logistics and e-payment connection, technical consulting (all together)",
    },
    cap: 100_000_000,
    unit: { vi: "mô hình thí điểm", en: "pilot model" },
    period: { kind: "one_off" },
    kind: "actual_cost",
    coFinancing: "beneficiary_pays_remainder",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 1",
      articleEn: "Art. 37.1",
      quoteVi:
        "Mức hỗ trợ theo thực tế phát sinh, tối đa 100 triệu đồng/mô hình thí điểm. Các tổ nhóm sinh kế, tổ hợp tác, hợp tác xã có phụ nữ làm chủ hoặc đồng làm chủ sẽ phải đối ứng phần chi phí còn lại để thực hiện, duy trì bền vững mô hình.",
    },
  },
  {
    code: "A3.UPGRADE_EQUIPMENT",
    activity: "A3",
    beneficiaryKinds: ["TRUSTED_ADDRESS"],
    name: {
      vi: "Nâng cấp địa chỉ tin cậy hoạt động chưa hiệu quả: mua sắm vật dụng cần thiết để hỗ trợ nạn nhân",
      en: "Upgrading a poorly working trusted address: equipment needed to support victims",
    },
    cap: 3_000_000,
    unit: { vi: "địa chỉ", en: "address" },
    period: { kind: "one_off" },
    kind: "actual_cost",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 3 điểm b",
      articleEn: "Art. 37.3(b)",
      quoteVi:
        "tối đa 03 triệu đồng/địa chỉ để mua sắm một số vật dụng cần thiết để hỗ trợ nạn nhân",
    },
  },
  {
    code: "A3.UPGRADE_DIRECT_COSTS",
    activity: "A3",
    beneficiaryKinds: ["TRUSTED_ADDRESS"],
    name: {
      vi: "Nâng cấp địa chỉ tin cậy: chi phí trực tiếp tư vấn, hỗ trợ ban đầu cho nạn nhân (nước uống, tiền ăn, lưu trú qua đêm)",
      en: "Upgrading a trusted address: direct costs of counselling and first support to victims (drinking water, meals, overnight stay)",
    },
    cap: 3_000_000,
    unit: { vi: "địa chỉ/năm", en: "address per year" },
    period: { kind: "per_year" },
    kind: "actual_cost",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 3 điểm b",
      articleEn: "Art. 37.3(b)",
      quoteVi:
        "tối đa 03 triệu đồng/địa chỉ/năm để trang trải một số chi phí trực tiếp liên quan đến tư vấn, hỗ trợ ban đầu cho nạn nhân: nước uống, tiền ăn, lưu trú qua đêm nếu phát sinh",
    },
  },
  {
    code: "A3.NEW_ADDRESS_EQUIPMENT",
    activity: "A3",
    beneficiaryKinds: ["TRUSTED_ADDRESS"],
    name: {
      vi: "Thí điểm thành lập mới địa chỉ tin cậy: mua sắm vật dụng cần thiết phục vụ hoạt động",
      en: "Founding a new trusted address (pilot): equipment for its operation",
    },
    cap: 15_000_000,
    unit: { vi: "địa chỉ", en: "address" },
    period: { kind: "one_off" },
    kind: "actual_cost",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 3 điểm c",
      articleEn: "Art. 37.3(c)",
      quoteVi:
        "Thí điểm thành lập mới địa chỉ tin cậy: Hỗ trợ theo thực tế phát sinh, tối đa 15 triệu đồng/địa chỉ để mua sắm một số vật dụng cần thiết phục vụ hoạt động.",
    },
  },
  {
    code: "A4.LIVELIHOOD_MODEL",
    activity: "A4",
    beneficiaryKinds: ["SURVIVOR_MODEL"],
    name: {
      vi: "Mô hình sinh kế, tái hòa nhập cộng đồng cho nạn nhân bị mua bán",
      en: "Livelihood and reintegration model for trafficking survivors",
    },
    cap: 30_000_000,
    unit: { vi: "mô hình", en: "model" },
    period: { kind: "one_off" },
    kind: "actual_cost",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 4",
      articleEn: "Art. 37.4",
      quoteVi: "Mức hỗ trợ theo thực tế phát sinh, tối đa 30 triệu đồng/mô hình.",
    },
  },
  {
    code: "A1.SAVINGS_BOX_RUNNING",
    activity: "A1",
    beneficiaryKinds: ["SAVINGS_GROUP"],
    name: {
      vi: "Hòm giữ tiết kiệm và chi phí sinh hoạt trong 3 tháng đầu tiên của tổ tiết kiệm vốn vay thôn bản",
      en: "Savings box and running costs of a savings group in its first 3 months",
    },
    cap: 500_000,
    unit: { vi: "tháng/tổ", en: "month per group" },
    period: { kind: "per_month", maxMonths: 3 },
    kind: "actual_cost",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 37 khoản 2 điểm b",
      articleEn: "Art. 37.2(b)",
      quoteVi:
        "Chi hỗ trợ hòm giữ tiết kiệm và chi phí sinh hoạt trong 3 tháng đầu tiên: tối đa 500.000 đồng/tháng/tổ.",
    },
  },
  // Catalogue entries: other Project 8 content of the same circular, not claimable by an A1..A4
  // proposal. NORMS.md gives their figures but not their full wording; see the notes.
  {
    code: "P8.COMMUNICATION_MODEL",
    activity: null,
    beneficiaryKinds: [],
    name: {
      vi: "Mô hình truyền thông tại cộng đồng",
      en: "Community communication model",
    },
    cap: 3_000_000,
    unit: { vi: "mô hình", en: "model" },
    period: { kind: "one_off" },
    kind: "lump_sum",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 36 khoản 1",
      articleEn: "Art. 36.1",
      quoteVi: "trọn gói",
      note: "NORMS.md gives the figure (3,000,000 đ per model) and the word 'trọn gói' only; compare the full wording with the official gazette.",
    },
  },
  {
    code: "P8.LEADERS_OF_CHANGE_CLUB",
    activity: null,
    beneficiaryKinds: [],
    name: {
      vi: "Câu lạc bộ Thủ lĩnh của sự thay đổi",
      en: "Leaders of Change club",
    },
    cap: 3_000_000,
    unit: { vi: "câu lạc bộ", en: "club" },
    period: { kind: "one_off" },
    kind: "lump_sum_up_to",
    coFinancing: "not_specified",
    citation: {
      ...TT55,
      article: "Điều 38 khoản 3",
      articleEn: "Art. 38.3",
      quoteVi: "trọn gói",
      note: "NORMS.md gives 'lump sum up to 3,000,000 đ per club' in English only; the period (read here as one-off) and the wording must be checked against the official gazette.",
    },
  },
];

export { TT60_2026_TRANSITION } from "./transition.ts";

/**
 * When Circular 55/2023/TT-BTC took effect. NORMS.md and the handbook (the material here) give
 * only its signing date, 15/08/2023; the effective date 29/09/2023 is what issue 15 reports
 * (the circular's closing article, "Điều khoản thi hành", is where it is stated). It could not be
 * confirmed from the texts available to us: compare with the official gazette before relying on
 * a decision dated between 15/08/2023 and 29/09/2023.
 */
const TT55_EFFECTIVE_ON = "2023-09-29";

/**
 * The end of 55/2023's spending period for 2021-2025 tasks: Art. 21.1 of Circular 60/2026/TT-BTC
 * keeps tasks of the 2021-2025 programmes extended to 31/12/2026 under 55/2023, and no longer.
 */
const TT60_ART_21_1: Citation = {
  document: "Thông tư 60/2026/TT-BTC",
  documentEn: "Circular 60/2026/TT-BTC",
  article: "Điều 21 khoản 1",
  articleEn: "Art. 21.1",
  quoteVi:
    "nhiệm vụ của các chương trình mục tiêu quốc gia giai đoạn 2021-2025 được kéo dài thực hiện đến hết ngày 31/12/2026 tiếp tục áp dụng Thông tư 55/2023/TT-BTC",
  note: "NORMS.md gives this transition rule in English only; the Vietnamese wording here is a reading of it, not the gazette's text: compare before quoting.",
};

/**
 * National set of Circular 55/2023/TT-BTC for the 2021-2025 programme. In force from the
 * circular's effective date (not its signing date, see TT55_EFFECTIVE_ON) until 31/12/2026:
 * Art. 21.1 of Circular 60/2026/TT-BTC keeps 2021-2025 tasks extended to that day under 55/2023,
 * which is also the last day money may be paid under it.
 */
export const TT55_2023: NormSet = {
  id: "TT55-2023",
  version: 1,
  title: {
    vi: "Định mức hỗ trợ Dự án 8 theo Thông tư 55/2023/TT-BTC",
    en: "Project 8 support caps under Circular 55/2023/TT-BTC",
  },
  legalBasis: {
    ...TT55,
    issuedOn: "2023-08-15",
    effectiveOn: TT55_EFFECTIVE_ON,
    summaryVi:
      "Quy định quản lý, sử dụng và quyết toán kinh phí sự nghiệp từ nguồn ngân sách trung ương thực hiện các chương trình mục tiêu quốc gia giai đoạn 2021-2025; Điều 36-38: Dự án 8.",
    summaryEn:
      "Management, use and settlement of central-budget recurrent funds of the national target programmes 2021-2025; Articles 36-38: Project 8. Amended by Circulars 175/2024/TT-BTC and 112/2025/TT-BTC (amendments not read).",
  },
  scope: { kind: "national" },
  phase: "2021-2025",
  effectiveFrom: TT55_EFFECTIVE_ON,
  effectiveTo: "2026-12-31",
  spendingUntil: "2026-12-31",
  spendingRule: TT60_ART_21_1,
  items: TT55_ITEMS,
  publishedAt: "2023-09-29T00:00:00.000Z",
  publishedBy: "system",
};

/** Every set shipped with the code. Published sets are merged with these by the store. */
export const SHIPPED_NORM_SETS: readonly NormSet[] = [TT55_2023];

/** The ceiling a national cap may not exceed without citing a new legal text. */
export interface NationalCeiling {
  code: string;
  cap: number;
  /** For per-month items: the most months. */
  maxMonths?: number;
  citation: Citation;
  setId: string;
}

/**
 * The ceilings of the law as read into the code (Circular 55/2023, Articles 36-38), by item code.
 * Every published cap is checked against them: a province only narrows; a national set above
 * them must cite the new legal text (aboveCeiling.legalCitation) and the approver confirm it.
 */
export const NATIONAL_CEILINGS: ReadonlyMap<string, NationalCeiling> = new Map(
  TT55_2023.items.map((i) => [
    i.code,
    {
      code: i.code,
      cap: i.cap,
      ...(i.period.kind === "per_month" ? { maxMonths: i.period.maxMonths } : {}),
      citation: i.citation,
      setId: TT55_2023.id,
    },
  ]),
);
